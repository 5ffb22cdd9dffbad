"""Scores ``bench.voice_denoise_dev``'s dump: intent accuracy and WER per recogniser, raw vs
denoised input, in noise and quiet, and the voice loop's chooser (phrase repair included) on
each pairing of raw / denoised inputs. Reads text only: no audio is decoded again.

    python -m bench.voice_denoise_score /tmp/denoise.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.voice_audio import bench_assistant
from bench.voice_score import wer_counts as wer
from pipelines.speech.asr.base import Transcript


def pairings(row: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Every (PocketSphinx input, Whisper input) the dump has, named."""
    ps = [k[3:] for k in row if k.startswith("ps_")]
    wb = [k[3:] for k in row if k.startswith("wb_")]
    return {f"ps {p} + wb {w}": (p, w) for p in ps for w in wb}


class _Cached:
    """A Whisper engine that answers with the readings already in the dump."""

    name = "whisper-base"

    def __init__(self) -> None:
        self.found: list[tuple[str, float]] = []

    def prepare(self) -> None:
        pass

    def readings(self, pcm: bytes) -> list[tuple[str, float]]:
        return self.found


def main(argv: list[str] | None = None) -> int:
    from pipelines.speech.pipeline.reading_chooser import ReadingChooser
    from pipelines.speech.pipeline.session import _phrase_repairer

    args = argv or sys.argv[1:]
    path = Path(args[0])
    failures = args[1] if len(args) > 1 else "ps den + wb raw"
    rows = [json.loads(line) for line in path.open()]
    app, assistant = bench_assistant("homebody-bench-denoise-score-")
    engine = _Cached()
    chooser = ReadingChooser(engine, assistant.understand, _phrase_repairer(app))  # type: ignore[arg-type]
    chooser.warm_up()
    chooser.wait_ready()
    tally: dict[tuple[str, bool], list[int]] = {}
    errors: dict[tuple[str, bool], list[int]] = {}
    fails: list[str] = []

    def add(name: str, noisy: bool, ok: bool, said: str, heard: str) -> None:
        t = tally.setdefault((name, noisy), [0, 0])
        t[0] += ok
        t[1] += 1
        e = errors.setdefault((name, noisy), [0, 0])
        a, b = wer(said, heard)
        e[0] += a
        e[1] += b

    for row in rows:
        said, intent, noisy = row["said"], row["intent"], row["noisy"]
        for key in [k for k in row if k[:3] in ("ps_", "wb_")]:
            text = row[key][0] if key.startswith("ps_") else (row[key] or [[""]])[0][0]
            ok = assistant.understand(text).name == intent
            add(("PocketSphinx " if key.startswith("ps_") else "Whisper base ") + key[3:],
                noisy, ok, said, text)  # fmt: skip
        for name, (p, w) in pairings(row).items():
            text, conf = row[f"ps_{p}"]
            engine.found = [(t, c) for t, c in row[f"wb_{w}"]]
            chosen = chooser.choose(Transcript(text, (), conf, engine="pocketsphinx"), b"")
            ok = assistant.understand(chosen.text).name == intent
            add(name, noisy, ok, said, chosen.text)
            if not ok and name == failures:
                fails.append(f"| {row['voice']} | {'noise' if noisy else 'quiet'} | {said} | "
                             f"{text} | {row['wb_' + w][0][0] if row['wb_' + w] else ''} | "
                             f"{chosen.text} |")  # fmt: skip
    chooser.close()
    print("| Reading | Intent, noisy | Intent, quiet | WER noisy | WER quiet |")
    print("|---|---|---|---|---|")
    for name in dict.fromkeys(k[0] for k in tally):
        n, q = tally[name, True], tally[name, False]
        en, eq = errors[name, True], errors[name, False]
        print(f"| {name} | {n[0]}/{n[1]} {100 * n[0] / n[1]:.1f}% | {q[0]}/{q[1]} "
              f"{100 * q[0] / q[1]:.1f}% | {100 * en[0] / en[1]:.1f}% | "
              f"{100 * eq[0] / eq[1]:.1f}% |")  # fmt: skip
    print(f"\nFailures ({failures}): voice | cond | said | PocketSphinx | Whisper | chosen")
    print("\n".join(fails))
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
