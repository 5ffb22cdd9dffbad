"""PocketSphinx's noise front-end on and off, through the real voice loop, in one run.

The same synthesised audio (``bench.voice_ootb``'s splits, voices and noise) goes through the
voice loop twice: first with ``HOMEBODY_DENOISE=0`` (the baseline), then with the shipped
front-end (asr/front_end.py). Whisper tiny.en, which only the side-by-side table needs, is
left out (``tiny.en alone`` reads as 0%).

    python -m bench.voice_denoise_ab --split dev --commands 24      # where it was chosen
    python -m bench.voice_denoise_ab --split test --commands 34 --write  # once, at the end
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from bench.voice_audio import bench_assistant
from bench.voice_ootb import DEV_VOICES, TEST_VOICES, run_split, split_commands
from bench.voice_ootb_report import Tally, _mode_table
from bench.voice_score import pct, quantile


def _no_tiny() -> None:
    """tiny.en reads nothing (its model is never loaded): this comparison does not need it."""
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer

    transcribe = WhisperRecognizer.transcribe

    def skip(self: Any, pcm: bytes) -> tuple[str, float]:
        return ("", 0.0) if self.name == "tiny.en" else transcribe(self, pcm)

    WhisperRecognizer.transcribe = skip  # type: ignore[method-assign]


def summary(name: str, t: Tally) -> list[str]:
    rows = [f"**{name}**", "", *[r for r in _mode_table(t) if "tiny.en" not in r], ""]
    noisy, quiet = t.noisy[0] / max(1, t.noisy[1]), t.quiet[0] / max(1, t.quiet[1])
    rows.append(
        f"Combination: noisy {pct(noisy)} ({t.noisy[1]}), quiet {pct(quiet)} ({t.quiet[1]}); "
        f"splits {t.splits}, not heard {t.missed}; end of speech -> reply p50 / p95 "
        f"{quantile(t.e2r, 0.5):.0f} / {quantile(t.e2r, 0.95):.0f} ms (measured; machine "
        "shared); reading chosen " + ", ".join(f"{k} {v}" for k, v in sorted(t.chosen.items()))
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--commands", type=int, default=24)
    parser.add_argument(
        "--write", action="store_true", help="the test split's table into BENCHMARKS.md"
    )
    args = parser.parse_args(argv)
    _no_tiny()
    app, assistant = bench_assistant("homebody-bench-denoise-ab-")
    if args.split == "test":
        commands, voices = split_commands(args.commands, 8)[0], TEST_VOICES
    else:
        commands, voices = split_commands(34, args.commands)[1], DEV_VOICES
    t0 = time.time()
    out: list[str] = []
    for setting, name in (("0", "front-end off (baseline)"), ("1", "front-end on (shipped)")):
        os.environ["HOMEBODY_DENOISE"] = setting
        tally = Tally()
        print(f"{name}…", file=sys.stderr, flush=True)
        run_split(app, assistant, commands, voices, tally)
        out += [*summary(f"{args.split} split, {name}", tally), ""]
    load = os.getloadavg()[0]
    out.append(
        f"{len(commands)} commands x {len(voices)} {args.split} voices, every second utterance "
        f"in 10-20 dB white noise; {time.time() - t0:.0f} s, 1-min load {load:.1f} on 2 cores "
        "(shared with parallel work)."
    )
    print("\n".join(out))
    app.close()
    if args.write:
        from bench.report import write_section

        write_section(
            "voice-denoise", "Voice: PocketSphinx's noise front-end on and off (issue 23)",
            f"python -m bench.voice_denoise_ab --split {args.split} --commands {args.commands}",
            "\n".join(out),
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
