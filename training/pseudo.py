"""Self-training: SLURP ``lm.txt`` sentences labelled by the model itself (confident ones only).

``lm.txt`` holds ~11.5k distinct real assistant requests without labels. After the first
training round the model labels them; sentences whose calibrated top probability clears a high
threshold join the training data for the next round as intent-only examples (their slot tags
are ignored by the loss). Guards that keep the evaluation honest:

- the 20% of sentences that ``slurp.lm_negatives`` may put into the held-out test part (same
  hash bucket) are never labelled, whatever their content;
- sentences equal to any validation or test utterance are skipped;
- a cap per intent keeps the big "no action" classes from swamping the rest.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .examples import Example


def candidate_sentences(path: Path, exclude: Iterable[str]) -> list[str]:
    """Distinct lower-cased lm.txt sentences that may be used for training."""
    banned = {" ".join(t.lower().split()) for t in exclude}
    seen: set[str] = set()
    out: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = " ".join(line.strip().lower().split())
            if not text or text in seen or text in banned:
                continue
            seen.add(text)
            bucket = int(hashlib.sha256(f"lm:{text}".encode()).hexdigest(), 16) % 10
            if bucket >= 8:  # the part lm_negatives may hold out for testing
                continue
            out.append(text)
    return out


def pseudo_label(
    model: Any,
    tokenizer: Any,
    sentences: list[str],
    temperature: float,
    threshold: float = 0.9,
    cap_per_intent: int = 300,
    seed: int = 0,
) -> tuple[list[Example], dict[str, int]]:
    """Confidently labelled examples and the count kept per intent."""
    import torch

    from pipelines.core.intent import INTENTS

    from .tokens import encode
    from .train import predict

    rows = encode(tokenizer, [Example(text, "out_of_scope") for text in sentences])
    logits, _ = predict(model, rows)
    probs = torch.softmax(logits / temperature, -1)
    confidence, best = probs.max(-1)
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, conf, index in zip(sentences, confidence.tolist(), best.tolist(), strict=True):
        if conf >= threshold:
            by_intent[INTENTS[index]].append(text)
    rng = random.Random(seed)
    kept: list[Example] = []
    counts: dict[str, int] = {}
    for intent, texts in sorted(by_intent.items()):
        rng.shuffle(texts)
        chosen = texts[:cap_per_intent]
        counts[intent] = len(chosen)
        kept += [Example(t, intent, (), "slurp-pseudo", slots_labelled=False) for t in chosen]
    return kept, counts
