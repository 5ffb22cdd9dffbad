"""training.fuse_attention: the int8 intent model's attention as one QAttention node, with
bit-identical outputs (onnx + onnxruntime only: runs without the train extra)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from training.fuse_attention import (
    FusionError,
    app_session,
    differences,
    fuse,
    fuse_file,
    probe_feeds,
    try_fuse,
)

HIDDEN, HEADS, VOCAB = 64, 4, 2000
MS = "com.microsoft"


def _one_layer(seed: int = 0) -> onnx.ModelProto:
    """One SqueezeBERT attention block as onnxruntime leaves the exported int8 graph:
    q/k/v MatMulIntegerToFloat on a shared DynamicQuantizeLinear, Transpose + Reshape to
    [N, H, d, W], FusedMatMul Q.K^T (transA, alpha = 1/sqrt(d)), + the additive mask,
    Softmax, FusedMatMul with V (transB), Transpose/Reshape/Transpose back to [N, W, C], the
    output GEMM, then a mean-pooled vector and per-token argmax like the model's heads."""
    rng = np.random.default_rng(seed)
    head = HIDDEN // HEADS
    consts: dict[str, np.ndarray] = {
        "word_embeddings": rng.normal(0, 1, (VOCAB, HIDDEN)).astype(np.float32),
        "heads_shape": np.array([0, HEADS, head, -1], dtype=np.int64),
        "merge_shape": np.array([0, HIDDEN, -1], dtype=np.int64),
        "one": np.array(1.0, dtype=np.float32),
        "lowest": np.array(np.finfo(np.float32).min, dtype=np.float32),
        "mask_axes": np.array([1, 2], dtype=np.int64),
    }
    nodes = [
        helper.make_node("Gather", ["word_embeddings", "input_ids"], ["x"]),
        helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Sub", ["one", "maskf"], ["inverted"]),
        helper.make_node("Mul", ["inverted", "lowest"], ["additive"]),
        helper.make_node("Unsqueeze", ["additive", "mask_axes"], ["mask4"]),
    ]
    for name in ("query", "key", "value"):
        consts[f"{name}_w"] = rng.integers(-127, 128, (HIDDEN, HIDDEN)).astype(np.int8)
        consts[f"{name}_s"] = rng.uniform(0.002, 0.01, HIDDEN).astype(np.float32)
        consts[f"{name}_z"] = np.zeros(HIDDEN, dtype=np.int8)
        consts[f"{name}_b"] = rng.normal(0, 0.1, HIDDEN).astype(np.float32)
        nodes += [
            helper.make_node(
                "MatMulIntegerToFloat",
                ["xq", f"{name}_w", "xs", f"{name}_s", "xz", f"{name}_z", f"{name}_b"],
                [f"{name}_mm"],
                domain=MS,
            ),
            helper.make_node("Transpose", [f"{name}_mm"], [f"{name}_t"], perm=[0, 2, 1]),
            helper.make_node("Reshape", [f"{name}_t", "heads_shape"], [f"{name}_r"]),
        ]
    consts["out_w"] = rng.integers(-127, 128, (HIDDEN, HIDDEN)).astype(np.int8)
    consts["out_s"] = rng.uniform(0.002, 0.01, HIDDEN).astype(np.float32)
    consts["out_z"] = np.zeros(HIDDEN, dtype=np.int8)
    consts["out_b"] = rng.normal(0, 0.1, HIDDEN).astype(np.float32)
    nodes += [
        helper.make_node(
            "FusedMatMul",
            ["query_r", "key_r"],
            ["scores"],
            domain=MS,
            transA=1,
            alpha=float(head**-0.5),
        ),
        helper.make_node("Add", ["scores", "mask4"], ["masked"]),
        helper.make_node("Softmax", ["masked"], ["probs"], axis=-1),
        helper.make_node("FusedMatMul", ["probs", "value_r"], ["context"], domain=MS, transB=1),
        helper.make_node("Transpose", ["context"], ["context_t"], perm=[0, 1, 3, 2]),
        helper.make_node("Reshape", ["context_t", "merge_shape"], ["context_r"]),
        helper.make_node("Transpose", ["context_r"], ["hidden"], perm=[0, 2, 1]),
        helper.make_node(
            "DynamicQuantizeMatMul",
            ["hidden", "out_w", "out_s", "out_z", "out_b"],
            ["output"],
            domain=MS,
        ),
        helper.make_node("ReduceMean", ["output"], ["embedding"], axes=[1], keepdims=0),
        helper.make_node("ArgMax", ["output"], ["slot_tags"], axis=-1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "one_layer",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [
            helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", HIDDEN]),
            helper.make_tensor_value_info("slot_tags", TensorProto.INT64, ["batch", "seq"]),
        ],
        [numpy_helper.from_array(v, k) for k, v in consts.items()],
    )  # fmt: skip
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)]
    return helper.make_model(graph, opset_imports=opsets)


def test_the_attention_block_becomes_one_qattention_with_identical_outputs() -> None:
    model = _one_layer()
    original = model.SerializeToString()
    assert fuse(model) == 1
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("QAttention") == 1
    assert "FusedMatMul" not in ops and "Softmax" not in ops and "MatMulIntegerToFloat" not in ops
    # the same values, bit for bit: one sentence, padded batches (the mask really masks)
    feeds = probe_feeds(model)
    assert any((feed["attention_mask"] == 0).any() for feed in feeds)
    assert differences(original, model.SerializeToString(), feeds) == 0.0
    # and the padding matters: without the mask the sentence vectors would change
    unmasked = [{**f, "attention_mask": np.ones_like(f["attention_mask"])} for f in feeds[1:]]
    masked_out = app_session(model.SerializeToString()).run(None, feeds[1])[0]
    assert not np.array_equal(
        masked_out, app_session(model.SerializeToString()).run(None, unmasked[0])[0]
    )


def test_a_fused_graph_has_nothing_left_to_fuse() -> None:
    model = _one_layer()
    assert fuse(model) == 1
    assert fuse(model) == 0


def _with_log_softmax() -> onnx.ModelProto:
    model = _one_layer()
    for node in model.graph.node:
        if node.op_type == "Softmax":
            node.op_type = "LogSoftmax"  # not the attention this rewrite knows
    return model


def test_an_unexpected_block_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    with pytest.raises(FusionError, match="Softmax"):
        fuse(_with_log_softmax())
    path = tmp_path / "intent.int8.onnx"
    onnx.save(_with_log_softmax(), path)
    before = path.read_bytes()
    result = try_fuse(path)
    assert result["fused"] == 0 and "Softmax" in result["skipped"]
    assert path.read_bytes() == before


def test_fuse_file_writes_the_fused_model(tmp_path: Path) -> None:
    src, out = tmp_path / "in.onnx", tmp_path / "out.onnx"
    onnx.save(_one_layer(seed=3), src)
    result = fuse_file(src, out)
    assert result["fused"] == 1
    assert result["nodes_after"] < result["nodes_before"]
    assert differences(src, out, probe_feeds(onnx.load(out), seed=5)) == 0.0


def test_the_shipped_intent_model_is_fused() -> None:
    """The bundled model runs each layer's attention as one QAttention node (fails on the
    model shipped before 2026-12-07's fusion, which ran 16 nodes per layer)."""
    path = Path(__file__).resolve().parents[2] / "models" / "intent" / "intent.int8.onnx"
    ops = [n.op_type for n in onnx.load(path).graph.node]
    assert ops.count("QAttention") == 6
    assert "FusedMatMul" not in ops and "Softmax" in ops  # the intent head's softmax only
    assert ops.count("Softmax") == 1
