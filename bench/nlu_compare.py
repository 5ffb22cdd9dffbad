"""Two intent models side by side in one run: accuracy on every held-out set, SLURP, Home
Assistant, int8 latency and size. Writes the ``nlu-compare`` section of docs/BENCHMARKS.md.

    python -m bench.nlu_compare --new /tmp/student [--old models/intent] [--runs 400]

- **Bare model, today's held-out split** (as ``bench.nlu`` builds it: held-out templates,
  SLURP devel test bucket, SLURP lm.txt online sentences, Home Assistant held-out templates).
  Requests labelled before round 2 gave reminders and jokes their own intents count as right
  when the new intent is predicted (``bench.round2_labels.ROUND1_HOMES``), for both models.
- **Through the app's recogniser** (rules + model + slot normalisation): the round-2 request
  set, SLURP devel mapped (test bucket), Home Assistant held-out templates, today's held-out.
- **Latency**: both models loaded in the same process, runs interleaved (old, new, old, ...)
  on the 12-word utterance with one thread, so machine load hits both alike; wall-clock
  median and the median of the calling thread's CPU time (onnxruntime with one intra-op
  thread computes on the calling thread), which load inflates far less.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.nlu import UTTERANCE_12, _group
from bench.round2_labels import ROUND1_HOMES, ROUND2_INTENTS
from pipelines.language.loader import intent_model_dir
from pipelines.language.onnx_model import IntentModel
from pipelines.language.recognizer import OnnxIntentRecognizer, prepare_text


def bare_accuracy(model: IntentModel, examples: list[Any]) -> dict[str, float]:
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for example in examples:
        probs = model.run([prepare_text(example.text)]).probs[0]
        got = model.intents[int(probs.argmax())]
        ok = got == example.intent or (got in ROUND2_INTENTS and example.intent in ROUND1_HOMES)
        for key in (_group(example), "all"):
            total[key] += 1
            hits[key] += ok
    return {k: hits[k] / total[k] for k in total}


def latencies(models: dict[str, IntentModel], runs: int) -> dict[str, dict[str, float]]:
    for model in models.values():
        for _ in range(20):
            model.run([UTTERANCE_12])
    wall: dict[str, list[float]] = {k: [] for k in models}
    cpu: dict[str, list[float]] = {k: [] for k in models}
    for _ in range(runs):
        for name, model in models.items():
            w, c = time.perf_counter(), time.thread_time()
            model.run([UTTERANCE_12])
            cpu[name].append((time.thread_time() - c) * 1000)
            wall[name].append((time.perf_counter() - w) * 1000)
    return {
        k: {
            "wall_p50_ms": statistics.median(wall[k]),
            "wall_min_ms": min(wall[k]),
            "cpu_p50_ms": statistics.median(cpu[k]),
        }
        for k in models
    }


def recogniser_results(folder: Path, threshold: float) -> dict[str, Any]:
    from bench.nlu_requests import hass, requests, slurp, todays_heldout

    recognizer = OnnxIntentRecognizer(folder, threads=1, threshold=threshold)
    recognizer.prepare()
    found = requests(recognizer)
    found.pop("misses", None)
    return {
        "requests": found,
        "slurp": slurp(recognizer, threshold),
        "hass": hass(recognizer),
        "todays_heldout": todays_heldout(recognizer),
    }


def _cache_file(args: argparse.Namespace, name: str) -> Path | None:
    if args.results is None:
        return None
    args.results.mkdir(parents=True, exist_ok=True)
    return Path(args.results) / f"{name}.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, default=intent_model_dir())
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--threshold", type=float, default=0.55)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--results", type=Path,
        help="folder caching each model's accuracy (today.json, new.json; written when "
        "missing): accuracy is deterministic, latency is always measured in this run",
    )  # fmt: skip
    parser.add_argument("--only", choices=("today", "new"), help="evaluate one model only")
    parser.add_argument("--accuracy-only", action="store_true", help="skip the latency runs")
    args = parser.parse_args(argv)
    from training.data import build_dataset

    folders = {"today": args.old, "new": args.new}
    models = {k: IntentModel(f, threads=1) for k, f in folders.items()}
    for model in models.values():
        model.load()
    test = build_dataset(per_template=1, use_hass=True).test
    result: dict[str, Any] = {}
    if not args.accuracy_only:
        result["latency"] = latencies(models, args.runs)
    for name, folder in folders.items():
        labels = json.loads((folder / "labels.json").read_text())
        cache = _cache_file(args, name)
        if cache is not None and cache.is_file():
            result[name] = json.loads(cache.read_text())
            result[name].setdefault("temperature", labels.get("temperature"))
            continue
        if args.only and name != args.only:
            continue
        result[name] = {
            "bare": bare_accuracy(models[name], test),
            "app": recogniser_results(folder, args.threshold),
            "size_mb": (folder / "intent.int8.onnx").stat().st_size / 1e6,
            "layers": labels.get("encoder", {}).get("layers"),
            "temperature": labels.get("temperature"),
        }
        if cache is not None:
            cache.write_text(json.dumps(result[name], indent=1))
    print(json.dumps(result, indent=1))
    if not args.no_write and "latency" in result and "today" in result and "new" in result:
        write(result, args)
    return 0


def _old_flag(args: argparse.Namespace) -> str:
    """`` --old DIR`` when today's model is not the installed one (e.g. the file before a
    rewrite, taken from git), so the written command says what was compared."""
    return "" if args.old.resolve() == intent_model_dir().resolve() else f" --old {args.old}"


def write(result: dict[str, Any], args: argparse.Namespace) -> None:
    from bench.nlu_compare_report import render
    from bench.report import write_section

    write_section(
        "nlu-compare",
        "Intent model: today's vs the new one, side by side",
        f"python -m bench.nlu_compare{_old_flag(args)} --new {args.new} --runs {args.runs}",
        render(result),
    )


if __name__ == "__main__":
    raise SystemExit(main())
