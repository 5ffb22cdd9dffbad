"""The second, magnified look: regions, YOLOX decoded at any input size, one real run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pipelines.vision.detector_zoom import (
    anchors,
    first_pass_scale,
    proposals_from,
    region_around,
)


def test_region_is_centred_on_the_box_and_kept_inside_the_frame() -> None:
    assert region_around((240, 320, 3), (150, 110, 170, 130)) == (80, 60, 240, 180)
    assert region_around((240, 320, 3), (0, 0, 10, 10)) == (0, 0, 160, 120)
    assert region_around((240, 320, 3), (300, 220, 320, 240)) == (160, 120, 320, 240)
    assert region_around((480, 640), (0, 0, 640, 480), share=0.25) == (240, 180, 400, 300)


def test_first_pass_scale_is_the_letterbox_scale() -> None:
    assert first_pass_scale((240, 320)) == 416 / 320
    assert first_pass_scale((1080, 1920)) == 416 / 1920


def test_anchors_follow_the_input_size_stride_8_first() -> None:
    grid, stride = anchors(64, 96)
    assert len(grid) == len(stride) == 8 * 12 + 4 * 6 + 2 * 3
    assert grid[:2].tolist() == [[0, 0], [1, 0]] and grid[12].tolist() == [0, 1]
    assert stride[0, 0] == 8 and stride[-1, 0] == 32


def test_proposals_decode_the_best_anchor_in_input_pixels() -> None:
    height, width = 64, 96
    grid, _stride = anchors(height, width)
    pred = np.zeros((len(grid), 85), np.float32)
    pred[:, 2:4] = np.log(0.5)  # every anchor: a 4 x 4 box at stride 8 (weak)
    pred[:, 4], pred[:, 5] = 0.01, 0.5
    row = 3 * 12 + 5  # stride 8, cell (5, 3): centre (44, 28) with offset 0.5
    pred[row, :4] = [0.5, 0.0, np.log(2.0), np.log(3.0)]
    pred[row, 4], pred[row, 5] = 0.9, 0.9
    boxes = proposals_from(pred, height, width, 3)
    assert len(boxes) == 3
    np.testing.assert_allclose(boxes[0], [36, 12, 52, 36], atol=1e-4)  # 16 x 24 around it
    assert boxes[:, [0, 2]].min() >= 0 and boxes[:, [2]].max() <= width


def test_real_region_run_matches_the_first_pass_at_zoom_1_and_magnifies_at_2(
    yolox: Any, photos: dict[str, Path]
) -> None:
    import cv2

    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.detector_zoom import RegionRun

    from .conftest import read

    photo = cv2.resize(read(photos["coffee"]), (320, 240))
    features = FeatureDetector(yolox)
    _found, first = features.detect_and_propose(photo, 12)
    whole = (0, 0, 320, 240)
    same, vectors = RegionRun(features, zoom=1.0).look(photo, whole, 12)
    assert vectors.shape == (len(same), 4 * (64 + 64 + 64) * 3)
    np.testing.assert_allclose(same[0], first[0], atol=4.0)  # the cup: only the padding differs
    region = region_around(photo.shape, first[0])
    boxes, vectors = RegionRun(features).look(photo, region, 12)
    assert 0 < len(boxes) <= 12 and len(vectors) == len(boxes)
    x1, y1, x2, y2 = region
    assert (boxes[:, 0] >= x1 - 1e-3).all() and (boxes[:, 2] <= x2 + 1e-3).all()
    assert (boxes[:, 1] >= y1 - 1e-3).all() and (boxes[:, 3] <= y2 + 1e-3).all()
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cup = features.at(photo, first[:1])
    best = boxes[np.argmax(vectors @ cup[0])]  # the region run's features know the cup too
    centre = ((best[0] + best[2]) / 2, (best[1] + best[3]) / 2)
    assert first[0][0] <= centre[0] <= first[0][2] and first[0][1] <= centre[1] <= first[0][3]
