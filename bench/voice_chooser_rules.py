"""Choosing rules compared offline on the loop's own readings: development voices and the real
recordings of ``../shared/data/speech`` (people reading aloud, not commands).

Development readings come from ``python -m bench.voice_chooser_dev ... --dump FILE`` (every
utterance's readings, kept with the intent that was said). The real recordings are read here,
through the benchmark's voice loop exactly as ``bench.voice_real`` feeds them (each turn's
readings kept: a long reading may be several turns), with ``--real-dump FILE`` (reused when it
exists). Every rule then re-chooses the same readings:

    python -m bench.voice_chooser_rules --dev /tmp/v23b/dev1.pkl /tmp/v23b/dev2.pkl \\
        --real-dump /tmp/v23b/real.pkl

Dev: commands right, false actions (a request acted on that was not the one said), and the
WER of the chosen text (an utterance split in two counts as nothing heard). Real
recordings: WER of the chosen readings joined per recording, and false actions (a turn
understood as a request: none of the recordings is a Homebody command; those understood at
least :data:`ACTS_AT` surely are acted on without a "Did you mean ...?").
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.voice_chooser_dev import best_before
from bench.voice_score import heard, pct, wer_counts

ACTS_AT = 0.55
"""The default ``nlu.confidence_threshold``: a request understood less surely is asked about
("Did you mean ...?"), not acted on."""


def read_real(path: Path) -> list[dict[str, Any]]:
    """Every turn's readings of every real recording (the loop's order: PocketSphinx first,
    then by rank), fed as ``bench.voice_real.run_real`` feeds them; pickled to ``path``."""
    from bench.voice_audio import bench_assistant, in_noise
    from bench.voice_ootb import Run
    from bench.voice_real import recordings
    from pipelines.audio.pcm import read_wav
    from pipelines.speech.pipeline.reading_chooser import rank

    app, assistant = bench_assistant("homebody-bench-chooser-real-")
    run = Run(app, assistant)
    chooser: Any = run.chooser
    choose = chooser.choose
    turns: list[list[Any]] = []

    def keep(transcript: Any, pcm: bytes) -> Any:
        out = choose(transcript, pcm)
        readings = sorted(heard(chooser.last), key=lambda r: r.source != "pocketsphinx")
        turns.append(sorted(readings, key=rank, reverse=True))
        return out

    chooser.choose = keep
    rows = []
    try:
        for i, (wav, ref) in enumerate(recordings()):
            pcm, _ = read_wav(wav)
            turns.clear()
            result = run.utterance(in_noise(pcm, 0.4, 1.0, 20_000 + i, level=5.0))
            loop = " ".join(t.transcript.text for t in result["turns"])
            rows.append({"file": wav.name, "ref": ref, "loop": loop, "turns": list(turns)})
            print(f"  {wav.name}: {len(turns)} turn(s)", file=sys.stderr, flush=True)
    finally:
        run.close()
        app.close()
    path.write_bytes(pickle.dumps(rows))
    return rows


def _acts(reading: Any) -> bool:
    from pipelines.core.intent import NO_ACTION_INTENTS

    return (
        reading is not None
        and reading.intent is not None
        and (reading.intent.name not in NO_ACTION_INTENTS)
    )


def score(choose: Callable[[list[Any]], Any], dev: list[dict[str, Any]],
          real: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """Dev right / false actions, real WER / false actions, for one rule."""
    right = false_dev = dev_errors = dev_words = 0
    for u in dev:
        chosen = choose(u["readings"]) if u["one"] and u["readings"] else None
        name = chosen.intent.name if chosen is not None and chosen.intent is not None else ""
        right += name == u["intent"]
        false_dev += _acts(chosen) and name != u["intent"]
        errors, words = wer_counts(u["said"], chosen.text if chosen is not None else "")
        dev_errors, dev_words = dev_errors + errors, dev_words + words
    errors = words = false_real = acted = 0
    for rec in real:
        chosen = [choose(t) for t in rec["turns"] if t]
        false_real += sum(_acts(c) for c in chosen)
        acted += sum(_acts(c) and c.intent.confidence >= ACTS_AT for c in chosen)
        errors += wer_counts(rec["ref"], " ".join(c.text for c in chosen))[0]
        words += wer_counts(rec["ref"], rec["ref"])[1]
    return {"right": right, "n": len(dev), "false_dev": false_dev,
            "dev_wer": dev_errors / max(1, dev_words),
            "wer": errors / max(1, words), "false_real": false_real, "acted": acted}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, nargs="*", default=[])
    parser.add_argument("--real-dump", type=Path, required=True)
    args = parser.parse_args(argv)
    from pipelines.speech.pipeline.reading_chooser import best, vote

    dev = [u for p in args.dev for u in pickle.loads(p.read_bytes())]
    real = (pickle.loads(args.real_dump.read_bytes()) if args.real_dump.is_file()
            else read_real(args.real_dump))  # fmt: skip
    rules: dict[str, Callable[[list[Any]], Any]] = {
        "shipped": best,
        "vote alone": vote,  # before free speech overruled it (2026-12-07 night)
        "no refusal": best_before,  # before sure refusals voted (2026-12-07 evening)
    }
    for name, rule in rules.items():
        s = score(rule, dev, real)
        print(f"{name:>10}: dev {s['right']}/{s['n']}, {s['false_dev']} false actions; "
              f"real WER {pct(s['wer'])}, {s['false_real']} requests chosen "
              f"({s['acted']} >= {ACTS_AT}: acted on without asking)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
