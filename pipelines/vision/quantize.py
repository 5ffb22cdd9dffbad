"""Static int8 quantisation (QDQ) of a detector, calibrated on real frames.

The fp32 model stays; the int8 copy is written to ``<models>/quantized/NAME.int8.onnx`` and
used when ``vision.quantized = true``. Calibration runs the detector's own preprocessing on
real photos or camera frames (the user's own, never uploaded), so activation ranges match
what the model will see. Needs the ``onnx`` package (a Homebody dependency).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..core.errors import InputError, ModelError
from .detectors.base import Detector
from .geometry import Image
from .qdq import StaticQuantizer

MIN_CALIBRATION_FRAMES = 4
# The defaults below are the configuration that bench/vision_int8.py's label-free rule picks
# (docs/BENCHMARKS.md, "Vision: choosing the int8 configuration"); change them only with it.
CALIBRATION_METHOD = "percentile"
CALIBRATION_PERCENTILE = 99.999
SYMMETRIC_ACTIVATIONS = False
"""Default activation ranges: asymmetric (uint8 with a free zero point)."""
FLOAT_STEM = 3
"""Default number of first (raw-pixel) convolutions kept in float (besides the sensitive ones)."""
FLOAT_SENSITIVE = 4
"""Default number of most quantisation-sensitive convolutions kept in float."""
RANKING_FRAMES = 6
"""Calibration frames used to rank per-layer sensitivity."""


def calibration_images(paths: Iterable[Path], limit: int = 64) -> list[Image]:
    """Read photos (files or folders of photos) for calibration."""
    # lazy: start-up speed (.sources loads only when calibration_images() runs)
    from .sources import FolderCapture

    images: list[Image] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path} does not exist.")
        capture = FolderCapture(path)
        while len(images) < limit:
            ok, image = capture.read()
            if not ok:
                break
            images.append(image)
    return images


def upgrade_opset(source: Path, target: Path, opset: int = 13) -> Path:
    """Per-channel QDQ needs opset >= 13; convert older exports (written to ``target``)."""
    # lazy: start-up speed (onnx loads only when upgrade_opset() runs)
    import onnx
    from onnx import version_converter

    model = onnx.load(str(source))
    current = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
    if current >= opset:
        return source
    onnx.save(version_converter.convert_version(model, opset), str(target))
    return target


_TAIL_OPS = frozenset(
    {
        "Concat",
        "Reshape",
        "Transpose",
        "Sigmoid",
        "Softmax",
        "Flatten",
        "Squeeze",
        "Unsqueeze",
        "Slice",
        "Split",
        "Exp",
        "Identity",
        "Cast",
    }
)


def fuse_silu(model: Any) -> tuple[Any, int]:
    """Rewrite each SiLU pair ``Mul(x, Sigmoid(x))`` as one ``com.microsoft.QuickGelu(alpha=1)``.

    ``QuickGelu(x) = x * sigmoid(alpha * x)``, so with ``alpha = 1`` this is exact. onnxruntime
    fuses SiLU pairs itself in a float graph, but once the convolutions around them are
    quantised (QDQ) that fusion no longer applies and int8 runs slower than fp32; fusing
    before quantisation keeps one fast kernel per activation. Returns a new model (the input
    is not changed) and how many pairs were rewritten.
    """
    # lazy: start-up speed (onnx loads only when fuse_silu() runs)
    import onnx
    from onnx import helper

    fused = onnx.ModelProto()
    fused.CopyFrom(model)
    graph = fused.graph
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    graph_outputs = {o.name for o in graph.output}
    replaced: dict[int, Any] = {}  # id(Mul node) -> QuickGelu node
    dropped: set[int] = set()  # id(Sigmoid node)
    for node in graph.node:
        if node.op_type != "Sigmoid" or node.domain not in ("", "ai.onnx"):
            continue
        x, s = node.input[0], node.output[0]
        users = consumers.get(s, [])
        if s in graph_outputs or len(users) != 1:
            continue
        mul = users[0]
        if mul.op_type != "Mul" or sorted(mul.input) != sorted([x, s]):
            continue
        dropped.add(id(node))
        replaced[id(mul)] = helper.make_node(
            "QuickGelu", [x], [mul.output[0]], name=f"{mul.name or s}_silu",
            domain="com.microsoft", alpha=1.0,
        )  # fmt: skip
    if not replaced:
        return fused, 0
    nodes = [replaced.get(id(n), n) for n in graph.node if id(n) not in dropped]
    del graph.node[:]
    graph.node.extend(nodes)
    if not any(o.domain == "com.microsoft" for o in fused.opset_import):
        fused.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return fused, len(replaced)


def stem_convs(model_path: Path, count: int) -> list[str]:
    """The first ``count`` convolutions: they see raw pixels and are the most sensitive."""
    # lazy: start-up speed (onnx loads only when stem_convs() runs)
    import onnx

    graph = onnx.load(str(model_path)).graph
    return [n.name for n in graph.node if n.op_type == "Conv"][: max(0, count)]


def head_nodes(model_path: Path, include_prediction_convs: bool = True) -> list[str]:
    """The decode head: nodes between the last convolutions and the outputs.

    Detectors concatenate box offsets (large range) with probabilities (0..1) into one output;
    quantised together, the probabilities lose all precision. These nodes (and, optionally,
    the prediction convolutions feeding them) stay in float.
    """
    # lazy: start-up speed (onnx loads only when head_nodes() runs)
    import onnx

    graph = onnx.load(str(model_path)).graph
    producer = {out: node for node in graph.node for out in node.output}
    excluded: list[str] = []
    seen: set[str] = set()
    stack = [o.name for o in graph.output]
    while stack:
        node = producer.get(stack.pop())
        if node is None or node.name in seen:
            continue
        seen.add(node.name)
        if node.op_type in _TAIL_OPS:
            excluded.append(node.name)
            stack.extend(node.input)
        elif node.op_type == "Conv" and include_prediction_convs:
            excluded.append(node.name)
    return excluded


def prepare_model(model_path: Path, folder: Path, fuse_activations: bool = True) -> Path:
    """The float model as it will be quantised: opset >= 13, pre-processed, SiLU fused."""
    # lazy: start-up speed (onnx etc. load only when prepare_model() runs)
    import onnx
    from onnxruntime.quantization.shape_inference import quant_pre_process

    source = upgrade_opset(model_path, folder / "opset13.onnx")
    prepared = folder / "prepared.onnx"
    try:
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
    except Exception:  # pre-processing is an optimisation; quantise the original instead
        prepared = source
    if fuse_activations:
        fused, count = fuse_silu(onnx.load(str(prepared)))
        if count:
            prepared = folder / "fused.onnx"
            onnx.save(fused, str(prepared))
    return prepared


def ranking_sample(tensors: Sequence[Any], count: int = RANKING_FRAMES) -> list[Any]:
    """``count`` frames spread evenly over the calibration frames, for sensitivity ranking."""
    return list(tensors[:: max(1, len(tensors) // max(count, 1))][:count])


def sensitive_convs(
    quantizer: StaticQuantizer, folder: Path, exclude: Sequence[str]
) -> list[tuple[str, float]]:
    """Every quantised convolution with its output error when only it is int8, worst first."""
    # lazy: start-up speed (onnx, .sensitivity load only when sensitive_convs() runs)
    import onnx

    # lazy: start-up speed (.sensitivity loads only when sensitive_convs() runs)
    from .sensitivity import rank_sensitivity

    full = quantizer(folder / "full.onnx", exclude)
    qdq = onnx.load(str(full))
    candidates = [
        n.name for n in qdq.graph.node if n.op_type == "Conv" and n.name and n.name not in exclude
    ]
    return rank_sensitivity(
        qdq, onnx.load(str(quantizer.model)), quantizer.input_name,
        ranking_sample(quantizer.tensors), candidates,
    )  # fmt: skip


def quantize_detector(
    detector: Detector,
    images: Sequence[Image],
    output: Path,
    *,
    per_channel: bool = True,
    float_head: bool = True,
    float_stem: int = FLOAT_STEM,
    float_sensitive: int = FLOAT_SENSITIVE,
    method: str = CALIBRATION_METHOD,
    percentile: float = CALIBRATION_PERCENTILE,
    symmetric_activations: bool = SYMMETRIC_ACTIVATIONS,
    op_types: Sequence[str] | None = ("Conv",),
    fuse_activations: bool = True,
) -> Path:
    """Write a QDQ int8 version of ``detector``'s model to ``output``.

    Per-channel int8 weights, uint8 activations with ranges from ``method`` (by default the
    99.999th percentile), only convolutions quantised; the first ``float_stem`` convolutions
    (raw-pixel stem) and the decode head stay in float, and so do the ``float_sensitive``
    convolutions whose quantisation moves the outputs most on these frames
    (:func:`sensitive_convs`, label-free; how the defaults were chosen: docs/VISION.md).
    SiLU activations are first rewritten as single fused ops (:func:`fuse_silu`, exact) so
    they stay fast between the quantised convolutions.
    """
    if len(images) < MIN_CALIBRATION_FRAMES:
        raise InputError(
            f"Calibration needs at least {MIN_CALIBRATION_FRAMES} real photos or frames "
            f"(got {len(images)}). Point --calibration at a folder of photos from your cameras."
        )
    try:
        import onnx  # noqa: F401 - the quantiser needs it
    except ImportError as exc:
        raise ModelError("Quantisation needs the 'onnx' package: pip install onnx") from exc
    detector.prepare()
    tensors = [detector.preprocess(image)[0] for image in images]
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial.onnx")
    with tempfile.TemporaryDirectory(prefix="homebody-quant-") as tmp:
        folder = Path(tmp)
        try:
            prepared = prepare_model(detector.spec.model_path, folder, fuse_activations)
            exclude = (head_nodes(prepared) if float_head else []) + stem_convs(
                prepared, float_stem
            )
            quantizer = StaticQuantizer(
                prepared, detector.input_name, tensors, folder / "ranges.json",
                per_channel=per_channel, method=method, percentile=percentile, op_types=op_types,
                symmetric_activations=symmetric_activations,
            )  # fmt: skip
            if float_sensitive > 0:
                ranked = sensitive_convs(quantizer, folder, exclude)
                exclude += [name for name, _ in ranked[:float_sensitive]]
            quantizer(partial, exclude)
        except Exception as exc:
            partial.unlink(missing_ok=True)
            raise ModelError(f"Quantising {detector.name} failed: {exc}") from exc
    partial.replace(output)
    return output
