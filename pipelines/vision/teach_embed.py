"""Find taught objects by learned image features (EfficientNet-Lite0), one network pass a frame.

The frame is resized to :data:`FRAME_SIZE` and run once through EfficientNet-Lite0 up to its
head (:mod:`.efficientnet_onnx`, ``features``: 1280 channels on a grid of 32-pixel cells).
Every window of 1x1 to :data:`MAX_CELLS` cells is a proposal; its vector is the mean of the
cells inside (an integral image makes all of them cheap), unit-normalised. A taught photo is
treated the same way: the object is found in it as the region that differs from the photo's
border colour (close-ups on a plain background, as ``homebody vision teach`` asks for), and
its window's vector, plus the mirror photo's, become the references. A proposal's score is
its best cosine similarity to a name's references; the best proposal is that object's
candidate, accepted at :data:`MIN_SIMILARITY`. No texture is needed, so plain and shiny things
can be found.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .detectors.base import Detection

FRAME_SIZE = (320, 256)
"""(width, height) the frame is resized to: a 10 x 8 grid of cells."""
CELL = 32
MAX_CELLS = 4
MIN_SIMILARITY = 0.75
"""Cosine similarity at which the best window counts as the taught object (bench.vision_teach
chooses it per object kind on the *other* kinds' scenes and reports the spread)."""

Box = tuple[float, float, float, float]


def object_box(image: Any) -> Box:
    """Where the object is in a close-up on a plain background: pixels unlike the border."""
    import cv2

    small = cv2.GaussianBlur(image, (5, 5), 0).astype(np.float32)
    border = np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]])
    diff = np.linalg.norm(small - np.median(border, axis=0), axis=2)
    mask = (diff > max(25.0, float(np.percentile(diff, 60)))).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    ys, xs = np.nonzero(mask)
    h, w = image.shape[:2]
    if len(xs) < 0.002 * h * w:
        return (w * 0.15, h * 0.15, w * 0.85, h * 0.85)
    x1, x2 = np.percentile(xs, [1, 99])
    y1, y2 = np.percentile(ys, [1, 99])
    return (float(x1), float(y1), float(x2), float(y2))


class FeatureGrid:
    """EfficientNet-Lite0 head features of a whole frame, pooled over windows of cells."""

    def __init__(self, models_dir: Path, threads: int = 1) -> None:
        import onnxruntime as ort

        from .embedder import ensure_onnx

        width, height = FRAME_SIZE
        self.path = ensure_onnx(models_dir, height=height, width=width)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(self.path), options, providers=["CPUExecutionProvider"]
        )

    def features(self, image: Any) -> np.ndarray:
        """[rows, cols, 1280] for a BGR image (resized to FRAME_SIZE)."""
        import cv2

        x = cv2.resize(image, FRAME_SIZE, interpolation=cv2.INTER_AREA)[:, :, ::-1]
        batch = x.astype(np.float32).transpose(2, 0, 1)[None]
        out = self.session.run(["features"], {"image": batch})[0][0]
        return np.asarray(out.transpose(1, 2, 0), dtype=np.float32)


def windows(rows: int, cols: int, max_cells: int = MAX_CELLS) -> np.ndarray:
    """Every window of 1..max_cells cells a side: [K, 4] (r1, c1, r2, c2), ends exclusive."""
    out = [
        (r, c, r + h, c + w)
        for h in range(1, max_cells + 1)
        for w in range(1, max_cells + 1)
        for r in range(rows - h + 1)
        for c in range(cols - w + 1)
    ]
    return np.array(out, dtype=np.int64)


def pooled(grid: np.ndarray, wins: np.ndarray) -> np.ndarray:
    """Unit mean vectors of ``grid`` over each window (integral image)."""
    rows, cols, depth = grid.shape
    integral = np.zeros((rows + 1, cols + 1, depth), np.float32)
    integral[1:, 1:] = grid.cumsum(0).cumsum(1)
    r1, c1, r2, c2 = wins.T
    sums = integral[r2, c2] - integral[r1, c2] - integral[r2, c1] + integral[r1, c1]
    sums /= ((r2 - r1) * (c2 - c1))[:, None]
    return np.asarray(sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9))


def box_window(box: Box, shape: tuple[int, ...], rows: int, cols: int) -> np.ndarray:
    """The cell window covering ``box`` (pixels of an image of ``shape``)."""
    h, w = shape[:2]
    sx, sy = cols / w, rows / h
    r1, c1 = int(np.floor(box[1] * sy)), int(np.floor(box[0] * sx))
    r2, c2 = int(np.ceil(box[3] * sy)), int(np.ceil(box[2] * sx))
    return np.array(
        [[max(0, r1), max(0, c1), min(rows, max(r2, r1 + 1)), min(cols, max(c2, c1 + 1))]]
    )


class EmbeddingFinder:
    def __init__(self, grid: FeatureGrid, min_similarity: float = MIN_SIMILARITY) -> None:
        self.grid = grid
        self.min_similarity = min_similarity
        self.bank: dict[str, np.ndarray] = {}

    def add(self, name: str, images: Sequence[Any]) -> None:
        vectors = []
        for image in images:
            for view in (image, np.ascontiguousarray(image[:, ::-1])):
                feats = self.grid.features(view)
                win = box_window(object_box(view), view.shape, *feats.shape[:2])
                vectors.append(pooled(feats, win)[0])
        old = self.bank.get(name)
        new = np.stack(vectors)
        self.bank[name] = new if old is None else np.concatenate([old, new])

    def scores(self, frame: Any) -> tuple[np.ndarray, list[Box]]:
        """[names, windows] best similarity, and each window's box in frame pixels."""
        feats = self.grid.features(frame)
        rows, cols = feats.shape[:2]
        wins = windows(rows, cols)
        vectors = pooled(feats, wins)
        table = np.stack([(vectors @ refs.T).max(axis=1) for refs in self.bank.values()])
        h, w = frame.shape[:2]
        sy, sx = h / rows, w / cols
        boxes = [(c1 * sx, r1 * sy, c2 * sx, r2 * sy) for r1, c1, r2, c2 in wins.tolist()]
        return table, boxes

    def find(self, frame: Any) -> list[Detection]:
        if not self.bank:
            return []
        table, boxes = self.scores(frame)
        out = []
        for name, row in zip(self.bank, table, strict=True):
            best = int(np.argmax(row))
            if row[best] >= self.min_similarity:
                out.append(Detection(name, float(row[best]), boxes[best]))
        return out
