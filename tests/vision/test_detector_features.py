"""YOLOX's own features at boxes: RoIAlign pooling, the head found in the graph, one run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.core.errors import ModelError
from pipelines.vision.detector_features import GRID, GROW, head_features, pool
from pipelines.vision.geometry import Letterbox


def coordinate_maps() -> list[Any]:
    """Per stride 8/16/32 on a 416 canvas: channel 0 = the cell centre's x, channel 1 = y."""
    maps = []
    for stride in (8, 16, 32):
        cells = 416 // stride
        centres = (np.arange(cells, dtype=np.float32) + 0.5) * stride
        xs, ys = np.meshgrid(centres, centres)
        maps.append(np.stack([xs, ys]))
    return maps


def test_pool_averages_each_grid_cell_where_the_box_lies_on_the_canvas() -> None:
    place = Letterbox(scale=2.0, pad_x=10.0, pad_y=0.0)
    box = np.array([[45, 25, 145, 125]], np.float32)  # canvas: (100, 50) - (300, 250)
    vector = pool(coordinate_maps(), place, box)
    assert vector.shape == (1, 3 * GRID * GRID * 2)
    x1, y1, side = 100 - 200 * GROW, 50 - 200 * GROW, 200 * (1 + 2 * GROW)
    # two bilinear samples per cell and axis, at 1/8 and 3/8 (left cell), 5/8 and 7/8 (right)
    left, right = x1 + side * 0.25, x1 + side * 0.75
    top, bottom = y1 + side * 0.25, y1 + side * 0.75
    expected = [left, top, right, top, left, bottom, right, bottom]
    for level in vector[0].reshape(3, -1):  # a linear map is sampled exactly at every stride
        np.testing.assert_allclose(level, expected, atol=1e-3)


def test_pool_clips_boxes_at_the_edge_and_handles_none() -> None:
    place = Letterbox(scale=1.0, pad_x=0.0, pad_y=0.0)
    assert pool(coordinate_maps(), place, np.zeros((0, 4), np.float32)).shape == (0, 24)
    edge = pool(coordinate_maps(), place, np.array([[-50, -50, 20, 20]], np.float32))
    assert np.isfinite(edge).all() and edge.min() >= 4.0  # the first cell's centre at stride 8


def test_a_graph_without_yolox_head_is_refused() -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Relu", ["images"], ["output"])],
        "not-yolox",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, 8, 8])],
    )
    with pytest.raises(ModelError, match="YOLOX"):
        head_features(helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 13)]))


def test_real_yolox_gives_the_same_detections_and_features_from_one_run(
    yolox: Any, photos: dict[str, Path]
) -> None:
    import onnx

    from pipelines.vision.detector_features import FeatureDetector

    from .conftest import read

    names = head_features(onnx.load(str(yolox.spec.model_path)))
    assert len(names) == len(set(names)) == 9  # stem, classification, regression per stride
    photo = read(photos["coffee"])
    features = FeatureDetector(yolox)
    found, proposals = features.detect_and_propose(photo, 12)
    plain, plain_proposals = yolox.detect_and_propose(photo, 12)
    assert [d.label for d in found] == [d.label for d in plain]
    assert "cup" in {d.label for d in plain}
    np.testing.assert_allclose(proposals, plain_proposals, atol=1e-3)
    runs = []
    session_run = features._session.run
    features._session.run = lambda *a, **k: runs.append(1) or session_run(*a, **k)
    vectors = features.at(photo, proposals)  # the frame just analysed: no second run
    assert runs == []
    assert vectors.shape == (len(proposals), 4 * (64 + 64 + 64) * 3)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    again = features.at(photo.copy(), proposals[:2])  # another frame object: run again
    assert runs == [1]
    np.testing.assert_allclose(again, vectors[:2], atol=1e-4)
