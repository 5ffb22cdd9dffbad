"""Augmented views (bench/vision_views.py) and the clustered bootstrap: no detector involved.

A box is painted white into a black synthetic photo; after each view's transform the white
pixels must sit exactly where the transformed label says (or the label must be gone when the
crop rule drops the box)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench.vision_cross_calibration import paired_bootstrap
from bench.vision_views import (
    KEEP_VISIBLE,
    KINDS,
    Objects,
    crop,
    flip,
    leave_one_out,
    plan,
    score_views,
    view_seed,
    views,
    zoom,
)
from pipelines.vision.detectors.base import Detection
from pipelines.vision.evaluate import LabelledImage, Score

SHAPE = (180, 260, 3)


def painted(box: tuple[int, int, int, int], shape: tuple[int, int, int] = SHAPE) -> Any:
    image = np.zeros(shape, np.uint8)
    x1, y1, x2, y2 = box
    image[y1:y2, x1:x2] = 255
    return image


def found(image: Any) -> tuple[float, float, float, float] | None:
    """The bounding box (continuous edges) of the bright pixels, thresholded half-way."""
    grey = image.astype(np.float32).mean(axis=2)
    mask = grey > (float(grey.min()) + float(grey.max())) / 2
    if grey.max() - grey.min() < 60 or not mask.any():
        return None
    ys, xs = np.nonzero(mask)
    return float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)


def random_boxes(seed: int, count: int = 6) -> list[tuple[int, int, int, int]]:
    rng = np.random.default_rng(seed)
    h, w = SHAPE[:2]
    boxes = []
    for _ in range(count):
        bw, bh = int(rng.integers(12, w // 2)), int(rng.integers(12, h // 2))
        x, y = int(rng.integers(0, w - bw)), int(rng.integers(0, h - bh))
        boxes.append((x, y, x + bw, y + bh))
    return boxes


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_view_moves_the_box_where_its_label_says(seed: int) -> None:
    checked = 0
    for box in random_boxes(seed):
        objects: Objects = (("cup", tuple(float(v) for v in box)),)  # type: ignore[misc]
        for kind, name, transform in plan(SHAPE, seed):
            image, moved = transform(painted(box), objects)
            where = found(image)
            tolerance = 1.0 if kind in ("scale", "jpeg") else 0.0
            if not moved:  # dropped: less than half of the (scaled) box can be left in view
                assert kind in ("crop", "scale"), name
                assert where is None or _area(where) < KEEP_VISIBLE * _area(objects[0][1]) * 1.6
                continue
            assert where is not None, name
            assert np.allclose(where, moved[0][1], atol=tolerance), (name, where, moved)
            checked += 1
    assert checked >= 40


def _area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def test_flip_mirrors_the_box() -> None:
    image, objects = flip(painted((10, 20, 60, 50)), (("cup", (10.0, 20.0, 60.0, 50.0)),))
    assert objects == (("cup", (200.0, 20.0, 250.0, 50.0)),)
    assert found(image) == (200.0, 20.0, 250.0, 50.0)


@pytest.mark.parametrize("factor", [0.6, 0.8, 1.25])
def test_zoom_keeps_the_frame_size_and_scales_about_the_centre(factor: float) -> None:
    box = (40, 30, 100, 70)  # centre (70, 50); the frame's centre is (130, 90)
    image, objects = zoom(painted(box), (("cup", (40.0, 30.0, 100.0, 70.0)),), factor)
    assert image.shape == SHAPE
    (_, moved), = objects  # fmt: skip
    assert moved[2] - moved[0] == pytest.approx(60 * factor, abs=0.5)
    assert moved[3] - moved[1] == pytest.approx(40 * factor, abs=0.5)
    centre = ((moved[0] + moved[2]) / 2, (moved[1] + moved[3]) / 2)
    assert centre == pytest.approx((130 - 60 * factor, 90 - 40 * factor), abs=0.5)
    assert np.allclose(found(image), moved, atol=1.0)  # type: ignore[arg-type]


def test_crop_rule_keeps_boxes_at_least_half_inside_and_clips_them() -> None:
    objects: Objects = (
        ("whole", (20.0, 20.0, 40.0, 40.0)),  # inside the window
        ("most", (90.0, 20.0, 110.0, 40.0)),  # 70% inside: kept, clipped
        ("half", (95.0, 50.0, 105.0, 60.0)),  # exactly half: kept
        ("little", (96.0, 70.0, 106.0, 80.0)),  # 40% inside: dropped
        ("outside", (150.0, 20.0, 170.0, 40.0)),
    )
    _, kept = crop(np.zeros(SHAPE, np.uint8), objects, (10, 10, 100, 100))
    assert kept == (
        ("whole", (10.0, 10.0, 30.0, 30.0)),
        ("most", (80.0, 10.0, 90.0, 30.0)),
        ("half", (85.0, 40.0, 90.0, 50.0)),
    )


def _truth(names: list[str]) -> list[LabelledImage]:
    return [LabelledImage(Path(name), (("cup", (10.0, 10.0, 50.0, 50.0)),)) for name in names]


def test_views_are_fixed_by_the_seed_and_the_photo_name() -> None:
    rng = np.random.default_rng(0)
    images = [rng.integers(0, 255, SHAPE, dtype=np.uint8) for _ in range(2)]
    first = views(_truth(["a.jpg", "b.jpg"]), images)
    again = views(_truth(["b.jpg", "a.jpg"]), images[::-1])
    assert [v.kind for v in first[:9]] == ["flip", "scale", "scale", "scale", "crop", "crop",
                                           "photometric", "photometric", "jpeg"]  # fmt: skip
    assert {v.kind for v in first} == set(KINDS) and len(first) == 18
    for a, b in zip(first[:9], again[9:], strict=True):  # photo a.jpg, wherever it is listed
        assert a.name == b.name and a.objects == b.objects and np.array_equal(a.image, b.image)
    other = views(_truth(["a.jpg", "b.jpg"]), images, seed=1)
    assert any(not np.array_equal(a.image, b.image) for a, b in zip(first, other, strict=True))
    assert view_seed("a.jpg") != view_seed("b.jpg")


def _views_and_predictions() -> tuple[list[LabelledImage], list[Any], list[Any], list[int]]:
    """4 photos x 2 views; in each photo the two models swap which view they get right (hits
    outscore misses, so any whole-photo resample ranks the same hits and misses for both)."""
    truth, first, second, clusters = [], [], [], []
    hit = [Detection("cup", 0.9, (10.0, 10.0, 50.0, 50.0))]
    miss = [Detection("cup", 0.3, (200.0, 200.0, 240.0, 240.0))]
    for photo in range(4):
        for view in range(2):
            truth += _truth([f"p{photo}v{view}"])
            first.append(hit if view == 0 else miss)
            second.append(miss if view == 0 else hit)
            clusters.append(photo)
    return truth, first, second, clusters


def test_clustered_bootstrap_draws_all_views_of_a_photo_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    truth, first, second, clusters = _views_and_predictions()
    drawn: list[list[str]] = []

    def recorder(sample: list[LabelledImage], predictions: list[Any]) -> Score:
        drawn.append([t.path.name for t in sample])
        return Score(0.0, {}, len(sample), 0)

    monkeypatch.setattr("pipelines.vision.evaluate.mean_average_precision", recorder)
    paired_bootstrap(truth, first, second, resamples=50, clusters=clusters)
    assert len(drawn) == 100
    for names in drawn:
        assert len(names) == len(truth)
        for photo in range(4):
            assert names.count(f"p{photo}v0") == names.count(f"p{photo}v1")
    assert any(len(set(names)) < len(truth) for names in drawn)  # it does resample


def test_clustered_interval_is_zero_when_every_photo_is_a_tie() -> None:
    truth, first, second, clusters = _views_and_predictions()
    assert paired_bootstrap(truth, first, second, 200, clusters=clusters) == (0.0, 0.0, 0.0)
    _, low, high = paired_bootstrap(truth, first, second, 200)  # views as if independent
    assert low < 0 < high


def test_without_clusters_the_draws_are_those_of_one_cluster_per_photo() -> None:
    truth, first, second, _ = _views_and_predictions()
    plain = paired_bootstrap(truth, first, second, 100, seed=3)
    assert plain == paired_bootstrap(truth, first, second, 100, seed=3, clusters=range(8))
    with pytest.raises(ValueError):
        paired_bootstrap(truth, first, second, 10, clusters=[0, 1])


class Recorder:
    """A fake detector: remembers which labelled photo each frame came from, finds nothing."""

    def __init__(self, heights: list[int]) -> None:
        self.heights = heights
        self.photos: list[int] = []

    def detect(self, image: Any) -> list[Detection]:
        h = image.shape[0]
        (photo,) = [i for i, full in enumerate(self.heights) if 0.6 * full <= h <= full]
        self.photos.append(photo)
        return []


def test_each_view_is_scored_by_the_int8_model_calibrated_without_its_photo() -> None:
    heights = [100, 200, 400, 800]  # crops keep 60-85% of the height: never ambiguous
    images = [np.full((h, 120, 3), 40 * i + 20, np.uint8) for i, h in enumerate(heights)]
    truth = _truth([f"p{i}.jpg" for i in range(4)])
    fp32, fold0, fold1 = Recorder(heights), Recorder(heights), Recorder(heights)
    rows = score_views(fp32, [fold0, fold1], truth, images, resamples=5)
    assert sorted(fp32.photos) == [p for p in range(4) for _ in range(10)]  # original + 9 views
    assert sorted(fold0.photos) == [p for p in (0, 2) for _ in range(10)]  # folds(4)[0]
    assert sorted(fold1.photos) == [p for p in (1, 3) for _ in range(10)]
    assert [r.kind for r in rows] == ["all views", *KINDS, "original"]
    assert [r.views for r in rows] == [36, 4, 12, 8, 8, 4, 4]


def test_leaving_out_the_photo_that_makes_the_difference_leaves_none() -> None:
    truth = _truth(["a", "b", "c"])
    hit = [Detection("cup", 0.9, (10.0, 10.0, 50.0, 50.0))]
    low, high = leave_one_out(truth, [hit, hit, hit], [[], hit, hit], [0, 1, 2])
    assert high == 0.0 and low < -30
