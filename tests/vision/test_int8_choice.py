"""The label-free rule that picks the int8 configuration (bench/vision_int8.py, vision_judge.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.vision_int8 import METHODS, Config, family_name, selection_frames
from bench.vision_judge import (
    PSEUDO_THRESHOLDS,
    Score,
    agreement,
    choose,
    judge,
    match,
    resample_weights,
    weighted_map,
)
from pipelines.vision.detectors.base import Detection
from pipelines.vision.evaluate import LabelledImage, mean_average_precision

LABELS = ("cup", "dog", "tv")


def _random_frames(rng: np.random.Generator, count: int) -> list[list[Detection]]:
    frames = []
    for _ in range(count):
        dets = []
        for _ in range(int(rng.integers(0, 6))):
            x, y = rng.uniform(0, 80, 2)
            w, h = rng.uniform(5, 30, 2)
            dets.append(Detection(str(rng.choice(LABELS)), float(rng.uniform(0.05, 1.0)),
                                  (float(x), float(y), float(x + w), float(y + h))))  # fmt: skip
        frames.append(dets)
    return frames


def _jitter(rng: np.random.Generator, frames: list[list[Detection]]) -> list[list[Detection]]:
    out = []
    for dets in frames:
        kept = [d for d in dets if rng.uniform() > 0.2]
        out.append([Detection(d.label, float(np.clip(d.confidence + rng.normal(0, 0.1), 0.01, 1)),
                              tuple(float(v + rng.normal(0, 3)) for v in d.box))  # type: ignore[arg-type]
                    for d in kept] + _random_frames(rng, 1)[0])  # fmt: skip
    return out


def _pseudo_truth(reference: list[list[Detection]], threshold: float) -> list[LabelledImage]:
    return [
        LabelledImage(
            Path(f"f{i}"), tuple((d.label, d.box) for d in r if d.confidence >= threshold)
        )
        for i, r in enumerate(reference)
    ]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weighted_map_equals_the_evaluator_on_pseudo_labels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    reference = _random_frames(rng, 12)
    detections = _jitter(rng, reference)
    for threshold in PSEUDO_THRESHOLDS:
        expected = mean_average_precision(_pseudo_truth(reference, threshold), detections).map50
        got = weighted_map(match(detections, reference, threshold), np.ones(len(reference)))
        assert got == pytest.approx(expected, abs=1e-12)
    # a weight of 2 is the frame listed twice, 0 is the frame left out
    weights = rng.integers(0, 3, len(reference)).astype(float)
    order = [i for i, w in enumerate(weights) for _ in range(int(w))]
    expected = mean_average_precision(
        _pseudo_truth([reference[i] for i in order], 0.2), [detections[i] for i in order]
    ).map50
    assert weighted_map(match(detections, reference, 0.2), weights) == pytest.approx(expected)


def test_agreement_is_one_for_identical_detections_and_drops_for_misses() -> None:
    dog = Detection("dog", 0.9, (10.0, 10.0, 50.0, 50.0))
    cup = Detection("cup", 0.15, (60.0, 60.0, 80.0, 80.0))
    reference = [[dog, cup]]
    assert agreement(judge(reference, reference)) == 1.0
    # the low-score cup only counts at the lower pseudo-label thresholds (0.1 of 0.35/0.2/0.1)
    missing_cup = agreement(judge([[dog]], reference))
    assert 0.5 < missing_cup < 1.0
    assert agreement(judge([[]], reference)) == 0.0


def test_resampling_keeps_each_photos_frames_together() -> None:
    weights = resample_weights([0, 0, 1, 1, 2, 2], rounds=50, seed=3)
    assert weights.shape == (50, 6)
    assert np.array_equal(weights[:, ::2], weights[:, 1::2])
    assert np.all(weights[:, ::2].sum(axis=1) == 3)  # three photos drawn each round


def _score(agree: float, replicates: list[float], error: float) -> Score:
    return Score(agree, np.array(replicates), error)


def test_one_standard_error_rule() -> None:
    cheap, mid, big = (Config("percentile", 99.99, 3, k) for k in (0, 4, 12))
    noisy = [0.0, 0.02, -0.02, 0.01, -0.01]  # difference std about 0.016 against `big`
    steady = [0.0] * 5
    scores = {
        cheap: _score(0.90, [0.90 + n for n in steady], 0.1),
        mid: _score(0.95, [0.95 + n for n in noisy], 0.05),
        big: _score(0.96, [0.96] * 5, 0.03),
    }
    assert choose(scores, lambda c: c.floats) == mid  # 1 point below, within 1.6 SE
    quiet = {c: _score(s.agreement, [s.agreement] * 5, s.error) for c, s in scores.items()}
    assert choose(quiet, lambda c: c.floats) == big  # no noise: only the best ties with itself
    same = Config("minmax", 0.0, 3, 4)
    tie = {mid: _score(0.95, [0.95] * 5, 0.05), same: _score(0.95, [0.95] * 5, 0.04)}
    assert choose(tie, lambda c: c.floats) == same  # then lower error


def test_selection_frames_differ_from_the_photo() -> None:
    image = np.random.default_rng(0).integers(0, 255, (60, 80, 3), dtype=np.uint8)
    frames = selection_frames(image)
    assert len(frames) == 4
    assert frames[0].shape == (36, 48, 3) and frames[1].shape == (96, 128, 3)
    assert all(f.dtype == np.uint8 and not np.array_equal(f, image) for f in frames[2:])


def test_calibration_families_are_distinct_and_named() -> None:
    names = [family_name(*family) for family in METHODS]
    assert len(set(names)) == len(names)
    assert "percentile 99.999" in names and "percentile 99.999 symmetric" in names
    plain, symmetric = Config("percentile", 99.999, 3, 4), Config("percentile", 99.999, 3, 4, True)
    assert plain != symmetric and "symmetric" in symmetric.name and "symmetric" not in plain.name
    assert symmetric.floats == plain.floats == 7
