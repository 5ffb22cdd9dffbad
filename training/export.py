"""Export the trained joint model to ONNX (opset 17) and quantise it to int8.

onnxruntime's int8 Conv path is slower than fp32 on CPU, so every Conv1d(kernel 1) of the
SqueezeBERT encoder is first replaced by the equivalent MatMul (a Linear on [N, W, C]); then
the MatMuls (constant weights only) and the embedding Gathers are quantised per channel.
Last, each layer's self-attention becomes one ``QAttention`` node with bit-identical outputs
(``training.fuse_attention``).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import torch
from torch import nn

from pipelines.core.intent import INTENTS

from .fuse_attention import try_fuse
from .model import TAGS, JointModel

OPSET = 17


class Conv1dAsMatMul(nn.Module):  # type: ignore[misc]
    """Conv1d(kernel 1) on [N, C, W] computed as a MatMul: y = (x^T W^T + b)^T."""

    def __init__(self, conv: nn.Conv1d) -> None:
        super().__init__()
        groups = conv.groups
        weight = conv.weight.detach()[:, :, 0]  # [out, in/groups]
        out_ch = weight.shape[0]
        self.groups = groups
        per_out = out_ch // groups
        # one 2-D [in/G, out/G] matrix per group: per-channel int8 needs 2-D MatMul weights
        self.weights = nn.ParameterList(
            nn.Parameter(weight[g * per_out : (g + 1) * per_out].t().contiguous())
            for g in range(groups)
        )
        self.bias = nn.Parameter(conv.bias.detach().clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xt = x.transpose(1, 2)  # [N, W, C]
        if self.groups == 1:
            y = torch.matmul(xt, self.weights[0])
        else:
            chunks = xt.chunk(self.groups, dim=-1)
            y = torch.cat(
                [torch.matmul(c, w) for c, w in zip(chunks, self.weights, strict=True)], -1
            )
        return (y + self.bias).transpose(1, 2)


def replace_convs(module: nn.Module) -> int:
    count = 0
    for name, child in list(module.named_children()):
        if isinstance(child, nn.Conv1d) and child.kernel_size == (1,):
            setattr(module, name, Conv1dAsMatMul(child))
            count += 1
        else:
            count += replace_convs(child)
    return count


class ExportWrapper(nn.Module):  # type: ignore[misc]
    """ids, mask -> calibrated intent probabilities, slot tag ids, sentence embedding."""

    def __init__(self, model: JointModel, temperature: float) -> None:
        super().__init__()
        self.model = model
        self.temperature = temperature

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, ...]:
        intent_logits, slot_logits, embedding, _ = self.model(input_ids, attention_mask)
        probs = torch.softmax(intent_logits / self.temperature, dim=-1)
        return probs, slot_logits.argmax(-1), embedding


def export_onnx(model: JointModel, path: Path, temperature: float, matmul: bool = True) -> int:
    import copy

    clone = copy.deepcopy(model).eval()
    replaced = replace_convs(clone) if matmul else 0
    wrapper = ExportWrapper(clone, temperature).eval()
    ids = torch.tensor([[101, 2275, 1037, 25645, 2005, 2274, 2781, 102]])
    mask = torch.ones_like(ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        wrapper,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["intent_probs", "slot_tags", "embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "intent_probs": {0: "batch"},
            "slot_tags": {0: "batch", 1: "sequence"},
            "embedding": {0: "batch"},
        },
        opset_version=OPSET,
        do_constant_folding=True,
        dynamo=False,
    )
    return replaced


def quantize(fp32: Path, int8: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32),
        str(int8),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
        extra_options={"MatMulConstBOnly": True},
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_model(
    model: JointModel,
    out: Path,
    temperature: float,
    tokenizer_src: Path,
    max_len: int,
    work: Path,
    name: str = "intent",
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from tokenizers import Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    fp32 = work / f"{name}.fp32.onnx"
    int8 = out / f"{name}.int8.onnx"
    replaced = export_onnx(model, fp32, temperature)
    quantize(fp32, int8)
    fusion = try_fuse(int8)  # same outputs, bit for bit; fewer, faster nodes
    tokenizer = Tokenizer.from_file(str(tokenizer_src))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_len)
    tokenizer.save(str(out / "tokenizer.json"))
    labels = {
        "intents": list(INTENTS),
        "tags": list(TAGS),
        "temperature": temperature,
        "max_len": max_len,
        "opset": OPSET,
        "exported": time.strftime("%Y-%m-%d %H:%M:%S"),
        "encoder": {
            "architecture": "SqueezeBERT",
            "layers": model.encoder.config.num_hidden_layers,
            "hidden": model.encoder.config.hidden_size,
            "groups": model.encoder.config.q_groups,
        },
        **(extra or {}),
    }
    (out / "labels.json").write_text(json.dumps(labels, indent=1) + "\n")
    return {
        "conv1d_replaced": replaced,
        "attention_fusion": fusion,
        "fp32_path": str(fp32),
        "fp32_bytes": fp32.stat().st_size,
        "int8_path": str(int8),
        "int8_bytes": int8.stat().st_size,
        "int8_sha256": sha256(int8),
    }
