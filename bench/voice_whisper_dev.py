"""Whisper base alone on development voices only: where its word errors come from (issue 23).

The dev commands of ``bench.voice_ootb`` spoken by the development voices of
``bench.voice_dev_settings`` (never a test voice), each decoded by Whisper base directly (no
voice loop) in several conditions, so one run separates the causes: the synthesised clip as it
is ("clean"), the benchmark's clip with room noise or 10-20 dB white noise around it ("bench"),
the part of it the voice loop's VAD and segmenter hand to Whisper ("cut"), and decoding
variants on the bench clip. WER is reported raw and without the fillers Whisper
leaves out on purpose ("um", "uh"), with intent accuracy of the beam's best reading.

    python -m bench.voice_whisper_dev --commands 20
    python -m bench.voice_whisper_dev --commands 20 --variants shipped noprompt greedy
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.voice_audio import bench_assistant
from bench.voice_dev_settings import VOICES
from bench.voice_ootb import speak, split_commands, with_noise
from bench.voice_score import pct, quantile, wer_counts

FILLERS = {"um", "uh", "hmm", "er", "erm"}


def without_fillers(text: str) -> str:
    return " ".join(w for w in text.split() if w not in FILLERS)


def loop_cut(pcm: bytes) -> bytes:
    """The audio the voice loop gives Whisper: the VAD and segmenter's utterance (with its
    pre-roll) up to 90 ms after the last speech frame, where the speculative pass starts."""
    from pipelines.audio.segmenter import SpeechEnded, SpeechStarted, UtteranceSegmenter
    from pipelines.audio.vad import FrameSplitter, create_vad

    vad, segmenter = create_vad("webrtc"), UtteranceSegmenter()
    started = 0.0
    for frame in FrameSplitter(vad.frame_samples).push(pcm):
        for event in segmenter.push(frame, vad.speech_probability(frame) >= 0.5):
            if isinstance(event, SpeechStarted):
                started = event.at_s
            elif isinstance(event, SpeechEnded):
                return event.audio[: int((event.speech_end_s - started + 0.09) * 16000) * 2]
    audio = segmenter.audio_so_far
    return audio if audio else pcm


def variants() -> dict[str, Callable[[Any], None]]:
    """Name -> a change to a fresh WhisperRecognizer (before ``prepare``)."""
    from pipelines.speech.asr import whisper_engine as we

    def attr(**kw: Any) -> Callable[[Any], None]:
        def apply(engine: Any) -> None:
            for k, v in kw.items():
                setattr(engine, k, v)

        return apply

    out: dict[str, Callable[[Any], None]] = {"shipped": attr()}
    out["noprompt"] = attr(prompt="")
    out["greedy"] = attr(beam=1, hypotheses=1)
    out["pad30"] = attr(pad_s=30.0)
    out["pad6"] = attr(pad_s=6.0)
    out["pad5"] = attr(pad_s=5.0)
    out["pad4"] = attr(pad_s=4.0)
    out["beam3"] = attr(beam=3)
    out["threads2"] = attr(threads=2)
    out["nobudget"] = attr(tokens_per_s=30.0)
    out["longprompt"] = attr(
        prompt=we.PROMPT + " Set a timer for ten minutes. Turn on the "
        "kitchen lights. Add milk to my shopping list. What time is it?"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=20)
    parser.add_argument("--variants", nargs="*", default=["shipped"])
    parser.add_argument("--show", type=int, default=0, help="print this many worst readings")
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-whisper-dev-")
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import locate

    _, dev = split_commands(34, args.commands)
    clips: list[tuple[str, str, str, str, bytes, bytes, float | None]] = []
    for i, (text, intent) in enumerate(dev):
        for v, voice in enumerate(VOICES):
            raw = speak(voice, text)
            noisy, snr = with_noise(raw, i * len(VOICES) + v)
            clips.append((voice[0], f"{voice[1]} x{voice[2]:g}", text, intent, raw, noisy, snr))
    table = variants()
    conditions = [("clean", "shipped"), ("cut", "shipped")]
    conditions += [("bench", name) for name in args.variants]
    cut = {i: loop_cut(c[5]) for i, c in enumerate(clips)}
    for cond, name in conditions:
        engine = WhisperRecognizer(locate("base", app.paths.models_dir), name="whisper-base")
        table[name](engine)
        engine.prepare()
        err = err_nf = words = words_nf = right = 0
        by: dict[str, list[int]] = {}
        times: list[float] = []
        worst: list[tuple[int, str, str, str]] = []
        for i, (family, voice, text, intent, raw, noisy, snr) in enumerate(clips):
            t0 = time.perf_counter()
            found = engine.readings({"clean": raw, "cut": cut[i]}.get(cond, noisy))
            times.append(time.perf_counter() - t0)
            heard = found[0][0] if found else ""
            e, n = wer_counts(text, heard)
            e2, n2 = wer_counts(without_fillers(text), without_fillers(heard))
            ok = assistant.understand(heard).name == intent
            err, words, err_nf, words_nf, right = (
                err + e,
                words + n,
                err_nf + e2,
                words_nf + n2,
                right + ok,
            )
            for key in (family, "noisy" if snr is not None else "quiet"):
                b = by.setdefault(key, [0, 0, 0, 0])
                b[0] += e
                b[1] += n
                b[2] += ok
                b[3] += 1
            worst.append((e, voice + (f" {snr:.0f}dB" if snr else ""), text, heard))
        parts = ", ".join(f"{k} WER {pct(b[0] / b[1])} intent {pct(b[2] / b[3])}"
                          for k, b in sorted(by.items()))  # fmt: skip
        print(f"{cond:>5} {name:>10}: WER {pct(err / words)} (no fillers {pct(err_nf / words_nf)})"
              f", intent {pct(right / len(clips))}; {parts}; decode p50/p95 "
              f"{1000 * quantile(times, 0.5):.0f}/{1000 * quantile(times, 0.95):.0f} ms",
              flush=True)  # fmt: skip
        for e, voice, text, heard in sorted(worst, reverse=True)[: args.show]:
            print(f"    {e} {voice}: {text!r} -> {heard!r}")
    print(f"{len(clips)} clips, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
