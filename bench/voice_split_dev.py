"""Split commands and unended noisy turns on development voices only (issue 23).

The endpointing check the noise gate's rules are chosen on: development commands x development
voices (never the test split's), with stress cases the test split does not have — slow voices
(x0.7-0.8: long vowels that hold their loudness), white or fan-like (pink) noise at 10-20 dB
SNR from before the command, and noise that is switched on mid-command. All utterances go
through one voice loop (VAD, noise gate, segmenter, endpointer, both recognisers, assistant),
one after the other, so the gate's floor is carried from one to the next as on a microphone.

Counts: commands heard as two or more turns (splits), commands not heard, and noisy commands
that ran to the end of their audio instead of being ended by the endpointer (``end_of_input``:
live, that is the 10 s cap).

    python -m bench.voice_split_dev [--commands 12] [--steady-db 4] [--steady-s 0.6]
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from typing import Any

import numpy as np

from bench.voice_audio import in_noise
from bench.voice_ootb import Voice, _spoken, label, speak, split_commands

VOICES: list[Voice] = [
    ("espeak-ng", "en-us+m3", 0.95),
    ("espeak-ng", "en-gb-scotland", 0.9),
    ("flite", "kal16", 1.0),
    ("piper", "joe", 1.0),
    ("espeak-ng", "en-us+f2", 1.1),
    ("flite", "kal", 0.9),
    ("espeak-ng", "en-us+m3", 0.7),
    ("espeak-ng", "en-gb-scotland", 0.8),
    ("flite", "kal16", 0.75),
    ("piper", "joe", 0.75),
]
"""The development voices (bench.voice_ootb.DEV_VOICES, bench.voice_dev_settings') and slow
versions of them."""
CONDITIONS = ("quiet", "white", "held", "pink", "quiet", "starts", "held", "held white")
"""Cycled over the utterances; every noisy one at 10-20 dB SNR; ``held``: one vowel mid-command
held for 0.8 s (a hesitation, "set a timer for uhhh ten minutes")."""


def hold_vowel(pcm: bytes, seconds: float = 0.8) -> bytes:
    """``pcm`` with its loudest voiced 30 ms frame of the middle half held for ``seconds``:
    one pitch period of it repeated (a sung-out vowel: steady loudness, steady pitch)."""
    from pipelines.audio.vad import VOICED, voicing

    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    n = len(x) // 480
    best, at = 0.0, -1
    for i in range(n // 4, 3 * n // 4):
        frame = x[i * 480 : (i + 1) * 480]
        loud = float(np.sqrt(np.mean(frame**2)))
        if voicing(frame) >= VOICED and loud > best:
            best, at = loud, i
    if at < 0:
        return pcm
    frame = x[at * 480 : (at + 1) * 480] - np.mean(x[at * 480 : (at + 1) * 480])
    r = np.correlate(frame, frame, "full")[479 + 40 : 479 + 320]
    period = 40 + int(np.argmax(r))
    start = at * 480
    cycle = x[start : start + period]
    held = np.tile(cycle, int(16000 * seconds / period))
    out = np.concatenate([x[:start], held, x[start:]])
    return np.clip(out, -32768, 32767).astype("<i2").tobytes()


def pink(n: int, rng: np.random.Generator) -> np.ndarray:
    """Fan-like noise: power falling 3 dB per octave from 50 Hz (a microphone hears nothing much
    lower), scaled to unit RMS."""
    spectrum = np.fft.rfft(rng.normal(size=n))
    hz = np.fft.rfftfreq(n, 1 / 16000)
    spectrum /= np.sqrt(np.maximum(hz, 50.0))
    spectrum[hz < 50.0] = 0.0
    x = np.fft.irfft(spectrum, n)
    return np.asarray(x / (np.sqrt(np.mean(x**2)) or 1.0))


def stress(pcm: bytes, condition: str, index: int) -> tuple[bytes, float | None]:
    """The command in quiet room noise, or with a 10-20 dB SNR noise (``white``/``pink`` from
    the start, ``starts``: white noise switched on at 30-70% of the command)."""
    if condition.startswith("held"):
        pcm, condition = hold_vowel(pcm), condition.removeprefix("held").strip() or "quiet"
    quiet = in_noise(pcm, 0.4, 1.0, index)
    if condition == "quiet":
        return quiet, None
    rng = np.random.default_rng(20_000 + index)
    snr = float(rng.uniform(10.0, 20.0))
    speech = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    level = (float(np.sqrt(np.mean(speech**2))) or 1.0) / 10 ** (snr / 20)
    x = np.frombuffer(quiet, dtype="<i2").astype(np.float64)
    noise = (pink(len(x), rng) if condition == "pink" else rng.normal(size=len(x))) * level
    if condition == "starts":
        noise[: int(16000 * 0.4 + len(speech) * rng.uniform(0.3, 0.7))] = 0.0
    return np.clip(x + noise, -32768, 32767).astype("<i2").tobytes(), snr


def ootb_loop(app: Any, assistant: Any) -> Any:
    """The default voice loop, out of the box (nothing learnt), its models loaded."""
    from pipelines.speech.lm.builds import wait_for_builds
    from pipelines.speech.pipeline.session import create_voice_pipeline

    create_voice_pipeline(app, use_wake_word=False, answerer=assistant, speak=False).close()
    wait_for_builds()
    loop = create_voice_pipeline(app, use_wake_word=False, answerer=assistant, speak=False)
    if loop.self_adaptation is not None:
        loop.self_adaptation.relearn = None  # out of the box: nothing is learnt
    if loop.second_pass is not None:
        loop.second_pass.wait_ready()
    return loop


def run(commands: list[tuple[str, str]], voices: list[Voice]) -> dict[str, Any]:
    from pipelines.app_context import AppContext
    from pipelines.assistant import Assistant
    from pipelines.audio.source import AudioSource, ChunkStreamBackend
    from pipelines.core.paths import AppPaths

    app = AppContext.create(paths=AppPaths.from_environment(), guard=False)
    assistant = Assistant(app)
    assistant.prepare()
    loop = ootb_loop(app, assistant)
    out: dict[str, Any] = {"n": 0, "splits": [], "missed": [], "ran_on": [], "noisy": 0,
                           "right": 0}  # fmt: skip
    try:
        for i, (text, intent) in enumerate(commands):
            for v, voice in enumerate(voices):
                index = i * len(voices) + v
                condition = CONDITIONS[index % len(CONDITIONS)]
                pcm, snr = stress(speak(voice, text), condition, index)
                turns = loop.run(AudioSource(ChunkStreamBackend([pcm])).chunks())
                heard = [(t.transcript.text, t.reason) for t in turns]
                where = f"{label(voice)} {condition}" + (f" {snr:.1f} dB" if snr else "")
                out["n"] += 1
                noisy = condition not in ("quiet", "held")
                out["noisy"] += noisy
                if len(turns) > 1:
                    out["splits"].append((where, text, heard))
                    print("SPLIT", where, text, heard, flush=True)
                if not turns:
                    out["missed"].append((where, text))
                if noisy and any(reason == "end_of_input" for _, reason in heard):
                    out["ran_on"].append((where, text))
                turn = turns[0].turn if turns else None
                got = turn.intent.name if turn is not None and turn.intent is not None else ""
                out["right"] += got == intent
            print(f"  {i + 1}/{len(commands)}", file=sys.stderr, flush=True)
    finally:
        loop.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=12)
    parser.add_argument("--steady-db", type=float, default=None)
    parser.add_argument("--steady-s", type=float, default=None)
    parser.add_argument("--voiced-share", type=float, default=None, help="1 = no voicing check")
    parser.add_argument(
        "--audio",
        help="a pickle of the spoken audio, made on the first run and "
        "reused: Piper's prosody is random, compared settings must hear the same",
    )
    parser.add_argument("--early-ms", type=int, help="utterance_recognition.EARLY_AGREEMENT_MS")
    parser.add_argument("--complete-ms", type=int, help="utterance_recognition.WHISPER_COMPLETE_MS")
    parser.add_argument(
        "--settings", default="shipped", help="name=value,... (bench.voice_endpoint_settings)"
    )
    args = parser.parse_args()
    from bench.voice_endpoint_settings import apply
    from pipelines.speech.pipeline import utterance_recognition as ur

    print(f"endpointer {args.settings}: {apply(args.settings)}")
    if args.early_ms is not None:
        ur.EARLY_AGREEMENT_MS = args.early_ms
    if args.complete_ms is not None:
        ur.WHISPER_COMPLETE_MS = args.complete_ms
    print(f"early agreement {ur.EARLY_AGREEMENT_MS} ms, Whisper complete "
          f"{ur.WHISPER_COMPLETE_MS} ms, verdict {ur.WHISPER_VERDICT_MS} ms")  # fmt: skip
    os.environ.setdefault("HOMEBODY_HOME", tempfile.mkdtemp(prefix="hb-split-dev-"))
    import pipelines.audio.vad as vad

    defaults = list(vad.NoiseGatedVad.__init__.__defaults__ or ())
    if args.steady_s is not None:
        defaults[1] = args.steady_s
    if args.steady_db is not None:
        defaults[2] = args.steady_db
    if args.voiced_share is not None:
        defaults[4] = args.voiced_share
    vad.NoiseGatedVad.__init__.__defaults__ = tuple(defaults)
    _, dev = split_commands(34, args.commands)
    if args.audio and os.path.exists(args.audio):
        with open(args.audio, "rb") as f:
            _spoken.update(pickle.load(f))
    for text, _ in dev:
        for voice in VOICES:
            speak(voice, text)
    if args.audio and not os.path.exists(args.audio):
        with open(args.audio, "wb") as f:
            pickle.dump(_spoken, f)
    t0 = time.time()
    out = run(dev, VOICES)
    print(f"gate defaults {tuple(defaults)}: {out['n']} utterances ({out['noisy']} noisy), "
          f"splits {len(out['splits'])}, not heard {len(out['missed'])}, noisy turns run to "
          f"the end of the audio {len(out['ran_on'])}, intent right {out['right']}, "
          f"{time.time() - t0:.0f} s")  # fmt: skip
    for where, text in out["ran_on"]:
        print("  ran on:", where, "|", text)


if __name__ == "__main__":
    main()
