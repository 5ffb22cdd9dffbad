"""Bring-your-own YOLOv5 / YOLOv8-style ONNX exports (e.g. an Open Images model).

Centred letterbox (fill 114), RGB / 255. YOLOv5 output (1, N, 5 + C): cx, cy, w, h, obj, cls;
YOLOv8 output (1, 4 + C, N): cx, cy, w, h, cls (no objectness). Boxes are in input pixels.
The layout is recognised from the output shape and the number of labels, or set with
``format = "yolov5"`` / ``"yolov8"`` in the model's ``detector.toml``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.errors import ModelError
from ..geometry import (
    FloatArray,
    Image,
    IntArray,
    Letterbox,
    cxcywh_to_xyxy,
    letterbox,
    unletterbox,
)
from .base import Detector, best_class


class UltralyticsDetector(Detector):
    family = "yolo"

    def on_prepared(self) -> None:
        _, _, height, width = self.input_shape
        default = int(self.spec.options.get("input_size", 640))
        self.size = (height if height > 0 else default, width if width > 0 else default)
        self._canvas = np.empty((*self.size, 3), dtype=np.uint8)

    def preprocess(self, image: Image) -> tuple[FloatArray, Letterbox]:
        canvas, placement = letterbox(image, self.size, center=True, out=self._canvas)
        tensor = canvas[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32)
        tensor *= np.float32(1 / 255)
        return tensor, placement

    def layout(self, pred: FloatArray) -> tuple[str, FloatArray]:
        """Return ("yolov5" | "yolov8", rows of shape (N, 4/5 + C))."""
        classes = len(self.labels)
        fmt = str(self.spec.options.get("format", "")).lower()
        rows = pred if pred.shape[1] in (classes + 4, classes + 5) else pred.T
        if pred.shape[0] in (classes + 4, classes + 5) and pred.shape[1] > pred.shape[0]:
            rows = pred.T
        if fmt in ("yolov5", "yolov8"):
            return fmt, rows
        if rows.shape[1] == classes + 5:
            return "yolov5", rows
        if rows.shape[1] == classes + 4:
            return "yolov8", rows
        raise ModelError(
            f"{self.name}: the model's output {tuple(pred.shape)} fits neither YOLOv5 "
            f"(N x {classes + 5}) nor YOLOv8 ({classes + 4} x N) for {classes} labels. "
            "Check that the labels file matches the model."
        )

    def decode(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int]
    ) -> tuple[FloatArray, FloatArray, IntArray]:
        pred = np.asarray(outputs[0], dtype=np.float32)[0]
        fmt, rows = self.layout(pred)
        if fmt == "yolov5":
            rows = rows[rows[:, 4] >= self.min_confidence]
            keep, scores, classes = best_class(rows[:, 5:], rows[:, 4], self.min_confidence)
        else:
            keep, scores, classes = best_class(rows[:, 4:], None, self.min_confidence)
        boxes = cxcywh_to_xyxy(np.ascontiguousarray(rows[keep, :4]))
        return unletterbox(boxes, meta, shape), scores, classes


DETECTOR = UltralyticsDetector
