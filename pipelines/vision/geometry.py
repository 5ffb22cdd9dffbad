"""Vectorised image and box maths shared by every detector: letterbox, IoU, NMS, polygons.

Boxes are ``float32`` arrays of shape (N, 4) holding ``x1, y1, x2, y2`` in pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Letterbox:
    """How an image was placed on the model's square canvas (to map boxes back)."""

    scale: float
    pad_x: float
    pad_y: float


def letterbox(
    image: Image,
    size: tuple[int, int],
    *,
    fill: int = 114,
    center: bool = False,
    out: Image | None = None,
) -> tuple[Image, Letterbox]:
    """Resize ``image`` keeping its aspect ratio and paste it on a ``size`` (h, w) canvas.

    YOLOX pastes top-left; Ultralytics exports expect the image centred. ``out`` lets a
    detector reuse one canvas between frames.
    """
    # lazy: start-up speed (cv2 loads only when letterbox() runs)
    import cv2

    height, width = size
    h, w = image.shape[:2]
    scale = min(height / h, width / w)
    new_w, new_h = max(1, round(w * scale)), max(1, round(h * scale))
    resized = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
    canvas = out if out is not None and out.shape == (height, width, 3) else None
    if canvas is None:
        canvas = np.empty((height, width, 3), dtype=np.uint8)
    canvas.fill(fill)
    pad_x = (width - new_w) // 2 if center else 0
    pad_y = (height - new_h) // 2 if center else 0
    canvas[pad_y : pad_y + new_h, pad_x : pad_x + new_w] = resized
    return canvas, Letterbox(scale, float(pad_x), float(pad_y))


def unletterbox(boxes: FloatArray, placement: Letterbox, shape: tuple[int, int]) -> FloatArray:
    """Map canvas boxes back to the original image of ``shape`` (h, w), clipped to it."""
    out = boxes.copy()
    out[:, [0, 2]] = (out[:, [0, 2]] - placement.pad_x) / placement.scale
    out[:, [1, 3]] = (out[:, [1, 3]] - placement.pad_y) / placement.scale
    return clip_boxes(out, shape)


def clip_boxes(boxes: FloatArray, shape: tuple[int, int]) -> FloatArray:
    h, w = shape
    boxes[:, [0, 2]] = np.clip(boxes[:, [0, 2]], 0, w)
    boxes[:, [1, 3]] = np.clip(boxes[:, [1, 3]], 0, h)
    return boxes


def cxcywh_to_xyxy(boxes: FloatArray) -> FloatArray:
    out = np.empty_like(boxes)
    half_w = boxes[:, 2] / 2
    half_h = boxes[:, 3] / 2
    out[:, 0] = boxes[:, 0] - half_w
    out[:, 1] = boxes[:, 1] - half_h
    out[:, 2] = boxes[:, 0] + half_w
    out[:, 3] = boxes[:, 1] + half_h
    return out


def box_area(boxes: FloatArray) -> FloatArray:
    area: FloatArray = np.clip(boxes[:, 2] - boxes[:, 0], 0, None) * np.clip(
        boxes[:, 3] - boxes[:, 1], 0, None
    )
    return area


def iou_matrix(a: FloatArray, b: FloatArray) -> FloatArray:
    """Pairwise IoU, shape (len(a), len(b))."""
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(bottom_right - top_left, 0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = box_area(a)[:, None] + box_area(b)[None, :] - inter
    result: FloatArray = np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0).astype(
        np.float32
    )
    return result


def nms(boxes: FloatArray, scores: FloatArray, iou_threshold: float) -> IntArray:
    """Greedy non-maximum suppression; returns kept indices, best score first.

    Each step compares the best remaining box with all others at once (vectorised).
    """
    if len(boxes) == 0:
        return np.empty(0, dtype=np.int64)
    order = np.argsort(-scores, kind="stable")
    areas = box_area(boxes)
    keep: list[int] = []
    while order.size:
        best = int(order[0])
        keep.append(best)
        rest = order[1:]
        if not rest.size:
            break
        xx1 = np.maximum(boxes[best, 0], boxes[rest, 0])
        yy1 = np.maximum(boxes[best, 1], boxes[rest, 1])
        xx2 = np.minimum(boxes[best, 2], boxes[rest, 2])
        yy2 = np.minimum(boxes[best, 3], boxes[rest, 3])
        inter = np.clip(xx2 - xx1, 0, None) * np.clip(yy2 - yy1, 0, None)
        iou = inter / np.maximum(areas[best] + areas[rest] - inter, 1e-9)
        order = rest[iou <= iou_threshold]
    return np.asarray(keep, dtype=np.int64)


def batched_nms(
    boxes: FloatArray, scores: FloatArray, classes: IntArray, iou_threshold: float
) -> IntArray:
    """Per-class NMS in one pass: boxes of different classes are shifted apart."""
    if len(boxes) == 0:
        return np.empty(0, dtype=np.int64)
    offset = float(boxes.max()) + 1.0
    shifted = boxes + (classes.astype(np.float32) * offset)[:, None]
    return nms(shifted, scores, iou_threshold)


def point_in_polygon(x: float, y: float, polygon: Sequence[Sequence[float]]) -> bool:
    """Ray casting; ``polygon`` is a list of [x, y] points (any closed shape, >= 3 points)."""
    inside = False
    n = len(polygon)
    if n < 3:
        return False
    j = n - 1
    for i in range(n):
        xi, yi = polygon[i][0], polygon[i][1]
        xj, yj = polygon[j][0], polygon[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / ((yj - yi) or 1e-12) + xi:
            inside = not inside
        j = i
    return inside
