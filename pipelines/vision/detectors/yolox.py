"""YOLOX (Megvii) ONNX exports, e.g. YOLOX-Nano: top-left letterbox, raw BGR 0-255 input.

Output (1, A, 5 + C) over grids of strides 8/16/32, x fastest: ``tx, ty, tw, th, obj, cls``
with obj/cls already sigmoided. ``cx = (tx + gx) * s``, ``w = exp(tw) * s``; score = obj * cls.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..geometry import (
    FloatArray,
    Image,
    IntArray,
    Letterbox,
    cxcywh_to_xyxy,
    letterbox,
    nms,
    unletterbox,
)
from .base import Detector, best_class

STRIDES = (8, 16, 32)


class YoloxDetector(Detector):
    family = "yolox"

    def on_prepared(self) -> None:
        _, _, height, width = self.input_shape
        self.size = (height if height > 0 else 416, width if width > 0 else 416)
        grids: list[FloatArray] = []
        strides: list[FloatArray] = []
        for stride in STRIDES:
            gh, gw = self.size[0] // stride, self.size[1] // stride
            ys, xs = np.meshgrid(np.arange(gh), np.arange(gw), indexing="ij")
            grids.append(np.stack((xs, ys), axis=-1).reshape(-1, 2).astype(np.float32))
            strides.append(np.full((gh * gw, 1), stride, dtype=np.float32))
        self._grid = np.concatenate(grids)
        self._stride = np.concatenate(strides)
        self._canvas = np.empty((*self.size, 3), dtype=np.uint8)

    def preprocess(self, image: Image) -> tuple[FloatArray, Letterbox]:
        canvas, placement = letterbox(image, self.size, out=self._canvas)
        tensor = canvas.transpose(2, 0, 1)[None].astype(np.float32)
        return tensor, placement

    def decode(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int]
    ) -> tuple[FloatArray, FloatArray, IntArray]:
        pred = np.asarray(outputs[0])[0]
        if pred.shape[0] != len(self._grid):
            raise ValueError(
                f"{self.name}: expected {len(self._grid)} anchors, the model gave {pred.shape[0]}"
            )
        candidates = np.flatnonzero(pred[:, 4] >= self.min_confidence)
        pred = pred[candidates]
        keep, scores, classes = best_class(pred[:, 5:], pred[:, 4], self.min_confidence)
        pred = pred[keep]
        rows = candidates[keep]
        centres = (pred[:, :2] + self._grid[rows]) * self._stride[rows]
        sizes = np.exp(pred[:, 2:4]) * self._stride[rows]
        boxes = cxcywh_to_xyxy(np.concatenate((centres, sizes), axis=1).astype(np.float32))
        return unletterbox(boxes, meta, shape), scores, classes

    def propose(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int], limit: int
    ) -> FloatArray:
        """The most object-like anchors of any class (objectness x best class), NMS at 0.5."""
        pred = np.asarray(outputs[0])[0]
        score = pred[:, 4] * pred[:, 5:].max(axis=1)
        rows = np.argsort(-score)[: max(limit * 20, 200)]
        centres = (pred[rows, :2] + self._grid[rows]) * self._stride[rows]
        sizes = np.exp(np.minimum(pred[rows, 2:4], 10.0)) * self._stride[rows]
        boxes = cxcywh_to_xyxy(np.concatenate((centres, sizes), axis=1).astype(np.float32))
        boxes = unletterbox(boxes, meta, shape)
        keep = nms(boxes, score[rows].astype(np.float32), 0.5)[:limit]
        return np.asarray(boxes[keep], dtype=np.float32)


DETECTOR = YoloxDetector
