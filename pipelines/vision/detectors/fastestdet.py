"""FastestDet (dog-qiuqiu) ONNX: plain resize to 352x352, BGR / 255.

Output (1, 5 + C, G, G): obj (sigmoided), tx, ty, tw, th, C softmaxed class scores.
score = obj^0.6 * max(cls)^0.4; ``cx = (gx + tanh(tx)) / G``, ``w = sigmoid(tw)``, relative
to the original image.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..geometry import FloatArray, Image, IntArray, clip_boxes, cxcywh_to_xyxy
from .base import Detector


class FastestDetDetector(Detector):
    family = "fastestdet"

    def on_prepared(self) -> None:
        _, _, height, width = self.input_shape
        self.size = (height if height > 0 else 352, width if width > 0 else 352)

    def preprocess(self, image: Image) -> tuple[FloatArray, None]:
        # lazy: start-up speed (cv2 loads only when preprocess() runs)
        import cv2

        resized = cv2.resize(image, (self.size[1], self.size[0]), interpolation=cv2.INTER_LINEAR)
        tensor = resized.transpose(2, 0, 1)[None].astype(np.float32)
        tensor *= np.float32(1 / 255)
        return tensor, None

    def decode(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int]
    ) -> tuple[FloatArray, FloatArray, IntArray]:
        pred = np.asarray(outputs[0])[0]  # (5 + C, G, G)
        channels, gh, gw = pred.shape
        flat = pred.reshape(channels, -1).T  # (G*G, 5 + C), x fastest
        cls = flat[:, 5:]
        classes = np.argmax(cls, axis=1)
        cls_best = cls[np.arange(len(classes)), classes]
        obj = np.clip(flat[:, 0], 0, None)
        scores = (obj**0.6) * (np.clip(cls_best, 0, None) ** 0.4)
        keep = np.flatnonzero(scores >= self.min_confidence)
        flat = flat[keep]
        gy, gx = np.divmod(keep, gw)
        h, w = shape
        cx = (gx + np.tanh(flat[:, 1])) / gw * w
        cy = (gy + np.tanh(flat[:, 2])) / gh * h
        bw = 1 / (1 + np.exp(-flat[:, 3])) * w
        bh = 1 / (1 + np.exp(-flat[:, 4])) * h
        boxes = cxcywh_to_xyxy(np.stack((cx, cy, bw, bh), axis=1).astype(np.float32))
        return (
            clip_boxes(boxes, shape),
            scores[keep].astype(np.float32),
            classes[keep].astype(np.int64),
        )


DETECTOR = FastestDetDetector
