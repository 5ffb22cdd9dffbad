"""The neighbour check of every taught object in one pass over one bank of teaching vectors.

:meth:`.teach_learned.TaughtModel.neighbour_share` asks, for a candidate, which share of its
nearest teaching vectors are the object's own; its bank is the object's positives, its
hardest negatives and the other objects' positives. With several objects those banks overlap
(each object's positives are in every bank), and reading them is what costs time per frame
(memory, not arithmetic: 2 candidates against ~2500 vectors of 3584 values is 35 MB), so only
the crop embedding's part of each vector is compared (:data:`LOOK`). The
:class:`SharedBank` stacks every object's positives and hardest negatives once and compares
all candidates with it in one product; each object's share is then read from its own columns
— the same answer as the per-object check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .geometry import FloatArray

if TYPE_CHECKING:
    from .teach_learned import TaughtModel


LOOK = 1280
"""The neighbours are compared on the crop embedding's part of the vectors (EfficientNet-Lite0,
the first 1280 values), re-made unit length: a third of the memory to read per frame, and on
the dev views of bench.vision_teach as good as the whole vector (recall at precision >= 0.95
over three teaching sets 0.51 / 0.48 / 0.61 vs 0.61 / 0.41 / 0.58; at 0.90: 0.63 / 0.59 / 0.63
vs 0.63 / 0.47 / 0.64)."""


def looks(vectors: FloatArray) -> FloatArray:
    """The part of ``vectors`` the neighbours are compared on, unit length, contiguous."""
    part = np.asarray(vectors, np.float32)[:, :LOOK]
    norms = np.linalg.norm(part, axis=1, keepdims=True)
    return np.ascontiguousarray(part / np.maximum(norms, 1e-9), dtype=np.float32)


class SharedBank:
    def __init__(self, models: Mapping[str, TaughtModel], hardest: int) -> None:
        parts: list[FloatArray] = []
        starts: dict[str, tuple[int, int]] = {}
        offset = 0
        for name, model in models.items():
            parts.append(model.positives)
            starts[name] = (offset, offset + len(model.positives))
            offset += len(model.positives)
        negatives: dict[str, tuple[int, int]] = {}
        for name, model in models.items():
            order = np.argsort(-model.probability(model.negatives))[:hardest]
            parts.append(model.negatives[np.sort(order)])
            negatives[name] = (offset, offset + len(order))
            offset += len(order)
        self.bank = looks(np.concatenate(parts))
        self.columns: dict[str, np.ndarray] = {}
        self.own: dict[str, int] = {}
        for name in models:
            own, neg = starts[name], negatives[name]
            others = [np.arange(*starts[o]) for o in models if o != name]
            self.columns[name] = np.concatenate([np.arange(*own), np.arange(*neg), *others])
            self.own[name] = own[1] - own[0]

    def similarity(self, vectors: FloatArray) -> FloatArray:
        """[len(vectors), bank] cosine similarities (unit vectors), in one pass."""
        return np.asarray(looks(vectors) @ self.bank.T, np.float32)

    def share(self, name: str, similarity: FloatArray, k: int) -> FloatArray:
        """For rows of :meth:`similarity`, the share of the ``k`` nearest of ``name``'s bank
        that are its own positives."""
        columns = self.columns[name]
        k = min(k, len(columns))
        if not len(similarity) or k == 0:
            return np.zeros(len(similarity), np.float32)
        mine = similarity[:, columns]
        nearest = np.argpartition(-mine, k - 1, axis=1)[:, :k]
        return np.asarray((nearest < self.own[name]).mean(axis=1), np.float32)
