"""The teach-an-object verifier experiments' scoring helpers (bench.vision_teach_verify)."""

from __future__ import annotations

import numpy as np

from bench.vision_teach_verify import cells, dense_scores, margin_gate


def _maps(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=(n, 112, 6, 6)).astype(np.float32)


def test_dense_matching_finds_the_same_parts_moved_around() -> None:
    rng = np.random.default_rng(0)
    photos = _maps(rng, 4)  # objects 0, 0, 1, 1
    owner = np.array([0, 0, 1, 1])
    moved = cells(photos[3:4])[:, rng.permutation(36)]  # photo 3's parts, other places
    scores = dense_scores(moved, cells(photos), owner, 2)
    assert scores.shape == (2, 1)
    assert scores[1, 0] == 1.0  # every cell has its mutual nearest neighbour in photo 3
    assert scores[0, 0] < 0.5  # random other photos: few confident mutual matches


def test_dense_matching_needs_similar_cells() -> None:
    rng = np.random.default_rng(1)
    photos = _maps(rng, 2)
    unlike = cells(_maps(rng, 1))
    scores = dense_scores(unlike, cells(photos), np.array([0, 1]), 2)
    assert scores.max() < 0.5


def test_margin_gate_prefers_the_object_that_is_most_alike() -> None:
    alike = np.array([[0.9, 0.2], [0.5, 0.3]])  # [objects, candidates]
    gate = margin_gate(alike, 0.05, 0)
    assert gate[0, 0] > 0.99 and gate[1, 0] < 0.01
    assert gate[0, 1] < 0.5 < gate[1, 1]
