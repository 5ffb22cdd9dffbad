"""The label-free judge of int8 configurations: agreement with fp32 and its bootstrap noise.

Agreement is mAP@0.5 of a model's detections against the fp32 model's own detections on the
same frames (pseudo-labels at fp32 scores >= each of PSEUDO_THRESHOLDS, averaged). It is
computed from per-frame matches with a weight per frame, so that resampling photos with
replacement (bootstrap) is one weighted sum, not a new matching: a detection's match depends
only on its own frame. With all weights 1 it is exactly
:func:`pipelines.vision.evaluate.mean_average_precision` against the pseudo-labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

PSEUDO_THRESHOLDS = (0.35, 0.2, 0.1)
ROUNDS = 200
"""Bootstrap resamples of the judging photos."""


@dataclass(frozen=True)
class Matched:
    """Detections on a list of frames matched to pseudo-labels, highest confidence first."""

    frame: np.ndarray  # (D,) frame of each detection
    label: np.ndarray  # (D,) class index
    hit: np.ndarray  # (D,) 1.0 where it matched a pseudo-label box not matched before
    truth: np.ndarray  # (F, C) pseudo-labels per frame and class


def match(
    detections: Sequence[Sequence[Any]], reference: Sequence[Sequence[Any]], threshold: float
) -> Matched:
    """Match each frame's detections to ``reference``'s boxes scored >= ``threshold`` (IoU 0.5)."""
    from pipelines.vision.geometry import iou_matrix

    classes = sorted({d.label for ref in reference for d in ref if d.confidence >= threshold})
    index = {name: k for k, name in enumerate(classes)}
    truth = np.zeros((len(reference), len(classes)))
    rows: list[tuple[float, int, int, float]] = []  # confidence, frame, class, hit
    for f, (dets, ref) in enumerate(zip(detections, reference, strict=True)):
        boxes: dict[str, list[Any]] = {}
        for d in ref:
            if d.confidence >= threshold:
                boxes.setdefault(d.label, []).append(d.box)
                truth[f, index[d.label]] += 1
        used = {name: np.zeros(len(b), bool) for name, b in boxes.items()}
        found = [d for d in dets if d.label in index]
        for d in sorted(found, key=lambda d: -d.confidence):
            hit = 0.0
            if d.label in boxes:
                ious = iou_matrix(
                    np.array([d.box], np.float32), np.array(boxes[d.label], np.float32)
                )[0]
                best = int(np.argmax(ious))
                if ious[best] >= 0.5 and not used[d.label][best]:
                    used[d.label][best], hit = True, 1.0
            rows.append((d.confidence, f, index[d.label], hit))
    # the global order of mean_average_precision: confidence, then frame (sort is stable)
    rows.sort(key=lambda r: (-r[0], r[1]))
    table = np.array(rows, np.float64).reshape(-1, 4)
    return Matched(table[:, 1].astype(int), table[:, 2].astype(int), table[:, 3], truth)


def weighted_map(matched: Matched, weights: np.ndarray) -> float:
    """mAP@0.5 with frame ``f`` counted ``weights[f]`` times (classes with pseudo-labels only)."""
    from pipelines.vision.evaluate import average_precision

    counts = weights @ matched.truth
    per_detection = weights[matched.frame]
    values = []
    for c in np.flatnonzero(counts > 0):
        keep = (matched.label == c) & (per_detection > 0)
        w, hit = per_detection[keep], matched.hit[keep]
        if not len(w):
            values.append(0.0)
            continue
        tp, fp = np.cumsum(w * hit), np.cumsum(w * (1 - hit))
        values.append(average_precision(tp / counts[c], tp / np.maximum(tp + fp, 1e-9)))
    return float(np.mean(values)) if values else 0.0


def judge(detections: Sequence[Sequence[Any]], reference: Sequence[Sequence[Any]]) -> list[Matched]:
    """The matches at each of PSEUDO_THRESHOLDS."""
    return [match(detections, reference, t) for t in PSEUDO_THRESHOLDS]


def agreement(judged: Sequence[Matched], weights: np.ndarray | None = None) -> float:
    """Mean over the pseudo-label thresholds of the (weighted) mAP against fp32's boxes."""
    if weights is None:
        weights = np.ones(judged[0].truth.shape[0])
    return float(np.mean([weighted_map(m, weights) for m in judged]))


def resample_weights(photo_of_frame: Sequence[int], rounds: int = ROUNDS, seed: int = 0) -> Any:
    """(rounds, frames) weights: photos drawn with replacement, each photo's frames together."""
    groups = np.asarray(photo_of_frame)
    photos = int(groups.max()) + 1
    draws = np.random.default_rng(seed).integers(0, photos, (rounds, photos))
    counts = np.stack([np.bincount(d, minlength=photos) for d in draws])
    return counts[:, groups].astype(np.float64)


@dataclass(frozen=True)
class Score:
    """One configuration's label-free score, its bootstrap replicates and output error."""

    agreement: float
    replicates: np.ndarray  # (rounds,) the agreement on each bootstrap resample
    error: float


def tie_window(best: Score, other: Score) -> float:
    """One bootstrap standard error of the agreement difference between ``best`` and ``other``."""
    return float(np.std(best.replicates - other.replicates, ddof=1))


def choose(scores: dict[Any, Score], cost: Any) -> Any:
    """The one-standard-error rule: among the configurations whose agreement is within one
    (paired, bootstrap) standard error of the best, the one with the lowest ``cost(config)``
    (float convolutions), then the lowest output error."""
    top = max(scores, key=lambda c: scores[c].agreement)
    best = scores[top]
    tied = [
        c for c, s in scores.items() if best.agreement - s.agreement <= tie_window(best, s)
    ]  # fmt: skip
    return min(tied, key=lambda c: (cost(c), scores[c].error))
