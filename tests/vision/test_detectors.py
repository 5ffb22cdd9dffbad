"""Detector plug-ins on real models and photos, and bring-your-own YOLO exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.core.errors import InputError, ModelError, ModelNotInstalledError
from pipelines.vision.detectors.base import DetectorSpec
from pipelines.vision.detectors.registry import (
    FAMILIES,
    build_detector,
    custom_spec,
    detector_class,
)

from .conftest import read

LABELS = ["glasses", "keys", "wallet"]


def byo_model(path: Path, prediction: np.ndarray, size: int = 64) -> Path:
    """A real ONNX file whose output is ``prediction`` (whatever the image): a YOLO stand-in."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    const = numpy_helper.from_array(prediction.astype(np.float32), "prediction")
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["mean"], keepdims=0),
        helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
        helper.make_node("Add", ["prediction", "nothing"], ["output0"]),
    ]
    graph = helper.make_graph(
        nodes,
        "byo",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(prediction.shape))],
        initializer=[const, numpy_helper.from_array(np.array(0, dtype=np.float32), "zero")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def rows_v5() -> np.ndarray:
    rows = np.zeros((1, 6, 8), dtype=np.float32)
    rows[0, 0] = [32, 32, 20, 10, 0.9, 0.1, 0.95, 0.0]  # keys, centre of the canvas
    rows[0, 1] = [33, 32, 20, 10, 0.8, 0.1, 0.90, 0.0]  # duplicate -> suppressed
    rows[0, 2] = [10, 20, 8, 8, 0.9, 0.9, 0.0, 0.1]  # glasses
    rows[0, 3] = [50, 50, 8, 8, 0.1, 0.0, 0.0, 0.9]  # weak objectness -> dropped
    return rows


def test_yolov5_export_with_labels_file(tmp_path: Path) -> None:
    byo_model(tmp_path / "mine.onnx", rows_v5())
    (tmp_path / "labels.txt").write_text("\n".join(LABELS), encoding="utf-8")
    spec = custom_spec(tmp_path)
    assert spec.family == "yolo" and spec.labels == tuple(LABELS)
    detector = build_detector(spec, min_confidence=0.35)
    image = np.zeros((64, 128, 3), dtype=np.uint8)  # letterboxed: scale 0.5, pad_y 16
    found = {d.label: d for d in detector.detect(image)}
    assert set(found) == {"keys", "glasses"}
    assert found["keys"].confidence == pytest.approx(0.9 * 0.95, abs=1e-5)
    assert found["keys"].box == pytest.approx((44, 22, 84, 42), abs=0.01)


def test_yolov8_export_is_recognised_from_its_shape(tmp_path: Path) -> None:
    v5 = rows_v5()[0]
    v8 = np.concatenate([v5[:, :4], v5[:, 5:] * v5[:, 4:5]], axis=1).T[None]  # (1, 4+C, N)
    byo_model(tmp_path / "v8.onnx", v8)
    (tmp_path / "v8.txt").write_text("\n".join(LABELS), encoding="utf-8")
    detector = build_detector(custom_spec(tmp_path / "v8.onnx"), min_confidence=0.35)
    found = sorted(d.label for d in detector.detect(np.zeros((64, 128, 3), dtype=np.uint8)))
    assert found == ["glasses", "keys"]


def test_labels_that_do_not_fit_the_model_are_reported(tmp_path: Path) -> None:
    byo_model(tmp_path / "m.onnx", rows_v5())
    (tmp_path / "labels.txt").write_text("a\nb\nc\nd\ne\nf\ng\n", encoding="utf-8")
    detector = build_detector(custom_spec(tmp_path / "m.onnx"))
    with pytest.raises(ModelError, match="labels file matches"):
        detector.detect(np.zeros((64, 64, 3), dtype=np.uint8))


def test_custom_model_needs_a_labels_file(tmp_path: Path) -> None:
    byo_model(tmp_path / "m.onnx", rows_v5())
    with pytest.raises(InputError, match="No labels file"):
        custom_spec(tmp_path / "m.onnx")


def test_detector_refuses_non_images(tmp_path: Path) -> None:
    byo_model(tmp_path / "m.onnx", rows_v5())
    (tmp_path / "labels.txt").write_text("\n".join(LABELS), encoding="utf-8")
    detector = build_detector(custom_spec(tmp_path))
    with pytest.raises(InputError, match="colour image"):
        detector.detect(np.zeros((64, 64), dtype=np.uint8))


def test_corrupt_model_file_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    detector = build_detector(DetectorSpec("bad", "yolox", bad, ("x",)))
    with pytest.raises(ModelError, match="could not be loaded"):
        detector.prepare()


def test_every_family_is_registered() -> None:
    for family in FAMILIES:
        assert detector_class(family).family == family
    with pytest.raises(ModelError, match="Unknown detector family"):
        detector_class("nope")


def test_uninstalled_model_tells_how_to_install(app: Any, monkeypatch: Any) -> None:
    from pipelines.vision.catalog import open_detector

    monkeypatch.setattr(
        "pipelines.vision.first_run.local_mirrors", lambda **_kw: []
    )  # no setup cache
    with pytest.raises(ModelNotInstalledError, match="homebody models install yolox-nano"):
        open_detector(app, "yolox-nano")


@pytest.mark.slow
@pytest.mark.parametrize("model", ["yolox-nano", "fastestdet"])
def test_real_detectors_find_real_objects(
    installed: Any, photos: dict[str, Path], model: str
) -> None:
    from pipelines.vision.catalog import open_detector

    detector = open_detector(installed, model)
    cup = [d for d in detector.detect(read(photos["coffee"])) if d.label == "cup"]
    assert cup and cup[0].confidence > 0.6
    x1, y1, x2, y2 = cup[0].box  # the cup is in the upper middle of the photo
    assert 120 < (x1 + x2) / 2 < 420 and (y1 + y2) / 2 < 220
    desk = {d.label for d in detector.detect(read(photos["desk"]))}
    assert {"laptop", "keyboard", "mouse", "tv"} <= desk
    entries = installed.ledger.entries(kind="model_loaded")
    assert entries[0].detail["model"] == model and len(entries[0].detail["sha256"]) == 64
