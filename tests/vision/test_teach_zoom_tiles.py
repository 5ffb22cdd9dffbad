"""The zoomed second pass's tiles (bench/vision_teach_zoom.py) cover the whole frame."""

from __future__ import annotations

import numpy as np

from bench.vision_teach_zoom import GRID, SHARE, tiles


def test_tiles_cover_the_frame_and_overlap() -> None:
    shape = (240, 320, 3)
    boxes = tiles(shape)
    assert len(boxes) == GRID * GRID
    covered = np.zeros(shape[:2], np.int32)
    for x1, y1, x2, y2 in boxes:
        assert 0 <= x1 < x2 <= 320 and 0 <= y1 < y2 <= 240
        assert (x2 - x1, y2 - y1) == (round(320 * SHARE), round(240 * SHARE))
        covered[y1:y2, x1:x2] += 1
    assert covered.min() >= 1  # no pixel outside every tile
    assert covered.max() > 1  # neighbouring tiles overlap: an object on a seam is whole in one
