"""Per-camera sampling and the motion gate."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipelines.vision.sampling import MotionGate, Sampler


def test_sampler_lets_one_frame_per_interval_through() -> None:
    sampler = Sampler(1.0)
    times = [0.0, 0.2, 0.5, 0.99, 1.0, 1.4, 2.05, 2.5, 7.0, 7.5, 8.0]
    assert [t for t in times if sampler.due(t)] == [0.0, 1.0, 2.05, 7.0, 8.0]


def test_sampler_without_a_rate_passes_everything() -> None:
    sampler = Sampler(0)
    assert all(sampler.due(t) for t in (0.0, 0.0, 0.01))


def test_motion_gate_skips_still_frames_and_wakes_on_change(photos: dict[str, Path]) -> None:
    from .conftest import read

    image = read(photos["coffee"])
    gate = MotionGate(0.01, refresh_s=0)
    assert gate.changed(image, 0.0)  # first frame always
    noisy = np.clip(
        image.astype(np.int16) + np.random.default_rng(0).integers(-3, 4, image.shape), 0, 255
    ).astype(np.uint8)
    assert not gate.changed(noisy, 1.0)  # sensor noise is not motion
    moved = image.copy()
    moved[50:250, 100:300] = 255  # something appeared
    assert gate.changed(moved, 2.0)
    assert gate.last_change > 0.01
    assert not gate.changed(moved, 3.0)


def test_motion_gate_refreshes_now_and_then(photos: dict[str, Path]) -> None:
    from .conftest import read

    image = read(photos["coffee"])
    gate = MotionGate(0.01, refresh_s=60)
    assert gate.changed(image, 0.0)
    assert not gate.changed(image, 30.0)
    assert gate.changed(image, 61.0)
