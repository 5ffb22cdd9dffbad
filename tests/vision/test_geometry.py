"""Letterbox, IoU, NMS and polygons: the maths every detector shares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.vision.geometry import (
    Letterbox,
    batched_nms,
    cxcywh_to_xyxy,
    iou_matrix,
    letterbox,
    nms,
    point_in_polygon,
    unletterbox,
)


def brute_nms(boxes: np.ndarray, scores: np.ndarray, thr: float) -> list[int]:
    """Reference greedy NMS, one pair at a time."""
    order = sorted(range(len(boxes)), key=lambda i: -scores[i])
    keep: list[int] = []
    for i in order:
        if all(iou_matrix(boxes[[i]], boxes[[k]])[0, 0] <= thr for k in keep):
            keep.append(i)
    return keep


def test_letterbox_top_left_keeps_aspect_and_fills_grey() -> None:
    image = np.full((200, 400, 3), 7, dtype=np.uint8)
    canvas, placement = letterbox(image, (416, 416))
    assert canvas.shape == (416, 416, 3)
    assert placement == Letterbox(1.04, 0.0, 0.0)
    assert (canvas[:208] == 7).all()
    assert (canvas[208:] == 114).all()


def test_letterbox_centred_pads_both_sides() -> None:
    image = np.zeros((100, 200, 3), dtype=np.uint8)
    canvas, placement = letterbox(image, (640, 640), center=True)
    assert placement.pad_x == 0 and placement.pad_y == 160
    assert (canvas[:160] == 114).all() and (canvas[160:480] == 0).all()


def test_unletterbox_inverts_the_placement() -> None:
    placement = Letterbox(0.5, 10.0, 20.0)
    canvas_boxes = np.array([[10, 20, 60, 70]], dtype=np.float32)
    assert unletterbox(canvas_boxes, placement, (1000, 1000)).tolist() == [[0, 0, 100, 100]]


def test_unletterbox_clips_to_the_image() -> None:
    out = unletterbox(
        np.array([[-5, -5, 500, 500]], dtype=np.float32), Letterbox(1, 0, 0), (50, 80)
    )
    assert out.tolist() == [[0, 0, 80, 50]]


def test_cxcywh_to_xyxy() -> None:
    assert cxcywh_to_xyxy(np.array([[10, 20, 4, 6]], dtype=np.float32)).tolist() == [
        [8, 17, 12, 23]
    ]


def test_iou_of_identical_disjoint_and_half_boxes() -> None:
    a = np.array([[0, 0, 10, 10]], dtype=np.float32)
    b = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [0, 0, 10, 5]], dtype=np.float32)
    assert iou_matrix(a, b)[0].tolist() == pytest.approx([1.0, 0.0, 0.5])


boxes_strategy = st.lists(
    st.tuples(
        st.floats(0, 100), st.floats(0, 100), st.floats(1, 60), st.floats(1, 60), st.floats(0, 1)
    ),
    min_size=0,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(boxes_strategy, st.floats(0.1, 0.9))
def test_vectorised_nms_matches_the_one_pair_at_a_time_reference(
    rows: list[tuple[float, float, float, float, float]], thr: float
) -> None:
    boxes = np.array([[x, y, x + w, y + h] for x, y, w, h, _ in rows], dtype=np.float32).reshape(
        -1, 4
    )
    scores = np.array([s for *_, s in rows], dtype=np.float32)
    assert sorted(nms(boxes, scores, thr).tolist()) == sorted(brute_nms(boxes, scores, thr))


def test_batched_nms_keeps_overlapping_boxes_of_different_classes() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [0, 0, 10, 10]], dtype=np.float32)
    scores = np.array([0.9, 0.8, 0.7], dtype=np.float32)
    classes = np.array([0, 0, 1])
    assert sorted(batched_nms(boxes, scores, classes, 0.5).tolist()) == [0, 2]


def test_nms_of_nothing_is_empty() -> None:
    assert nms(np.empty((0, 4), np.float32), np.empty(0, np.float32), 0.5).size == 0


def test_point_in_polygon() -> None:
    desk = [[0.5, 0.5], [1.0, 0.5], [1.0, 1.0], [0.5, 1.0]]
    assert point_in_polygon(0.75, 0.75, desk)
    assert not point_in_polygon(0.25, 0.75, desk)
    triangle = [[0, 0], [1, 0], [0, 1]]
    assert point_in_polygon(0.2, 0.2, triangle) and not point_in_polygon(0.8, 0.8, triangle)
    assert not point_in_polygon(0.1, 0.1, [[0, 0], [1, 1]])
