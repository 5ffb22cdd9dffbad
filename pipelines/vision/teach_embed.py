"""Find taught objects by learned image features: proposals scored by embedding similarity.

Each taught photo gives a few reference vectors (the photo, its mirror image and a tighter
centre crop, embedded by :class:`.embedder.ImageEmbedder`). In a frame, candidate boxes
(*proposals*: the detector's boxes of any class, plus a fixed multi-scale grid of windows) are
embedded in one batch; the proposal most similar (cosine) to a name's references is that
object's candidate, accepted at :data:`MIN_SIMILARITY` or above. Unlike ORB keypoints this
needs no texture, so plain and shiny things (glasses, keys) can be found; it is combined with
the keypoint matcher in :class:`.teach.TaughtObjects` (a confident keypoint match wins).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .detectors.base import Detection

MIN_SIMILARITY = 0.80
"""Cosine similarity at which a proposal counts as the taught object (see docs/VISION.md)."""
GRID_SCALES = (0.3, 0.45, 0.65)
"""Window sides as a share of the frame's shorter side; windows overlap by half."""
MAX_PROPOSALS = 48

Box = tuple[float, float, float, float]


def grid_boxes(width: int, height: int, scales: Sequence[float] = GRID_SCALES) -> list[Box]:
    boxes: list[Box] = []
    for scale in scales:
        side = scale * min(width, height)
        step = side / 2
        ys = np.arange(0, max(height - side, 0) + 1, step)
        xs = np.arange(0, max(width - side, 0) + 1, step)
        boxes += [(float(x), float(y), float(x + side), float(y + side)) for y in ys for x in xs]
    return boxes


def reference_views(image: Any) -> list[Any]:
    """The taught photo, its mirror image and its centre at 80%."""
    h, w = image.shape[:2]
    dy, dx = int(h * 0.1), int(w * 0.1)
    return [image, np.ascontiguousarray(image[:, ::-1]), image[dy : h - dy, dx : w - dx]]


class EmbeddingFinder:
    def __init__(self, embedder: Any, min_similarity: float = MIN_SIMILARITY) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.bank: dict[str, np.ndarray] = {}

    def add(self, name: str, images: Sequence[Any]) -> None:
        views = [v for image in images for v in reference_views(image)]
        vectors = self.embedder.embed(views)
        old = self.bank.get(name)
        self.bank[name] = vectors if old is None else np.concatenate([old, vectors])

    def proposals(self, frame: Any, boxes: Sequence[Box] = ()) -> list[Box]:
        h, w = frame.shape[:2]
        found = [b for b in boxes if b[2] - b[0] >= 8 and b[3] - b[1] >= 8]
        return (found + grid_boxes(w, h))[:MAX_PROPOSALS]

    def scores(self, frame: Any, boxes: Sequence[Box]) -> np.ndarray:
        """[names, proposals] best cosine similarity of each proposal to each name."""
        crops = [frame[int(y1) : int(y2), int(x1) : int(x2)] for x1, y1, x2, y2 in boxes]
        vectors = self.embedder.embed(crops)
        return np.stack([(vectors @ refs.T).max(axis=1) for refs in self.bank.values()])

    def find(self, frame: Any, detections: Sequence[Detection] = ()) -> list[Detection]:
        if not self.bank:
            return []
        boxes = self.proposals(frame, [d.box for d in detections])
        table = self.scores(frame, boxes)
        out = []
        for name, row in zip(self.bank, table, strict=True):
            best = int(np.argmax(row))
            if row[best] >= self.min_similarity:
                out.append(Detection(name, float(row[best]), boxes[best]))
        return out
