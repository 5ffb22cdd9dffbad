"""Fuse the int8 intent model's self-attention into onnxruntime's ``QAttention`` kernel, with
bit-identical outputs: the same integer products, the same dequantisation, the same softmax.

    python -m training.fuse_attention models/intent/intent.int8.onnx [--out PATH]

At command size (15 tokens) most of a layer's non-GEMM time is per-op overhead: after
onnxruntime's own fusions each SqueezeBERT layer still runs query, key and value as three
``MatMulIntegerToFloat`` GEMMs, each followed by a Transpose and a Reshape, then two
``FusedMatMul``, the mask Add, a Softmax and three more Transpose/Reshape nodes (16 nodes).
``QAttention`` computes the same thing in one node: one int8 GEMM with the three weight
matrices side by side (per-column scales and zero points concatenated, so every output
element is the same integer sum times the same scale), then scaled dot-product attention with
the padding mask. The attention-mask subgraph the export builds (about 40 shape nodes) is
replaced by one Cast to the int32 key-padding mask ``QAttention`` takes. Masked keys get
-10000 instead of float32's lowest value; both make their softmax weight exactly 0.

The graph is first optimised by onnxruntime itself (``ORT_ENABLE_EXTENDED``, the same
fusions the app applies, see ``pipelines.language.onnx_model.SLOW_FUSIONS``), then rewritten;
the result is checked against the input model on random token ids, including a padded batch,
and refused unless every output is identical.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper

MASK_INT32 = "attention_mask_int32"


class FusionError(ValueError):
    """The graph does not have the attention pattern this rewrite knows."""


def ort_optimised(src: Path) -> onnx.ModelProto:
    """``src`` after onnxruntime's extended graph optimisations (as the app loads it)."""
    import onnxruntime as ort

    from pipelines.language.onnx_model import SLOW_FUSIONS

    with tempfile.TemporaryDirectory() as tmp:
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(Path(tmp) / "optimised.onnx")
        options.log_severity_level = 3
        ort.InferenceSession(
            str(src), options, providers=["CPUExecutionProvider"],
            disabled_optimizers=list(SLOW_FUSIONS),
        )  # fmt: skip
        return onnx.load(options.optimized_model_filepath)


def _attr(node: onnx.NodeProto, name: str) -> Any:
    for attribute in node.attribute:
        if attribute.name == name:
            return helper.get_attribute_value(attribute)
    return None


def _expect(node: onnx.NodeProto | None, op_type: str) -> onnx.NodeProto:
    if node is None or node.op_type != op_type:
        got = "nothing" if node is None else node.op_type
        raise FusionError(f"expected {op_type} in the attention block, found {got}")
    return node


class _Graph:
    def __init__(self, graph: onnx.GraphProto) -> None:
        self.graph = graph
        self.producer = {out: n for n in graph.node for out in n.output}
        self.users: dict[str, list[onnx.NodeProto]] = {}
        for node in graph.node:
            for name in node.input:
                self.users.setdefault(name, []).append(node)
        self.init = {t.name: t for t in graph.initializer}

    def before(self, node: onnx.NodeProto, index: int, op_type: str) -> onnx.NodeProto:
        return _expect(self.producer.get(node.input[index]), op_type)

    def after(self, node: onnx.NodeProto, op_type: str) -> onnx.NodeProto:
        users = self.users.get(node.output[0], [])
        return _expect(users[0] if len(users) == 1 else None, op_type)

    def array(self, name: str) -> np.ndarray:
        if name not in self.init:
            raise FusionError(f"{name} is not a constant")
        return numpy_helper.to_array(self.init[name])

    def concat(self, gemms: list[onnx.NodeProto], index: int, axis: int) -> str:
        name = f"{gemms[0].input[index]}_qkv"
        joined = np.concatenate([self.array(g.input[index]) for g in gemms], axis=axis)
        self.graph.initializer.append(numpy_helper.from_array(joined, name))
        return name


def _fuse_block(g: _Graph, qk: onnx.NodeProto, layer: int) -> tuple[onnx.NodeProto, set[int], int]:
    """One attention block (found from its Q.K^T FusedMatMul) -> a QAttention node, the ids
    of the nodes it replaces, and the id of the value GEMM, where it goes in node order."""
    q_reshape, k_reshape = g.before(qk, 0, "Reshape"), g.before(qk, 1, "Reshape")
    q_t, k_t = g.before(q_reshape, 0, "Transpose"), g.before(k_reshape, 0, "Transpose")
    q_mm = g.before(q_t, 0, "MatMulIntegerToFloat")
    k_mm = g.before(k_t, 0, "MatMulIntegerToFloat")
    add = g.after(qk, "Add")
    softmax = g.after(add, "Softmax")
    pv = g.after(softmax, "FusedMatMul")
    v_reshape = g.before(pv, 1, "Reshape")
    v_t = g.before(v_reshape, 0, "Transpose")
    v_mm = g.before(v_t, 0, "MatMulIntegerToFloat")
    out_t = g.after(pv, "Transpose")
    out_reshape = g.after(out_t, "Reshape")
    out_conv_t = g.after(out_reshape, "Transpose")
    gemms = [q_mm, k_mm, v_mm]
    # the same quantised input, scale and zero point for all three
    if len({tuple(m.input[i] for i in (0, 2, 4)) for m in gemms}) != 1:
        raise FusionError("query, key and value do not share one quantised input")
    if (
        _attr(qk, "transA") != 1
        or _attr(pv, "transB") != 1
        or _attr(pv, "alpha") not in (None, 1.0)
    ):
        raise FusionError("unexpected FusedMatMul attributes in the attention block")
    hidden = g.array(q_mm.input[1]).shape[1]
    head_size = round(1.0 / float(_attr(qk, "alpha")) ** 2)
    if hidden % head_size or abs(float(_attr(qk, "alpha")) - head_size**-0.5) > 1e-6:
        raise FusionError(f"the score scale {_attr(qk, 'alpha')} is not 1/sqrt(head size)")
    weight = g.concat(gemms, 1, axis=1)
    scale = g.concat(gemms, 3, axis=0)
    zero_point = g.concat(gemms, 5, axis=0)
    bias = g.concat(gemms, 6, axis=0)
    fused = helper.make_node(
        "QAttention",
        [q_mm.input[0], weight, bias, q_mm.input[2], scale, MASK_INT32, q_mm.input[4], zero_point],
        [out_conv_t.output[0]],
        name=f"qattention_{layer}",
        domain="com.microsoft",
        num_heads=hidden // head_size,
    )
    replaced = [q_reshape, k_reshape, q_t, k_t, q_mm, k_mm, add, softmax, pv, v_reshape, v_t]
    replaced += [v_mm, out_t, out_reshape, out_conv_t, qk]
    return fused, {id(n) for n in replaced}, id(v_mm)


def prune(graph: onnx.GraphProto) -> None:
    """Drop nodes no output depends on and initialisers no node reads."""
    live = {o.name for o in graph.output}
    keep: list[onnx.NodeProto] = []
    for node in reversed(list(graph.node)):
        if any(out in live for out in node.output):
            keep.append(node)
            live.update(name for name in node.input if name)
    del graph.node[:]
    graph.node.extend(reversed(keep))
    used = {name for node in graph.node for name in node.input}
    initialisers = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(initialisers)
    # shapes of the tensors that are left: onnxruntime's shape-dependent fusions need them
    produced = {name for node in graph.node for name in node.output}
    shapes = [v for v in graph.value_info if v.name in produced]
    del graph.value_info[:]
    graph.value_info.extend(shapes)


def fuse(model: onnx.ModelProto) -> int:
    """Rewrite every attention block of an onnxruntime-optimised intent graph in place;
    returns how many were fused (0: the graph has none left, e.g. already fused)."""
    g = _Graph(model.graph)
    blocks = [n for n in model.graph.node if n.op_type == "FusedMatMul" and _attr(n, "transA") == 1]
    if not blocks:
        return 0
    fused: dict[int, onnx.NodeProto] = {}  # keyed by the value GEMM it takes the place of
    removed: set[int] = set()
    for layer, qk in enumerate(blocks):
        node, gone, anchor = _fuse_block(g, qk, layer)
        fused[anchor] = node
        removed |= gone
    nodes = [helper.make_node("Cast", ["attention_mask"], [MASK_INT32], name="mask_int32", to=6)]
    for node in model.graph.node:
        if id(node) in fused:
            nodes.append(fused[id(node)])
        elif id(node) not in removed:
            nodes.append(node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    prune(model.graph)
    onnx.checker.check_model(model)
    return len(blocks)


def probe_feeds(model: onnx.ModelProto, seed: int = 0) -> list[dict[str, np.ndarray]]:
    """Random token ids: one sentence, and a padded batch of three lengths."""
    vocab = min(
        numpy_helper.to_array(t).shape[0] for t in model.graph.initializer
        if "word_embeddings" in t.name and numpy_helper.to_array(t).ndim == 2
    )  # fmt: skip
    rng = np.random.default_rng(seed)
    feeds = []
    for lengths in ((15,), (9, 23, 4), (32, 2)):
        ids = np.zeros((len(lengths), max(lengths)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, length in enumerate(lengths):
            ids[row, :length] = rng.integers(1000, vocab, size=length)
            ids[row, 0], ids[row, length - 1] = 101, 102
            mask[row, :length] = 1
        feeds.append({"input_ids": ids, "attention_mask": mask})
    return feeds


def app_session(model: Path | bytes) -> Any:
    """A session optimised as the app optimises it (``IntentModel``): extended level, the
    slow fusions off. Other options can fuse the two graphs differently, and a 1e-7
    difference before a dynamic quantisation can round an activation the other way."""
    import onnxruntime as ort

    from pipelines.language.onnx_model import SLOW_FUSIONS

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.log_severity_level = 3
    source = str(model) if isinstance(model, Path) else model
    return ort.InferenceSession(
        source, options, providers=["CPUExecutionProvider"],
        disabled_optimizers=list(SLOW_FUSIONS),
    )  # fmt: skip


def differences(a: Path | bytes, b: Path | bytes, feeds: list[dict[str, np.ndarray]]) -> float:
    """The largest absolute output difference between two models over ``feeds``."""
    first, second = app_session(a), app_session(b)
    worst = 0.0
    for feed in feeds:
        for x, y in zip(first.run(None, feed), second.run(None, feed), strict=True):
            worst = max(worst, float(np.abs(x.astype(np.float64) - y).max()))
    return worst


def fuse_file(src: Path, out: Path) -> dict[str, Any]:
    """Fuse ``src`` into ``out`` (the same path is fine) and prove the outputs identical."""
    before = len(onnx.load(src).graph.node)
    model = ort_optimised(src)
    blocks = fuse(model)
    if blocks == 0:
        return {"fused": 0, "note": f"{src} has no unfused attention block"}
    data = model.SerializeToString()
    worst = differences(src, data, probe_feeds(model))
    if worst != 0.0:
        raise FusionError(f"the fused model's outputs differ from {src}'s by up to {worst:g}")
    out.write_bytes(data)
    return {"fused": blocks, "nodes_before": before, "nodes_after": len(model.graph.node)}


def try_fuse(path: Path) -> dict[str, Any]:
    """Fuse ``path`` in place where its graph has the pattern (a grouped student's split
    query/key/value does not); otherwise leave it as it is and say why."""
    try:
        return fuse_file(path, path)
    except FusionError as exc:
        return {"fused": 0, "skipped": str(exc)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path, help="an int8 intent model from training.export")
    parser.add_argument("--out", type=Path, help="where to write it (default: in place)")
    args = parser.parse_args(argv)
    print(json.dumps(fuse_file(args.model, args.out or args.model), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
