"""Int8 mAP@0.5 by 2-fold cross-calibration, for bench/vision.py (and its earlier defaults).

The labelled photos are split in two alternating halves; each half is scored by an int8 model
calibrated on the *other* half plus the unlabelled photos (bench/vision_photos.py), so no photo
calibrates the model that scores it, and the two halves' predictions are pooled into one mAP.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from bench.vision_photos import augmented


def folds(count: int) -> tuple[list[int], list[int]]:
    """Two halves of the labelled photos, alternating in label-file order (fixed, not tuned)."""
    return list(range(0, count, 2)), list(range(1, count, 2))


class CrossCalibrated(NamedTuple):
    score: Any
    models: list[Path]
    """The two int8 models, fold 0 first."""
    seconds: float
    """Mean quantisation time per fold."""
    predictions: list[Any]
    """Per labelled photo, the detections of the int8 model that did not calibrate on it."""


def cross_calibrated_int8(
    spec: Any, truth: list[Any], images: list[Any], unlabelled: list[Any], out_dir: Path,
    tag: str, **options: Any,
) -> CrossCalibrated:  # fmt: skip
    """Pooled int8 mAP@0.5 where each half is scored by a model calibrated on the other half."""
    from dataclasses import replace

    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.evaluate import mean_average_precision
    from pipelines.vision.quantize import quantize_detector

    predictions: list[Any] = [None] * len(truth)
    models: list[Path] = []
    seconds: list[float] = []
    halves = folds(len(truth))
    for k, scored in enumerate(halves):
        calibrating = halves[1 - k]
        frames = unlabelled + [f for i in calibrating for f in augmented(images[i])]
        out = out_dir / f"{spec.name}-{tag}-fold{k}.int8.onnx"
        t0 = time.perf_counter()
        quantize_detector(build_detector(spec), frames, out, **options)
        seconds.append(time.perf_counter() - t0)
        models.append(out)
        int8 = build_detector(replace(spec, model_path=out, quantized=True), min_confidence=0.05)
        for i in scored:
            predictions[i] = int8.detect(images[i])
        int8.close()
    assert all(p is not None for p in predictions)
    score = mean_average_precision(truth, predictions)
    return CrossCalibrated(score, models, statistics.mean(seconds), predictions)


def paired_bootstrap(
    truth: Sequence[Any], first: Sequence[Any], second: Sequence[Any], resamples: int = 2000,
    seed: int = 0, clusters: Sequence[Hashable] | None = None,
) -> tuple[float, float, float]:  # fmt: skip
    """Median and 95% interval of mAP(second) - mAP(first) in points, resampling photos.

    Both models' predictions stay fixed; only which photos (with replacement) make up the set
    changes, so the interval says how much the difference depends on the few photos we have.
    ``clusters`` (one key per entry, e.g. the photo an augmented view comes from) resamples
    whole clusters instead: all entries of a drawn cluster come together. Without it every
    entry is its own cluster (the same draws as distinct keys in entry order)."""
    from pipelines.vision.evaluate import mean_average_precision

    members: dict[Hashable, list[int]] = {}
    for i, key in enumerate(range(len(truth)) if clusters is None else clusters):
        members.setdefault(key, []).append(i)
    if sum(len(m) for m in members.values()) != len(truth):
        raise ValueError("clusters must name one cluster per entry")
    groups = list(members.values())
    rng = random.Random(seed)
    diffs: list[float] = []
    for _ in range(resamples):
        pick = [i for _ in groups for i in groups[rng.randrange(len(groups))]]
        sample = [truth[i] for i in pick]
        a = mean_average_precision(sample, [first[i] for i in pick]).map50
        b = mean_average_precision(sample, [second[i] for i in pick]).map50
        diffs.append(100 * (b - a))
    diffs.sort()
    return (
        statistics.median(diffs),
        diffs[int(0.025 * len(diffs))],
        diffs[min(len(diffs) - 1, int(0.975 * len(diffs)))],
    )


PREVIOUS_DEFAULTS = {  # label: quantize_detector options of earlier `homebody vision quantize`
    "before mixed precision (stem 3 float, no sensitive convolution)": {
        "float_stem": 3, "float_sensitive": 0, "method": "percentile", "percentile": 99.99,
    },
    "2026-12-02 (stem 3 float, top-2 sensitive float)": {
        "float_stem": 3, "float_sensitive": 2, "method": "percentile", "percentile": 99.99,
    },
}  # fmt: skip


def previous_defaults(
    manager: Any, truth: list[Any], images: list[Any], unlabelled: list[Any], tmp: Path
) -> list[str]:
    """YOLOX-Nano int8 mAP@0.5 with earlier defaults, same cross-calibration (reference only)."""
    from pipelines.vision.catalog import resolve

    spec = resolve(manager, "yolox-nano")
    scores = []
    for k, (label, options) in enumerate(PREVIOUS_DEFAULTS.items()):
        result = cross_calibrated_int8(
            spec, truth, images, unlabelled, tmp, f"previous{k}", **options
        )
        scores.append(f"{label}: {100 * result.score.map50:.1f}")
    return scores
