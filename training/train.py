"""Fine-tuning, distillation, evaluation and temperature calibration."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from .model import TAGS, JointModel
from .tokens import IGNORE, collate


@dataclass(frozen=True)
class TrainConfig:
    epochs: float = 3.0
    batch_size: int = 32
    lr: float = 8e-5
    head_lr: float = 1e-3
    warmup: float = 0.06
    slot_weight: float = 1.0
    label_smoothing: float = 0.0
    """On the intent loss only (slot tags stay hard)."""
    seed: int = 0
    log_every: int = 50
    distill_temperature: float = 2.0
    distill_alpha: float = 0.7


def batches(
    rows: Sequence[dict[str, Any]], size: int, rng: random.Random
) -> list[list[dict[str, Any]]]:
    """Length-bucketed shuffled batches (little padding, still random)."""
    order = list(rows)
    rng.shuffle(order)
    chunks = [order[i : i + size * 20] for i in range(0, len(order), size * 20)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda r: len(r["ids"]))
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def train(
    model: JointModel,
    rows: Sequence[dict[str, Any]],
    config: TrainConfig,
    teacher: JointModel | None = None,
    log: Any = print,
) -> dict[str, float]:
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    steps_per_epoch = math.ceil(len(rows) / config.batch_size)
    total = max(1, int(steps_per_epoch * config.epochs))
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    body = [p for n, p in model.named_parameters() if n.startswith("encoder.")]
    optim = torch.optim.AdamW(
        [{"params": body, "lr": config.lr}, {"params": heads, "lr": config.head_lr}],
        weight_decay=0.01,
    )
    warm = max(1, int(total * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    ce = nn.CrossEntropyLoss(ignore_index=IGNORE)
    if teacher is not None:
        teacher.eval()
    model.train()
    step = 0
    started = time.perf_counter()
    while step < total:
        for batch_rows in batches(rows, config.batch_size, rng):
            if step >= total:
                break
            batch = collate(batch_rows)
            intent_logits, slot_logits, _, _ = model(batch["input_ids"], batch["attention_mask"])
            loss = nn.functional.cross_entropy(
                intent_logits, batch["intent"], label_smoothing=config.label_smoothing
            )
            loss = loss + config.slot_weight * ce(
                slot_logits.reshape(-1, len(TAGS)), batch["tags"].reshape(-1)
            )
            if teacher is not None:
                with torch.no_grad():
                    t_intent, t_slot, _, _ = teacher(batch["input_ids"], batch["attention_mask"])
                temp = config.distill_temperature
                kd = (
                    nn.functional.kl_div(
                        nn.functional.log_softmax(intent_logits / temp, -1),
                        nn.functional.softmax(t_intent / temp, -1),
                        reduction="batchmean",
                    )
                    * temp
                    * temp
                )
                mask = batch["attention_mask"].bool()
                kd_slot = (
                    nn.functional.kl_div(
                        nn.functional.log_softmax(slot_logits[mask] / temp, -1),
                        nn.functional.softmax(t_slot[mask] / temp, -1),
                        reduction="batchmean",
                    )
                    * temp
                    * temp
                )
                loss = (1 - config.distill_alpha) * loss + config.distill_alpha * (kd + kd_slot)
            optim.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            step += 1
            if config.log_every and step % config.log_every == 0:
                rate = (time.perf_counter() - started) / step
                log(f"step {step}/{total} loss {loss.item():.4f} ({rate:.2f} s/step)")
    model.eval()
    return {"steps": step, "seconds": time.perf_counter() - started}


@torch.no_grad()
def predict(
    model: JointModel, rows: Sequence[dict[str, Any]], batch_size: int = 64
) -> tuple[torch.Tensor, list[list[int]]]:
    """Intent logits [N, C] and per-row predicted tag ids (specials included)."""
    model.eval()
    logits = []
    tags: list[list[int]] = []
    for i in range(0, len(rows), batch_size):
        chunk = rows[i : i + batch_size]
        batch = collate(chunk)
        intent_logits, slot_logits, _, _ = model(batch["input_ids"], batch["attention_mask"])
        logits.append(intent_logits)
        best = slot_logits.argmax(-1)
        for j, row in enumerate(chunk):
            tags.append(best[j, : len(row["ids"])].tolist())
    return torch.cat(logits), tags


def spans_from_tags(tags: Sequence[int]) -> set[tuple[str, int, int]]:
    """(slot, first token, last token) spans from BIO tag ids (an I- without B- starts a span)."""
    spans = set()
    current: tuple[str, int] | None = None
    for i, tag_id in enumerate([*tags, 0]):
        tag = TAGS[tag_id] if tag_id >= 0 else "O"
        if current and (tag == "O" or tag.startswith("B-") or tag[2:] != current[0]):
            spans.add((current[0], current[1], i - 1))
            current = None
        if tag != "O" and current is None:
            current = (tag[2:], i)
    return spans


def slot_f1(
    gold_rows: Sequence[dict[str, Any]],
    predicted: Sequence[Sequence[int]],
    labelled: Sequence[bool],
) -> float:
    tp = fp = fn = 0
    for row, pred, ok in zip(gold_rows, predicted, labelled, strict=True):
        if not ok:
            continue
        gold_tags = [t if t != IGNORE else 0 for t in row["tags"]]
        pred_tags = [p if row["tags"][k] != IGNORE else 0 for k, p in enumerate(pred)]
        gold, pred_spans = spans_from_tags(gold_tags), spans_from_tags(pred_tags)
        tp += len(gold & pred_spans)
        fp += len(pred_spans - gold)
        fn += len(gold - pred_spans)
    return 2 * tp / max(1, 2 * tp + fp + fn)


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Temperature T minimising validation NLL of softmax(logits / T)."""
    best_t, best_nll = 1.0, float("inf")
    for t in [x / 20 for x in range(10, 101)]:
        nll = nn.functional.cross_entropy(logits / t, labels).item()
        if nll < best_nll:
            best_t, best_nll = t, nll
    return best_t


def expected_calibration_error(probs: torch.Tensor, labels: torch.Tensor, bins: int = 10) -> float:
    conf, pred = probs.max(-1)
    correct = (pred == labels).float()
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            ece += sel.float().mean().item() * abs(
                conf[sel].mean().item() - correct[sel].mean().item()
            )
    return ece


def evaluate(
    model: Any,
    rows: list[dict[str, Any]],
    examples: list[Any],
    temperature: float = 1.0,
    predicted: tuple[Any, list[list[int]]] | None = None,
) -> dict[str, Any]:
    """Intent accuracy (overall and per source: own templates vs SLURP) and slot F1;
    ``predicted`` reuses a ``predict()`` result already at hand."""
    logits, tags = predicted or predict(model, rows)
    labels = torch.tensor([r["intent"] for r in rows])
    hits = (torch.softmax(logits / temperature, -1).argmax(-1) == labels).tolist()
    by_source: dict[str, list[int]] = {}
    for example, hit in zip(examples, hits, strict=True):
        source = "slurp" if example.source.startswith("slurp") else "templates"
        by_source.setdefault(source, []).append(int(hit))
    return {
        "n": len(rows),
        "intent_accuracy": sum(hits) / max(1, len(hits)),
        "by_source": {k: (sum(v) / len(v), len(v)) for k, v in by_source.items()},
        "slot_f1": slot_f1(rows, tags, [e.slots_labelled for e in examples]),
    }
