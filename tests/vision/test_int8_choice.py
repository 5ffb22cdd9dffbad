"""The label-free rule that picks the int8 configuration (bench/vision_int8.py)."""

from __future__ import annotations

import numpy as np

from bench.vision_int8 import Config, agreement, choose, selection_frames
from pipelines.vision.detectors.base import Detection


def test_best_agreement_wins_unless_a_cheaper_one_ties() -> None:
    cheap, mid, big = (Config("percentile", 99.99, 3, k) for k in (0, 4, 12))
    assert choose({cheap: (0.90, 0.1), mid: (0.957, 0.05), big: (0.96, 0.03)}) == mid
    assert choose({cheap: (0.90, 0.1), mid: (0.95, 0.05), big: (0.96, 0.03)}) == big
    same = Config("minmax", 0.0, 3, 4)
    assert choose({mid: (0.95, 0.05), same: (0.95, 0.04)}) == same  # then lower error


def test_agreement_is_one_for_identical_detections_and_drops_for_misses() -> None:
    dog = Detection("dog", 0.9, (10.0, 10.0, 50.0, 50.0))
    cup = Detection("cup", 0.15, (60.0, 60.0, 80.0, 80.0))
    reference = [[dog, cup]]
    assert agreement(reference, reference) == 1.0
    # the low-score cup only counts at the lower pseudo-label thresholds (0.1 of 0.35/0.2/0.1)
    missing_cup = agreement([[dog]], reference)
    assert 0.5 < missing_cup < 1.0
    assert agreement([[]], reference) == 0.0


def test_selection_frames_differ_from_the_photo() -> None:
    image = np.random.default_rng(0).integers(0, 255, (60, 80, 3), dtype=np.uint8)
    frames = selection_frames(image)
    assert len(frames) == 4
    assert frames[0].shape == (36, 48, 3) and frames[1].shape == (96, 128, 3)
    assert all(f.dtype == np.uint8 and not np.array_equal(f, image) for f in frames[2:])
