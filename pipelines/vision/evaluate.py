"""Detection quality on a hand-labelled photo set: mAP@0.5 (VOC-style, all-point AP).

The label file (``tests/data/vision/labels.json``) names photos below a root folder and lists
boxes per photo; only classes that have at least one labelled box are scored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .detectors.base import Detection
from .geometry import iou_matrix


@dataclass(frozen=True)
class LabelledImage:
    path: Path
    objects: tuple[tuple[str, tuple[float, float, float, float]], ...]


@dataclass(frozen=True)
class Score:
    map50: float
    per_class: dict[str, float]
    images: int
    objects: int


def load_labels(label_file: Path, shared: Path) -> list[LabelledImage]:
    data = json.loads(label_file.read_text(encoding="utf-8"))
    root = shared / data["root"]
    return [
        LabelledImage(
            root / item["file"],
            tuple((o["label"], tuple(float(v) for v in o["box"])) for o in item["objects"]),  # type: ignore[misc]
        )
        for item in data["images"]
    ]


def average_precision(recall: np.ndarray, precision: np.ndarray) -> float:
    """Area under the precision envelope (VOC 2010+ all-point interpolation)."""
    r = np.concatenate(([0.0], recall, [1.0]))
    p = np.concatenate(([0.0], precision, [0.0]))
    p = np.maximum.accumulate(p[::-1])[::-1]
    steps = np.flatnonzero(r[1:] != r[:-1])
    return float(np.sum((r[steps + 1] - r[steps]) * p[steps + 1]))


def mean_average_precision(
    truth: Sequence[LabelledImage],
    predictions: Sequence[Sequence[Detection]],
    iou_threshold: float = 0.5,
) -> Score:
    classes = sorted({label for image in truth for label, _ in image.objects})
    per_class: dict[str, float] = {}
    for cls in classes:
        scored: list[tuple[float, int, np.ndarray]] = []
        gt_boxes: list[np.ndarray] = []
        total = 0
        for index, (image, preds) in enumerate(zip(truth, predictions, strict=True)):
            boxes = np.array([b for lbl, b in image.objects if lbl == cls], np.float32).reshape(
                -1, 4
            )
            gt_boxes.append(boxes)
            total += len(boxes)
            scored += [
                (d.confidence, index, np.array(d.box, np.float32)) for d in preds if d.label == cls
            ]
        scored.sort(key=lambda item: -item[0])
        used = [np.zeros(len(b), dtype=bool) for b in gt_boxes]
        hits = np.zeros(len(scored))
        for k, (_, index, box) in enumerate(scored):
            boxes = gt_boxes[index]
            if not len(boxes):
                continue
            ious = iou_matrix(box[None], boxes)[0]
            best = int(np.argmax(ious))
            if ious[best] >= iou_threshold and not used[index][best]:
                used[index][best] = True
                hits[k] = 1
        tp = np.cumsum(hits)
        fp = np.cumsum(1 - hits)
        recall = tp / max(total, 1)
        precision = tp / np.maximum(tp + fp, 1e-9)
        per_class[cls] = average_precision(recall, precision) if len(scored) else 0.0
    objects = sum(len(image.objects) for image in truth)
    value = float(np.mean(list(per_class.values()))) if per_class else 0.0
    return Score(value, per_class, len(truth), objects)


def evaluate(detect: Callable[[Any], list[Detection]], truth: Sequence[LabelledImage]) -> Score:
    # lazy: start-up speed (cv2 loads only when evaluate() runs)
    import cv2

    predictions = [detect(cv2.imread(str(image.path), cv2.IMREAD_COLOR)) for image in truth]
    return mean_average_precision(truth, predictions)
