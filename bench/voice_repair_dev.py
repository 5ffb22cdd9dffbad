"""Repairing readings by sound (phrase_repair.py), measured offline on the loop's own readings.

Development voices only (``python -m bench.voice_chooser_dev ... --dump FILE``) and the real
recordings of ``../shared/data/speech`` (``python -m bench.voice_chooser_rules --real-dump
FILE``): the shipped choice (``reading_chooser.best``) against the same choice then repaired
(``phrase_repair.repair``, with the index the app builds from the templates), on the same
readings. Dev: commands right, false actions, WER of the chosen text. Real: WER and turns
understood as a request (none of the recordings is a command). And the repair step's cost
per turn (the index search, the intent model on the repaired sentence, the slot check; a
chosen reading the intent model is sure of skips it) and of the search alone on every turn:

    python -m bench.voice_repair_dev --dev /tmp/h23r/dev1.pkl /tmp/h23r/dev2.pkl \\
        --real-dump /tmp/h23r/real.pkl

``--show`` prints every utterance the repair changes (+ gained, - lost, = same intent).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.voice_chooser_rules import score
from bench.voice_score import pct, quantile


def _name(reading: Any) -> str:
    return reading.intent.name if reading is not None and reading.intent is not None else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, nargs="*", default=[])
    parser.add_argument("--real-dump", type=Path, required=True)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    from bench.voice_audio import bench_assistant
    from pipelines.language.spoken_form import extra_dictionary
    from pipelines.speech.adaptation.sphinx_model_files import model_dir
    from pipelines.speech.lm.phrase_build import load_phrase_index
    from pipelines.speech.pipeline.phrase_repair import nearest, repair
    from pipelines.speech.pipeline.reading_chooser import best

    dev = [u for p in args.dev for u in pickle.loads(p.read_bytes())]
    real = pickle.loads(args.real_dump.read_bytes())
    app, assistant = bench_assistant("homebody-bench-repair-")
    started = time.perf_counter()
    dicts = [extra_dictionary(), model_dir() / "cmudict-en-us.dict"]
    index = load_phrase_index(Path(tempfile.mkdtemp(prefix="homebody-phrases-")), dicts)
    built = time.perf_counter() - started
    index.nearest("hello")  # as the app does once the index is loaded (imports)
    assistant.understand("hello")  # the intent model's first run: the voice loop's is long past
    print(f"index: {len(index)} command sentences, built in {built:.1f} s", file=sys.stderr)
    costs: list[float] = []
    searches: list[float] = []

    def repaired(readings: list[Any]) -> Any:
        chosen = best(readings)
        begin = time.perf_counter()
        fixed = repair(readings, chosen, index, assistant.understand)
        costs.append(1000 * (time.perf_counter() - begin))
        begin = time.perf_counter()
        nearest(readings, index)  # the search alone, every turn (repair() skips sure ones)
        searches.append(1000 * (time.perf_counter() - begin))
        return chosen if fixed is None else fixed.reading

    rules: dict[str, Callable[[list[Any]], Any]] = {"shipped": best, "+ repair": repaired}
    for name, rule in rules.items():
        s = score(rule, dev, real)
        print(f"{name:>10}: dev {s['right']}/{s['n']}, {s['false_dev']} false actions, "
              f"WER {pct(s['dev_wer'])}; real WER {pct(s['wer'])}, {s['false_real']} requests "
              f"chosen ({s['acted']} acted on without asking)")  # fmt: skip
    for what, times in (("repair step", costs), ("search alone", searches)):
        times.sort()
        print(
            f"{what} per turn: p50 {quantile(times, 0.5):.1f} ms, p95 "
            f"{quantile(times, 0.95):.1f} ms, max {times[-1]:.1f} ms ({len(times)} turns)"
        )
    if args.show:
        for u in dev:
            if not (u["one"] and u["readings"]):
                continue
            was, now = best(u["readings"]), repaired(u["readings"])
            if was.text != now.text:
                said = u["intent"]
                tag = "=+-"[(_name(now) == said) - (_name(was) == said)]
                print(f"{tag} {u['voice']} | {u['said']} | {was.text} ({_name(was)}) -> "
                      f"{now.text} ({_name(now)})")  # fmt: skip
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
