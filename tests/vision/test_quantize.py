"""Static int8 (QDQ) quantisation calibrated on real photos, used beside the fp32 model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from pipelines.core.errors import InputError, ModelNotInstalledError
from pipelines.vision.quantize import head_nodes, quantize_detector, stem_convs


def test_int8_model_must_be_made_first(installed: Any) -> None:
    from pipelines.vision.catalog import open_detector

    with pytest.raises(ModelNotInstalledError, match="homebody vision quantize"):
        open_detector(installed, "fastestdet", quantized=True)


def test_calibration_needs_real_frames(yolox: Any, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least 4"):
        quantize_detector(yolox, [], tmp_path / "x.onnx")


def test_head_and_stem_stay_float(installed: Any) -> None:
    from pipelines.models.manager import ModelManager

    path = ModelManager.from_app(installed).path("yolox-nano", "yolox_nano.onnx")
    head = head_nodes(path)
    assert "Transpose_423" in head and "Concat_422" in head  # the output concat/transpose
    assert sum(1 for n in head if n.startswith("Conv")) == 9  # reg/obj/cls convs x 3 strides
    assert len(stem_convs(path, 3)) == 3


@pytest.mark.slow
def test_quantize_command_then_detect_with_int8(
    home: Path, shared: Path, photos: dict[str, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    calibration = tmp_path / "calibration"
    calibration.mkdir()
    for name in ("room", "living", "cat", "pizza"):  # not the photo detected below
        shutil.copy(photos[name], calibration / photos[name].name)
    assert main(["models", "install", "fastestdet", "--from", str(shared / "models")]) == 0
    capsys.readouterr()
    assert main(["vision", "quantize", "--model", "fastestdet", "--calibration",
                 str(calibration), "--json"]) == 0  # fmt: skip
    made = json.loads(capsys.readouterr().out)
    assert made["calibration_frames"] == 4 and Path(made["int8"]).is_file()
    assert "quantized" in made["int8"] and Path(made["int8"]).stat().st_size > 100_000
    assert main(["detect", str(photos["desk"]), "--model", "fastestdet", "--int8", "--json"]) == 0
    labels = {d["label"] for d in json.loads(capsys.readouterr().out)["detections"]}
    assert {"laptop", "keyboard", "tv"} <= labels


def _silu_graph() -> Any:
    """x -> Conv -> SiLU (Sigmoid+Mul) -> Sigmoid output (a head sigmoid that must stay)."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    weight = numpy_helper.from_array(
        np.random.default_rng(0).normal(size=(2, 1, 1, 1)).astype(np.float32), "w"
    )
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        helper.make_node("Sigmoid", ["c"], ["s"], name="sig"),
        helper.make_node("Mul", ["c", "s"], ["m"], name="mul"),
        helper.make_node("Sigmoid", ["m"], ["y"], name="head"),
    ]
    graph = helper.make_graph(
        nodes, "silu",
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 1, 4, 4])],
        [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1, 2, 4, 4])],
        initializer=[weight],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # what the installed onnxruntime reads
    return model


def _run(model: Any, feeds: dict[str, Any]) -> list[Any]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return list(session.run(None, feeds))


def test_fuse_silu_rewrites_only_silu_pairs() -> None:
    import numpy as np

    from pipelines.vision.quantize import fuse_silu

    model = _silu_graph()
    fused, count = fuse_silu(model)
    assert count == 1
    assert [n.op_type for n in fused.graph.node] == ["Conv", "QuickGelu", "Sigmoid"]
    assert [n.op_type for n in model.graph.node] == ["Conv", "Sigmoid", "Mul", "Sigmoid"]
    assert fuse_silu(fused)[1] == 0  # idempotent
    x = {"x": np.linspace(-6, 6, 16, dtype=np.float32).reshape(1, 1, 4, 4)}
    np.testing.assert_allclose(_run(fused, x)[0], _run(model, x)[0], rtol=1e-6, atol=1e-6)


def test_fused_yolox_matches_original_on_a_real_photo(yolox: Any, photos: dict[str, Path]) -> None:
    import numpy as np
    import onnx

    from pipelines.vision.quantize import fuse_silu

    from .conftest import read

    original = onnx.load(str(yolox.spec.model_path))
    fused, count = fuse_silu(original)
    assert count > 50  # YOLOX-Nano: one SiLU after nearly every convolution
    assert not any(n.op_type == "Mul" and "Sigmoid" in n.input[1] for n in fused.graph.node)
    yolox.prepare()
    feeds = {yolox.input_name: yolox.preprocess(read(photos["room"]))[0]}
    expected, got = _run(original, feeds)[0], _run(fused, feeds)[0]
    scale = float(np.abs(expected).max())
    assert float(np.abs(got - expected).max()) <= 1e-5 * max(scale, 1.0)


def _float_convs(model: Any) -> list[str]:
    """Convolutions whose weights are not dequantised int8, i.e. left in float."""
    producer = {out: n.op_type for n in model.graph.node for out in n.output}
    return [
        n.name
        for n in model.graph.node
        if n.op_type == "Conv" and producer.get(n.input[1]) != "DequantizeLinear"
    ]


@pytest.mark.slow
def test_quantized_yolox_keeps_silu_fused_and_sensitive_convs_float(
    yolox: Any, photos: dict[str, Path], tmp_path: Path
) -> None:
    import onnx

    from pipelines.vision.quantize import FLOAT_SENSITIVE, FLOAT_STEM

    from .conftest import read

    assert FLOAT_SENSITIVE > 0
    images = [read(photos[name]) for name in ("coffee", "pizza", "bear", "astronaut")]
    out = quantize_detector(yolox, images, tmp_path / "yolox.int8.onnx")
    model = onnx.load(str(out))
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("QuickGelu") > 50 and "QuantizeLinear" in ops
    assert ops.count("Mul") < 5  # no Sigmoid+Mul SiLU pairs left between the int8 convs
    mixed = set(_float_convs(model))
    head = {n for n in head_nodes(yolox.spec.model_path) if n.startswith("Conv")}
    stem = set(stem_convs(yolox.spec.model_path, FLOAT_STEM))
    assert head | stem <= mixed
    assert len(mixed - head - stem) == FLOAT_SENSITIVE  # the most sensitive ones, besides
    plain = quantize_detector(
        yolox, images, tmp_path / "plain.onnx", fuse_activations=False, float_sensitive=0
    )
    plain_model = onnx.load(str(plain))
    assert "QuickGelu" not in [n.op_type for n in plain_model.graph.node]
    assert set(_float_convs(plain_model)) == head | stem


@pytest.mark.parametrize("symmetric", [False, True])
def test_symmetric_activations_fix_the_zero_point(tmp_path: Path, symmetric: bool) -> None:
    import numpy as np
    import onnx
    from onnx import numpy_helper

    from pipelines.vision.qdq import StaticQuantizer

    source = tmp_path / "silu.onnx"
    onnx.save(_silu_graph(), str(source))
    rng = np.random.default_rng(1)
    frames = [rng.uniform(0.0, 3.0, (1, 1, 4, 4)).astype(np.float32) for _ in range(4)]
    quantizer = StaticQuantizer(
        source, "x", frames, tmp_path / "ranges.json", method="minmax",
        symmetric_activations=symmetric,
    )  # fmt: skip
    model = onnx.load(str(quantizer(tmp_path / "int8.onnx", [])))
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    # the conv's input is all positive: asymmetric ranges put its zero point at 0
    zero = next(int(values[n.input[2]]) for n in model.graph.node
                if n.op_type == "QuantizeLinear" and n.input[0] == "x")  # fmt: skip
    assert zero == (128 if symmetric else 0)
