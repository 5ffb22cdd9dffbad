"""Per-layer int8 sensitivity: one-at-a-time QDQ models and the ranking they give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.vision.sensitivity import only_quantized, output_error, rank_sensitivity


def _two_branches() -> Any:
    """x (4 channels) -> conv_a -> ya, and x's channels 2-3 -> conv_b -> yb."""
    import onnx
    from onnx import helper, numpy_helper

    rng = np.random.default_rng(1)
    inits = [
        numpy_helper.from_array(rng.normal(size=(4, c, 3, 3)).astype(np.float32), name)
        for name, c in (("wa", 4), ("wb", 2))
    ] + [numpy_helper.from_array(np.array(v, np.int64), n)
         for n, v in (("starts", [2]), ("ends", [4]), ("axes", [1]))]  # fmt: skip
    nodes = [
        helper.make_node("Conv", ["x", "wa"], ["ya"], name="conv_a", pads=[1, 1, 1, 1]),
        helper.make_node("Slice", ["x", "starts", "ends", "axes"], ["z"], name="slice"),
        helper.make_node("Conv", ["z", "wb"], ["yb"], name="conv_b", pads=[1, 1, 1, 1]),
    ]
    graph = helper.make_graph(
        nodes, "branches",
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 4, 8, 8])],
        [helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, [1, 4, 8, 8])
         for n in ("ya", "yb")],
        initializer=inits,
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model


def _frames(count: int, outlier: bool) -> list[dict[str, Any]]:
    """Inputs in 0..1; with ``outlier`` one pixel of channel 0 is huge, which ruins the int8
    range of conv_a's input (all of x) but not conv_b's (channels 2-3 only)."""
    rng = np.random.default_rng(2)
    frames = []
    for _ in range(count):
        x = rng.uniform(0, 1, (1, 4, 8, 8)).astype(np.float32)
        if outlier:
            x[0, 0, 0, 0] = 500.0
        frames.append({"x": x})
    return frames


class _Reader:
    def __init__(self, frames: list[dict[str, Any]]) -> None:
        self._it = iter(frames)

    def get_next(self) -> dict[str, Any] | None:
        return next(self._it, None)


def _quantized(model: Any, tmp_path: Path) -> Any:
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static

    src, out = tmp_path / "f.onnx", tmp_path / "q.onnx"
    onnx.save(model, str(src))
    quantize_static(
        str(src), str(out), _Reader(_frames(4, outlier=True)), quant_format=QuantFormat.QDQ,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, per_channel=True,
        calibrate_method=CalibrationMethod.MinMax, op_types_to_quantize=["Conv"],
    )  # fmt: skip
    return onnx.load(str(out))


def _outputs(model: Any, frames: list[dict[str, Any]]) -> list[list[Any]]:
    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return [list(session.run(None, f)) for f in frames]


def test_only_quantized_keeps_just_the_named_node(tmp_path: Path) -> None:
    model = _two_branches()
    qdq = _quantized(model, tmp_path)
    frames = _frames(2, outlier=False)
    reference = _outputs(model, frames)
    none = _outputs(only_quantized(qdq, model, set()), frames)
    assert output_error(none, reference) < 1e-9  # nothing quantised: float outputs back
    only_a = _outputs(only_quantized(qdq, model, {"conv_a"}), frames)
    full = _outputs(qdq, frames)
    np.testing.assert_allclose(only_a[0][1], reference[0][1], rtol=1e-5, atol=1e-5)  # b float
    np.testing.assert_allclose(only_a[0][0], full[0][0], rtol=1e-5, atol=1e-5)  # a int8
    assert output_error(only_a, reference) > 1e-4
    assert [n.op_type for n in qdq.graph.node].count("DequantizeLinear") >= 4  # qdq unchanged


def test_rank_puts_the_badly_calibrated_convolution_first(tmp_path: Path) -> None:
    model = _two_branches()
    qdq = _quantized(model, tmp_path)
    frames = _frames(3, outlier=False)
    ranked = rank_sensitivity(qdq, model, "x", [f["x"] for f in frames], ["conv_b", "conv_a"])
    assert [name for name, _ in ranked] == ["conv_a", "conv_b"]
    assert ranked[0][1] > 10 * ranked[1][1] > 0


def test_output_error_is_normalised() -> None:
    ref = [[np.arange(10, dtype=np.float32)]]
    assert output_error(ref, ref) == 0.0
    noisy = [[np.arange(10, dtype=np.float32) + 1]]
    assert output_error(noisy, ref) == pytest.approx(1 / np.var(np.arange(10)))
    scaled = [[1000 * (np.arange(10, dtype=np.float32) + 1)]]
    assert output_error(scaled, [[1000 * np.arange(10, dtype=np.float32)]]) == pytest.approx(
        output_error(noisy, ref)
    )
