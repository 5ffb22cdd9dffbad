"""Tokenise examples with MiniLM's WordPiece tokenizer and align BIO slot tags."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from pipelines.core.intent import INTENTS

from .examples import Example
from .model import TAGS

TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}
INTENT_INDEX = {name: i for i, name in enumerate(INTENTS)}
IGNORE = -100


def load_tokenizer(path: Path, max_len: int) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_len)
    return tokenizer


def tag_tokens(offsets: Sequence[tuple[int, int]], example: Example) -> list[int]:
    """One tag per token: B- on a span's first token, I- inside, O outside, -100 on specials."""
    tags: list[int] = []
    for start, end in offsets:
        if start == end:  # [CLS], [SEP]
            tags.append(IGNORE)
            continue
        if not example.slots_labelled:
            tags.append(IGNORE)
            continue
        tag = "O"
        for slot, s_start, s_end in example.spans:
            if start >= s_start and end <= s_end:
                tag = ("B-" if start == s_start else "I-") + slot
                break
        tags.append(TAG_INDEX[tag])
    return tags


def encode(tokenizer: Any, examples: Sequence[Example]) -> list[dict[str, Any]]:
    encodings = tokenizer.encode_batch([e.text for e in examples])
    rows = []
    for example, enc in zip(examples, encodings, strict=True):
        rows.append(
            {
                "ids": enc.ids,
                "tags": tag_tokens(enc.offsets, example),
                "intent": INTENT_INDEX[example.intent],
            }
        )
    return rows


def collate(rows: Sequence[dict[str, Any]]) -> dict[str, torch.Tensor]:
    length = max(len(r["ids"]) for r in rows)
    ids = torch.zeros(len(rows), length, dtype=torch.long)
    mask = torch.zeros(len(rows), length, dtype=torch.long)
    tags = torch.full((len(rows), length), IGNORE, dtype=torch.long)
    for i, row in enumerate(rows):
        n = len(row["ids"])
        ids[i, :n] = torch.tensor(row["ids"])
        mask[i, :n] = 1
        tags[i, :n] = torch.tensor(row["tags"])
    intents = torch.tensor([r["intent"] for r in rows], dtype=torch.long)
    return {"input_ids": ids, "attention_mask": mask, "tags": tags, "intent": intents}
