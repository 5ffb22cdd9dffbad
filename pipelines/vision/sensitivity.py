"""Which convolutions suffer most from int8? Per-layer sensitivity of a QDQ model.

Mixed precision: quantise every convolution, then measure, one convolution at a time, how far
the model's outputs move from the float model's when *only that convolution* (its weights,
its input and its output) is quantised. The most sensitive few stay in float. Label-free: the
only reference is the float model's own output on the calibration frames.

The one-at-a-time models are made by rewiring a single QDQ model (every other convolution
reads the float tensors again) rather than re-quantising once per layer, so ranking YOLOX-Nano's
~100 convolutions on a few frames takes about a minute on one core.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

_QDQ = ("QuantizeLinear", "DequantizeLinear")


def only_quantized(qdq_model: Any, float_model: Any, keep: Collection[str]) -> Any:
    """A copy of ``qdq_model`` in which only the nodes named in ``keep`` stay quantised.

    Every other node reads the float tensors again: activations from before their
    Quantize/Dequantize pair, convolution weights from ``float_model``'s initialisers (biases
    from their Dequantize output, which is exact to int32 precision). The output quantisation
    of a kept node stays, as it would in the mixed model. Node names must match between the
    two models (``float_model`` is the one that was quantised).
    """
    # lazy: start-up speed (onnx loads only when only_quantized() runs)
    import onnx

    model = onnx.ModelProto()
    model.CopyFrom(qdq_model)
    graph = model.graph
    float_inputs = {n.name: list(n.input) for n in float_model.graph.node if n.name}
    float_init = {i.name: i for i in float_model.graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    present = {i.name for i in graph.initializer}
    kept_outputs = {out for node in graph.node if node.name in keep for out in node.output}
    for node in graph.node:
        if node.op_type in _QDQ or node.name in keep:
            continue
        original = float_inputs.get(node.name)
        for index, name in enumerate(node.input):
            dq = producer.get(name)
            if dq is None or dq.op_type != "DequantizeLinear":
                continue
            q = producer.get(dq.input[0])
            if q is not None and q.op_type == "QuantizeLinear":
                if q.input[0] not in kept_outputs:
                    node.input[index] = q.input[0]  # activation: back to float
            elif original is not None and index < len(original):  # a quantised initialiser
                source = original[index]
                if source in producer:  # e.g. a bias whose Dequantize output kept its name
                    continue
                if source not in present and source in float_init:
                    graph.initializer.append(float_init[source])
                    present.add(source)
                node.input[index] = source
    for output in graph.output:  # an output that is a Dequantize of a float node's result
        dq = producer.get(output.name)
        q = (
            producer.get(dq.input[0])
            if dq is not None and dq.op_type == "DequantizeLinear"
            else None
        )
        if (
            dq is not None
            and q is not None
            and q.op_type == "QuantizeLinear"
            and q.input[0] not in kept_outputs
        ):
            dq.op_type, dq.domain = "Identity", ""
            del dq.input[:], dq.attribute[:]
            dq.input.append(q.input[0])
    return model


def output_error(outputs: Sequence[Sequence[Any]], reference: Sequence[Sequence[Any]]) -> float:
    """Mean normalised squared error over frames and output tensors (0 = identical).

    Each output tensor's mean squared difference is divided by the reference tensor's
    variance, so outputs of different scales count alike.
    """
    errors = [
        float(np.mean((np.asarray(a, np.float64) - b) ** 2) / max(float(np.var(b)), 1e-12))
        for frame, ref in zip(outputs, reference, strict=True)
        for a, b in zip(frame, (np.asarray(r, np.float64) for r in ref), strict=True)
    ]
    return float(np.mean(errors)) if errors else 0.0


def _session(model: Any) -> Any:
    # lazy: start-up speed (onnxruntime loads only when _session() runs)
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def rank_sensitivity(
    qdq_model: Any,
    float_model: Any,
    input_name: str,
    tensors: Sequence[Any],
    candidates: Sequence[str],
) -> list[tuple[str, float]]:
    """``candidates`` (quantised node names) with their output error, most sensitive first."""
    feeds = [{input_name: t} for t in tensors]
    reference_session = _session(float_model)
    reference = [reference_session.run(None, feed) for feed in feeds]
    scored: list[tuple[str, float]] = []
    for name in candidates:
        session = _session(only_quantized(qdq_model, float_model, {name}))
        scored.append((name, output_error([session.run(None, f) for f in feeds], reference)))
    scored.sort(key=lambda item: -item[1])
    return scored
