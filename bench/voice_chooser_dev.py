"""The chooser on development voices only: every reading of every utterance, re-chosen offline.

Development commands (``bench.voice_ootb``'s dev list, never the test split) spoken by
``bench.voice_dev_settings``' six development voices, or with ``--more-voices`` two more that no
test split uses, through the benchmark's voice loop (VAD, noise gate, segmenter, endpointer,
PocketSphinx + Whisper base). Every reading and its intent is kept, so choosing rules are
compared on the same readings: the shipped rule (``reading_chooser.best``), the rule before
sure refusals voted (:func:`best_before`), and the ceiling (any reading right). Also Whisper
base alone on the clip as synthesised (no noise, no VAD) and the loop's own Whisper reading:
what the loop costs Whisper, against what the voices and the noise cost it.

    python -m bench.voice_chooser_dev --commands 24                               # batch 1
    python -m bench.voice_chooser_dev --first 24 --commands 24 --more-voices --alternate

``--readings FILE`` writes every distinct reading with the intent that was *said* (JSONL:
text, intent, said, word errors against it, voice, source; filter by errors: a garbled reading
is no training text): training text for an intent model that expects recogniser
errors, from development voices only.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench.voice_audio import bench_assistant
from bench.voice_dev_settings import VOICES
from bench.voice_ootb import Run, Voice, label, speak, split_commands, with_noise
from bench.voice_score import heard as recognised
from bench.voice_score import pct, wer_counts

MORE_VOICES: list[Voice] = [("espeak-ng", "en-us+m1", 1.2), ("espeak-ng", "en-gb-x-rp", 0.85)]


def best_before(readings: list[Any]) -> Any:
    """The vote as shipped before 2026-12-07 evening: no-action readings never voted."""
    from pipelines.speech.pipeline.reading_chooser import (
        AGAIN_WEIGHT,
        WHISPER_WEIGHT,
        rank,
        surest,
    )

    votes: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for r in readings:
        if r.intent is None or rank(r)[0] < 1:
            continue
        family = "pocketsphinx" if r.source.startswith("pocketsphinx") else "whisper"
        weight = (WHISPER_WEIGHT if family == "whisper" else 1.0) * AGAIN_WEIGHT ** seen[family]
        seen[family] += 1
        votes[r.intent.name] += weight * r.intent.confidence
    if not votes:
        return max(readings, key=rank)
    winner = max(votes, key=lambda name: votes[name])
    return surest([r for r in readings if r.intent is not None and r.intent.name == winner])


def _named(choose: Any, readings: list[Any]) -> str:
    """The intent name of the reading ``choose`` picks ("" for none)."""
    chosen = choose(readings) if readings else None
    return chosen.intent.name if chosen is not None and chosen.intent is not None else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=24)
    parser.add_argument("--first", type=int, default=0, help="skip this many dev commands")
    parser.add_argument("--more-voices", action="store_true")
    parser.add_argument("--alternate", action="store_true",
                        help="noise alternates per voice and command (else by index parity: "
                        "with six voices each voice is always noisy or always quiet)")  # fmt: skip
    parser.add_argument("--readings", type=Path, help="write the readings (JSONL) here")
    parser.add_argument("--dump", type=Path, help="pickle every utterance's readings here "
                        "(re-choose offline: bench.voice_chooser_rules), its audio as the "
                        "loop cut it and the loop's own choice")  # fmt: skip
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-chooser-dev-")
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import locate
    from pipelines.speech.pipeline.reading_chooser import best, rank

    voices = VOICES + (MORE_VOICES if args.more_voices else [])
    _, dev = split_commands(34, args.first + args.commands)
    run = Run(app, assistant)
    base = WhisperRecognizer(locate("base", app.paths.models_dir), name="whisper-base")
    tally: Counter[str] = Counter()
    words: Counter[str] = Counter()
    out_file = open(args.readings, "w") if args.readings else None  # noqa: SIM115
    dumped: list[dict[str, Any]] = []
    try:
        for i, (text, intent) in enumerate(dev[args.first :]):
            for v, voice in enumerate(voices):
                index = i * len(voices) + v
                raw = speak(voice, text)
                pcm, _ = with_noise(raw, 2 * index + (i + v) % 2 if args.alternate else index)
                out = run.utterance(pcm)
                one = len(out["turns"]) == 1
                turn = out["turns"][0].turn if one else None
                # The chooser's order: PocketSphinx's reading first, then by rank (stable).
                chooser: Any = run.chooser
                readings = recognised(chooser.last)
                readings.sort(key=lambda r: r.source != "pocketsphinx")
                readings.sort(key=rank, reverse=True)
                right = {
                    "loop (shipped)": turn is not None and turn.intent.name == intent,
                    "shipped rule": one and _named(best, readings) == intent,
                    "rule before": one and _named(best_before, readings) == intent,
                    "any reading right": one and any(_named(lambda x: x[0], [r]) == intent
                                                     for r in readings),
                }  # fmt: skip
                dumped.append({"said": text, "intent": intent, "voice": label(voice),
                               "one": one, "readings": readings,
                               "chosen": list(chooser.last[:1]),
                               "pcm": run.heard[0] if run.heard else b""})  # fmt: skip
                if out_file is not None:
                    for r in dict((r.text, r) for r in reversed(readings) if r.text).values():
                        row = {"text": r.text, "intent": intent, "said": text,
                               "errors": wer_counts(text, r.text)[0],
                               "voice": label(voice), "source": r.source}  # fmt: skip
                        out_file.write(json.dumps(row) + "\n")
                loop_whisper = out["readings"].get("whisper-base", "")
                clean = (base.readings(raw) or [("", 0.0)])[0][0]
                for name, heard in (("Whisper, loop", loop_whisper), ("Whisper, clean", clean)):
                    right[name] = assistant.understand(heard).name == intent
                    words[name] += wer_counts(text, heard)[0]
                words["n"] += wer_counts(text, text)[1]
                for name, ok in right.items():
                    tally[name] += ok
                    tally[f"{name}/{voice[0]}"] += ok
                tally["n"] += 1
                tally[f"n/{voice[0]}"] += 1
            print(f"  {i + 1}/{args.commands}", file=sys.stderr, flush=True)
    finally:
        run.close()
        if out_file is not None:
            out_file.close()
        if args.dump is not None:
            args.dump.write_bytes(pickle.dumps(dumped))
    fams = sorted(k[2:] for k in tally if k.startswith("n/"))
    for name in ("loop (shipped)", "shipped rule", "rule before", "any reading right",
                 "Whisper, loop", "Whisper, clean"):  # fmt: skip
        per = ", ".join(f"{f} {tally[f'{name}/{f}']}/{tally[f'n/{f}']}" for f in fams)
        wer = f", WER {pct(words[name] / words['n'])}" if name in words else ""
        print(
            f"{name:>18}: {tally[name]}/{tally['n']} ({pct(tally[name] / tally['n'])}; {per}){wer}"
        )
    print(f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
