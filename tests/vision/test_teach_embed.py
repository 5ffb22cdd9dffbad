"""Pieces of the learned-feature finder: windows, pooling, the object's box in a close-up."""

from __future__ import annotations

import numpy as np

from pipelines.vision.teach_embed import box_window, object_box, pooled, windows


def test_windows_cover_every_size_and_position() -> None:
    wins = windows(3, 4, max_cells=2)
    # 1x1: 12, 1x2: 9, 2x1: 8, 2x2: 6
    assert len(wins) == 35
    assert {tuple(w) for w in wins} >= {(0, 0, 1, 1), (1, 2, 3, 4), (2, 3, 3, 4)}


def test_pooling_is_the_unit_mean_of_the_cells() -> None:
    rng = np.random.default_rng(0)
    grid = rng.normal(size=(3, 4, 5)).astype(np.float32)
    wins = np.array([[0, 1, 2, 3], [2, 3, 3, 4]])
    out = pooled(grid, wins)
    mean = grid[0:2, 1:3].reshape(-1, 5).mean(axis=0)
    assert np.allclose(out[0], mean / np.linalg.norm(mean), atol=1e-5)
    assert np.allclose(out[1], grid[2, 3] / np.linalg.norm(grid[2, 3]), atol=1e-5)


def test_the_object_in_a_close_up_on_a_plain_background() -> None:
    image = np.full((200, 300, 3), 200, np.uint8)
    image[60:140, 100:220] = (30, 60, 140)  # the object
    x1, y1, x2, y2 = object_box(image)
    assert abs(x1 - 100) < 6 and abs(x2 - 220) < 6 and abs(y1 - 60) < 6 and abs(y2 - 140) < 6
    assert box_window((100, 60, 220, 140), image.shape, 8, 10).tolist() == [[2, 3, 6, 8]]
