"""A magnified second look at part of a frame: YOLOX run on a region at the resolution needed.

Small things (keys, glasses a few metres away) cover a few of the detector's cells at its
416-px input, so its proposals miss them or its features there are coarse. :class:`RegionRun`
runs the same graph as :class:`.detector_features.FeatureDetector` (with the head's feature
maps as outputs) on a region of the frame, scaled :data:`ZOOM` times more than the first
pass's letterbox scaled the whole frame. YOLOX is fully convolutional, so the graph is loaded
with a free input size (the verified model file is not changed) and the region is fed at
exactly the size it needs, padded to a multiple of 32: a region of :data:`SHARE` of the
frame's width and height costs about ``(SHARE * ZOOM)^2`` of a first-pass run whatever the
camera's resolution (0.5 and 2: a 416 x 312 input for a 4:3 frame, about 10 ms on one core).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .detector_features import FeatureDetector, normalise, pool
from .detectors.yolox import STRIDES
from .geometry import FloatArray, Image, Letterbox, cxcywh_to_xyxy, nms

ZOOM = 2.0
"""Magnification of the second look over the first pass's (bench.vision_teach_look, dev)."""
SHARE = 0.5
"""A region's side as a share of the frame's side."""
ALIGN = 32
"""The input's sides are padded to a multiple of the detector's largest stride."""
Region = tuple[int, int, int, int]
"""(x1, y1, x2, y2) in frame pixels."""


def first_pass_scale(shape: tuple[int, ...], size: tuple[int, int] = (416, 416)) -> float:
    """The letterbox scale the first pass ran the frame at."""
    return min(size[0] / shape[0], size[1] / shape[1])


def region_around(shape: tuple[int, ...], box: Any, share: float = SHARE) -> Region:
    """The ``share``-sized region of a frame of ``shape`` centred on ``box`` (moved inside)."""
    h, w = shape[:2]
    rw, rh = max(1, round(w * share)), max(1, round(h * share))
    cx, cy = (float(box[0]) + float(box[2])) / 2, (float(box[1]) + float(box[3])) / 2
    x1 = int(np.clip(round(cx - rw / 2), 0, w - rw))
    y1 = int(np.clip(round(cy - rh / 2), 0, h - rh))
    return x1, y1, x1 + rw, y1 + rh


def anchors(height: int, width: int) -> tuple[FloatArray, FloatArray]:
    """YOLOX's (grid cell x, y) and stride per output row for an input of that size."""
    grids, strides = [], []
    for stride in STRIDES:
        ys, xs = np.meshgrid(np.arange(height // stride), np.arange(width // stride), indexing="ij")
        grids.append(np.stack((xs, ys), axis=-1).reshape(-1, 2).astype(np.float32))
        strides.append(np.full((len(grids[-1]), 1), stride, dtype=np.float32))
    return np.concatenate(grids), np.concatenate(strides)


def proposals_from(pred: FloatArray, height: int, width: int, limit: int) -> FloatArray:
    """As :meth:`.detectors.yolox.YoloxDetector.propose`, in input pixels, for any input size."""
    grid, stride = anchors(height, width)
    score = pred[:, 4] * pred[:, 5:].max(axis=1)
    rows = np.argsort(-score)[: max(limit * 20, 200)]
    centres = (pred[rows, :2] + grid[rows]) * stride[rows]
    sizes = np.exp(np.minimum(pred[rows, 2:4], 10.0)) * stride[rows]
    boxes = cxcywh_to_xyxy(np.concatenate((centres, sizes), axis=1).astype(np.float32))
    boxes[:, [0, 2]] = np.clip(boxes[:, [0, 2]], 0, width)
    boxes[:, [1, 3]] = np.clip(boxes[:, [1, 3]], 0, height)
    keep = nms(boxes, score[rows].astype(np.float32), 0.5)[:limit]
    return np.asarray(boxes[keep], np.float32)


class RegionRun:
    """The detector with its feature maps, run on a region of a frame at a chosen scale."""

    def __init__(self, features: FeatureDetector, zoom: float = ZOOM) -> None:
        self.features = features
        self.zoom = zoom
        self._session: Any = None

    def _prepare(self) -> None:
        if self._session is None:
            self._session = self.features.session(free_size=True)

    def look(self, image: Image, region: Region, limit: int) -> tuple[FloatArray, FloatArray]:
        """Up to ``limit`` proposals inside ``region`` of ``image`` (frame pixels, most
        object-like first) and the detector's unit feature vectors there, from one run on the
        region magnified :attr:`zoom` times over the first pass."""
        # lazy: start-up speed (cv2 loads only when look() runs)
        import cv2

        self._prepare()
        x1, y1, x2, y2 = region
        part = image[y1:y2, x1:x2]
        if part.size == 0:
            return np.zeros((0, 4), np.float32), np.zeros((0, 0), np.float32)
        scale = first_pass_scale(image.shape) * self.zoom
        w, h = max(1, round(part.shape[1] * scale)), max(1, round(part.shape[0] * scale))
        height, width = -(-h // ALIGN) * ALIGN, -(-w // ALIGN) * ALIGN
        canvas = np.full((height, width, 3), 114, np.uint8)
        canvas[:h, :w] = cv2.resize(part, (w, h), interpolation=cv2.INTER_LINEAR)
        tensor = canvas.transpose(2, 0, 1)[None].astype(np.float32)
        outputs = self._session.run(None, {self.features.detector.input_name: tensor})
        boxes = proposals_from(np.asarray(outputs[0])[0], height, width, limit)
        boxes[:, [0, 2]] = np.minimum(boxes[:, [0, 2]], w)
        boxes[:, [1, 3]] = np.minimum(boxes[:, [1, 3]], h)
        levels = [np.asarray(m[0]) for m in outputs[1:]]
        maps = [np.concatenate(levels[i : i + 3]) for i in range(0, len(levels), 3)]
        vectors = normalise(pool(maps, Letterbox(1.0, 0.0, 0.0), boxes))
        offset = np.array([x1, y1, x1, y1], np.float32)
        return np.asarray(boxes / scale + offset, np.float32), vectors
