"""Pause check: how often a thinking pause inside a command splits it into two turns.

Development commands of five words or more (``bench.voice_ootb``'s dev commands, never the test
split) are said by three development voices in two halves, synthesised apart and trimmed to
their sound, joined by a pause of each length, in a quiet room and in 15 dB SNR white noise,
through the benchmark's voice loop. Settings are compared in one run (the same audio):

    python -m bench.voice_pause_check --commands 8 --verdict-ms 300 100000
    python -m bench.voice_pause_check --commands 6 --verdict-ms 500 --early-ms 0 250 \
        --complete-ms 0 350

(``--verdict-ms 100000``: Whisper's reading of a pause never ends a command early.)
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import numpy as np

from bench.voice_audio import bench_assistant, in_noise
from bench.voice_dev_settings import VOICES
from bench.voice_ootb import Run, Voice, speak, split_commands


def trimmed(pcm: bytes, threshold: int = 300) -> np.ndarray:
    x = np.frombuffer(pcm, "<i2")
    loud = np.flatnonzero(np.abs(x.astype(np.int32)) > threshold)
    return x[loud[0] : loud[-1] + 1] if len(loud) else x


def paused(voice: Voice, text: str, pause_s: float, seed: int, snr_db: float | None) -> bytes:
    """``text`` said in two halves with ``pause_s`` of silence between them."""
    words = text.split()
    half = len(words) // 2
    a, b = (trimmed(speak(voice, " ".join(part))) for part in (words[:half], words[half:]))
    x = np.concatenate([a, np.zeros(int(16000 * pause_s), "<i2"), b]).astype("<i2")
    if snr_db is None:
        return in_noise(x.tobytes(), 0.4, 1.0, seed)
    rms = float(np.sqrt(np.mean(np.concatenate([a, b]).astype(np.float64) ** 2)))
    return in_noise(x.tobytes(), 0.4, 1.0, seed, level=rms / 10 ** (snr_db / 20))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=8)
    parser.add_argument("--pauses", type=float, nargs="*", default=[0.25, 0.35, 0.5])
    parser.add_argument("--verdict-ms", type=int, nargs="*", default=[300])
    parser.add_argument(
        "--early-ms", type=int, nargs="*", default=[], help="EARLY_AGREEMENT_MS (0: off)"
    )
    parser.add_argument(
        "--complete-ms", type=int, nargs="*", default=[], help="WHISPER_COMPLETE_MS (0: off)"
    )
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-pause-")
    from pipelines.speech.pipeline import utterance_recognition

    long = [c for c in split_commands(34, 80)[1] if len(c[0].split()) >= 5][: args.commands]
    ur = utterance_recognition
    earlies = args.early_ms or [ur.EARLY_AGREEMENT_MS]
    completes = args.complete_ms or [ur.WHISPER_COMPLETE_MS]
    settings = [(v, e, c) for v in args.verdict_ms for e in earlies for c in completes]
    for verdict, early, complete in settings:
        ur.WHISPER_VERDICT_MS, ur.EARLY_AGREEMENT_MS, ur.WHISPER_COMPLETE_MS = (
            verdict,
            early,
            complete,
        )
        run: Any = Run(app, assistant)
        run.tiny.transcribe = lambda pcm: ("", 0.0)  # not measured here
        cells = []
        try:
            for pause in args.pauses:
                for snr in (None, 15.0):
                    split = 0
                    for j, (text, _) in enumerate(long):
                        for voice in VOICES[:3]:
                            turns = run.utterance(paused(voice, text, pause, j, snr))["turns"]
                            split += len(turns) > 1
                    where = "quiet" if snr is None else "15 dB"
                    cells.append(f"{pause:g} s {where}: {split}/{len(long) * 3}")
        finally:
            run.close()
        print(f"verdict at {verdict} ms, early agreement {early} ms, Whisper complete "
              f"{complete} ms: split " + ", ".join(cells), flush=True)  # fmt: skip
    print(f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
