"""Pause check: how often a thinking pause inside a command splits it into two turns.

Development commands of five words or more (``bench.voice_ootb``'s dev commands, never the test
split) are said by three development voices in two halves, synthesised apart and trimmed to
their sound, joined by a pause of each length, in a quiet room and in 15 dB SNR white noise,
through the benchmark's voice loop. Settings are compared in one run (the same audio):

    python -m bench.voice_pause_check --commands 8 --verdict-ms 300 100000
    python -m bench.voice_pause_check --commands 6 --settings likely=0,midphrase=0 shipped

(``--verdict-ms 100000``: Whisper's reading of a pause never ends a command early.) The two
halves are synthesised apart, so the first ends like a statement; ``--continuation`` says each
command at once with an SSML break instead (espeak-ng voices only), so the first half keeps
the pitch of a phrase that goes on, as a thinking pause does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

import numpy as np

from bench.voice_audio import bench_assistant, in_noise
from bench.voice_dev_settings import VOICES
from bench.voice_endpoint_settings import apply
from bench.voice_ootb import Run, Voice, label, speak, split_commands


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


def continued(voice: Voice, text: str, pause_s: float, seed: int, snr_db: float | None) -> bytes:
    """``text`` said at once by an espeak-ng voice with an SSML break of ``pause_s`` after its
    first half: the first half keeps the rising or level pitch of a phrase that goes on (the
    two-halves clips of :func:`paused` end their first half as a statement)."""
    from pipelines.speech.tts.speaker import _wav_bytes_to_pcm, espeak_binary

    words = text.split()
    half = len(words) // 2
    ssml = (f"<speak>{' '.join(words[:half])} <break time=\"{round(pause_s * 1000)}ms\"/> "
            f"{' '.join(words[half:])}</speak>")  # fmt: skip
    cmd = [espeak_binary(), "-m", "-v", voice[1], "-s", str(round(175 * voice[2])), "--stdout"]
    out = subprocess.run([*cmd, ssml], check=True, capture_output=True, timeout=30).stdout
    x = trimmed(_wav_bytes_to_pcm(out))
    if snr_db is None:
        return in_noise(x.tobytes(), 0.4, 1.0, seed)
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    return in_noise(x.tobytes(), 0.4, 1.0, seed, level=rms / 10 ** (snr_db / 20))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=8)
    parser.add_argument("--pauses", type=float, nargs="*", default=[0.25, 0.35, 0.5])
    parser.add_argument("--verdict-ms", type=int, nargs="*", default=[300])
    parser.add_argument(
        "--settings",
        nargs="*",
        default=[],
        help="shipped, or name=value,... (bench.voice_endpoint_settings); with it the "
        "--verdict-ms list is not used",
    )
    parser.add_argument("--show", action="store_true", help="print each split clip's turns")
    parser.add_argument(
        "--continuation",
        action="store_true",
        help="espeak-ng voices only, each command said at once with an SSML break (the "
        "first half's pitch goes on) instead of two halves said apart",
    )
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-pause-")
    long = [c for c in split_commands(34, 80)[1] if len(c[0].split()) >= 5][: args.commands]
    settings = args.settings or [f"verdict={v}" for v in args.verdict_ms]
    voices = [v for v in VOICES[:3] if v[0] == "espeak-ng" or not args.continuation]
    make = continued if args.continuation else paused
    for setting in settings:
        chosen = apply(setting)
        run: Any = Run(app, assistant)
        run.tiny.transcribe = lambda pcm: ("", 0.0)  # not measured here
        cells = []
        try:
            for pause in args.pauses:
                for snr in (None, 15.0):
                    split = 0
                    for j, (text, _) in enumerate(long):
                        for voice in voices:
                            turns = run.utterance(make(voice, text, pause, j, snr))["turns"]
                            split += len(turns) > 1
                            if args.show and len(turns) > 1:
                                heard = [(t.transcript.text, t.reason) for t in turns]
                                print(f"   SPLIT {label(voice)} {pause:g} s {snr or 0:g} dB "
                                      f"| {text} -> {heard}", flush=True)  # fmt: skip
                    where = "quiet" if snr is None else "15 dB"
                    cells.append(f"{pause:g} s {where}: {split}/{len(long) * len(voices)}")
        finally:
            run.close()
        total = sum(int(c.split(": ")[1].split("/")[0]) for c in cells)
        print(f"{setting} {chosen}: split {total}: " + ", ".join(cells), flush=True)
    print(f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
