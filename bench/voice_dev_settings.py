"""Voice settings compared on development voices only (issue 23; docs/VOICE.md).

The dev commands of ``bench.voice_ootb`` spoken by its development voices plus two more that
no test split uses (espeak-ng en-us+f2, Flite kal), every second utterance in 10-20 dB SNR
white noise, through the same voice loop as the benchmark, once per setting in one run (the
same audio for each: Piper's prosody is random, so compare settings within one run only):

    python -m bench.voice_dev_settings --commands 20 --dump /tmp/dev   # as shipped
    python -m bench.voice_dev_settings --ps fillprob=1e-4 --hyps 5     # + other settings

``--dump`` writes every reading of every utterance (JSONL), to compare choosers offline.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.voice_audio import bench_assistant
from bench.voice_ootb import DEV_VOICES, Voice, run_split, split_commands
from bench.voice_ootb_report import Tally
from bench.voice_score import pct, quantile

VOICES: list[Voice] = [*DEV_VOICES, ("espeak-ng", "en-us+f2", 1.1), ("flite", "kal", 0.9)]


def summary(name: str, t: Tally) -> str:
    fams = ", ".join(f"{f} {pct(t.accuracy('combination', f))}" for f in sorted(t.n))
    noisy, quiet = t.noisy[0] / max(1, t.noisy[1]), t.quiet[0] / max(1, t.quiet[1])
    wer = {m: pct(t.errors.get(m, 0) / max(1, t.words)) for m in ("combination", "pocketsphinx")}
    return (
        f"{name:>12}: combination {pct(t.accuracy('combination'))} ({fams}); "
        f"pocketsphinx {pct(t.accuracy('pocketsphinx'))}, base {pct(t.accuracy('whisper-base'))}"
        f"; noisy {pct(noisy)} quiet {pct(quiet)}; WER {wer['combination']} "
        f"(pocketsphinx {wer['pocketsphinx']}); splits {t.splits}, missed {t.missed}; "
        f"processing p50/p95 {quantile(t.processing, 0.5):.0f}/"
        f"{quantile(t.processing, 0.95):.0f} ms"
    )


_DECODER: Any = None


def decoder_options(options: dict[str, str]) -> None:
    """PocketSphinx decoders built from now on get ``options`` (numbers parsed)."""
    import pocketsphinx

    global _DECODER
    if _DECODER is None:
        _DECODER = pocketsphinx.Decoder
    parsed: dict[str, Any] = {}
    for k, v in options.items():
        parsed[k] = {"true": True, "false": False}.get(v.lower(), v)
        with contextlib.suppress(ValueError):
            parsed[k] = float(v) if "." in v or "e" in v.lower() else int(v)
    base = _DECODER

    def decoder(*args: Any, **kwargs: Any) -> Any:
        return base(*args, **{**kwargs, **parsed})

    pocketsphinx.Decoder = decoder if parsed else base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=20)
    parser.add_argument("--ps", nargs="*", default=[], help="PocketSphinx options: k=v,k=v")
    parser.add_argument("--hyps", type=int, nargs="*", default=[], help="Whisper readings")
    parser.add_argument("--dump", type=Path, help="one JSONL per setting: <dump>.<name>.jsonl")
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-dev-")
    from pipelines.speech.asr.whisper_engine import BEAM, HYPOTHESES, WhisperRecognizer

    _, dev = split_commands(34, args.commands)
    settings = [("shipped", "")]
    settings += [(f"ps {o}", o) for o in args.ps] + [(f"hyps {h}", str(h)) for h in args.hyps]
    for name, value in settings:
        options = value if name.startswith("ps ") else ""
        decoder_options(dict(kv.split("=") for kv in options.split(",")) if options else {})
        hyps = int(value) if name.startswith("hyps ") else HYPOTHESES
        WhisperRecognizer.readings.__defaults__ = (max(BEAM, hyps), hyps)
        t0, tally = time.time(), Tally()
        path = f"{args.dump}.{name.replace(' ', '')}.jsonl" if args.dump else None
        with open(path or os.devnull, "w") as dump:
            run_split(app, assistant, dev, VOICES, tally, dump if path else None)
        print(summary(name, tally) + f" [{time.time() - t0:.0f} s]", flush=True)
    print(f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
