"""The joint intent + BIO slot model over a SqueezeBERT encoder."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from pipelines.core.intent import INTENTS, SLOTS

TAGS: tuple[str, ...] = ("O", *(f"{p}-{s}" for s in SLOTS for p in ("B", "I")))


class JointModel(nn.Module):  # type: ignore[misc]
    """SqueezeBERT encoder; mean-pooled sentence embedding -> intent; tokens -> BIO tags."""

    def __init__(self, encoder: Any, hidden: int = 384, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.intent_head = nn.Linear(hidden, len(INTENTS))
        self.slot_head = nn.Linear(hidden, len(TAGS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """(intent_logits, slot_logits, sentence_embedding, token_states)."""
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        states = out.last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        intent_logits = self.intent_head(self.dropout(pooled))
        slot_logits = self.slot_head(self.dropout(states))
        embedding = nn.functional.normalize(pooled, dim=-1)
        return intent_logits, slot_logits, embedding, states


def teacher_from_minilm(layers: int = 6) -> JointModel:
    """The joint model over MiniLM's encoder (all 6 layers, or its bottom ``layers``)."""
    from .minilm import squeezebert_from_minilm

    return JointModel(squeezebert_from_minilm(layers))


def grouped_student(
    teacher: JointModel | None = None, groups: int = 4, layers: int = 6
) -> JointModel:
    """SqueezeBERT with grouped q/k/v/intermediate/output convolutions (the paper's layout).

    Initialised from the teacher where shapes allow: embeddings, layer norms, the
    post-attention projection and biases are copied; each grouped weight takes the
    block-diagonal part of the teacher's dense weight (scaled), then distillation trains it.
    """
    import copy

    from transformers import SqueezeBertModel

    from .minilm import squeezebert_config

    if teacher is None:
        return JointModel(SqueezeBertModel(squeezebert_config(groups=groups, layers=layers)))
    config = copy.deepcopy(teacher.encoder.config)
    config.num_hidden_layers = layers
    for name in ("q_groups", "k_groups", "v_groups", "intermediate_groups", "output_groups"):
        setattr(config, name, groups)
    student = JointModel(SqueezeBertModel(config), hidden=config.hidden_size)
    source = teacher.state_dict()
    target = student.state_dict()
    mapped = {}
    for key, value in target.items():
        src_key = key
        if key.startswith("encoder.encoder.layers."):
            index = int(key.split(".")[3])
            stride = max(1, teacher.encoder.config.num_hidden_layers // layers)
            parts = key.split(".")
            parts[3] = str(index * stride + stride - 1)
            src_key = ".".join(parts)
        if src_key not in source:
            continue
        src = source[src_key]
        if src.shape == value.shape:
            mapped[key] = src.clone()
        elif src.dim() == 3 and value.dim() == 3:
            out_ch, in_per_group, _ = value.shape
            per_out = out_ch // groups
            blocks = [
                src[g * per_out : (g + 1) * per_out, g * in_per_group : (g + 1) * in_per_group, :]
                for g in range(groups)
            ]
            mapped[key] = torch.cat(blocks, 0) * (src.shape[1] / in_per_group) ** 0.5 / 2
    student.load_state_dict(mapped, strict=False)
    return student


def truncated_student(teacher: JointModel, layers: int) -> JointModel:
    """A copy of the teacher keeping its bottom ``layers`` encoder layers (and its heads):
    the student starts from what the teacher's lower layers learned, then distils."""
    import copy

    student = copy.deepcopy(teacher)
    encoder = student.encoder
    encoder.encoder.layers = nn.ModuleList(list(encoder.encoder.layers)[:layers])
    encoder.config.num_hidden_layers = layers
    return student


def tiny_model(groups: int = 1) -> JointModel:
    """A randomly initialised 2-layer, 64-wide SqueezeBERT (smoke tests only)."""
    from transformers import SqueezeBertModel

    from .minilm import squeezebert_config

    config = squeezebert_config(
        groups=groups, layers=2, hidden_size=64, embedding_size=64, num_attention_heads=4,
        intermediate_size=128, max_position_embeddings=64,
    )  # fmt: skip
    return JointModel(SqueezeBertModel(config), hidden=64)
