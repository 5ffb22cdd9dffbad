"""Voice activity detectors compared in noise on development voices only (issue 23).

The dev commands of ``bench.voice_ootb`` spoken by ``bench.voice_dev_settings``' six
development voices, every second utterance in 10-20 dB SNR white noise that starts ``--lead``
seconds before the speech (as ``with_noise``), through each detector and a segmenter (the
detector carried from clip to clip and reset after each turn, as in the voice loop; no
recogniser). Per detector: where the segmenter puts the end of speech against where the
synthesised speech really ends (quiet / noisy), where it starts against the real start,
turns per clip at the full trailing silence (more than one: split; none: missed), pauses
inside the speech of at least the quick endpoint's silence (where an early end could cut a
command), and CPU time per frame. Audio time only; no parameter is chosen on test voices::

    python -m bench.voice_vad_dev [--commands 24] [--audio /tmp/vaddev.pkl] [--lead 0.4 2]
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.voice_dev_settings import VOICES
from bench.voice_ootb import _spoken, speak, split_commands, with_lead

QUICK_MS = 200
"""The quick endpoint's silence (audio.quick_end_silence_ms): a pause this long inside a
command is where an early "complete" verdict could cut it."""


def detectors() -> dict[str, Callable[[], Any]]:
    from pipelines.audio import noise_onset
    from pipelines.audio import vad as v

    def onset() -> Any:
        gate = v.NoiseGatedVad(v.WebRtcVad(2))
        v.NEW_NOISE_DB = noise_onset.NOISE_RUN_DB  # read by the gate at each frame
        return gate

    return {
        "webrtc2 gated (shipped)": lambda: v.NoiseGatedVad(v.WebRtcVad(2)),
        "webrtc3 gated": lambda: v.NoiseGatedVad(v.WebRtcVad(3)),
        "silero 0.5": lambda: v.SileroVad(),
        "silero 0.3": lambda: v.SileroVad(threshold=0.3),
        "silero 0.7": lambda: v.SileroVad(threshold=0.7),
        "silero 0.5 gated": lambda: v.NoiseGatedVad(v.SileroVad()),
        "shipped: create_vad('silero')": lambda: v.create_vad("silero"),
        "silero 0.7 gated": lambda: v.NoiseGatedVad(v.SileroVad(threshold=0.7)),
        "silero 0.5/0.35 gated": lambda: v.NoiseGatedVad(v.SileroVad(0.5, 0.35)),
        "silero 0.5 +1 gated": lambda: v.NoiseGatedVad(v.SileroVad(0.5, hangover=1)),
        "silero 0.5/0.35 +1 gated": lambda: v.NoiseGatedVad(v.SileroVad(0.5, 0.35, 1)),
        "silero 0.5 gated, tail 1": lambda: v.NoiseGatedVad(v.SileroVad(), tail=1),
        "silero 0.5 gated, tail 2": lambda: v.NoiseGatedVad(v.SileroVad(), tail=2),
        "webrtc2 gated + noise onset": onset,
        "both: webrtc2 gated, silero 0.5": lambda: v.BothVad(
            v.NoiseGatedVad(v.WebRtcVad(2)), v.SileroVad()
        ),
        "both: webrtc2 gated, silero 0.3": lambda: v.BothVad(
            v.NoiseGatedVad(v.WebRtcVad(2)), v.SileroVad(threshold=0.3)
        ),
        "both: webrtc2 gated, silero 0.7": lambda: v.BothVad(
            v.NoiseGatedVad(v.WebRtcVad(2)), v.SileroVad(threshold=0.7)
        ),
    }


def first_loud(pcm: bytes) -> float:
    loud = np.flatnonzero(np.abs(np.frombuffer(pcm, "<i2")) > 300)
    return float(loud[0]) / 16000 if len(loud) else 0.0


def measure(
    make: Callable[[], Any], commands: list[tuple[str, str]], lead_s: float
) -> dict[str, list[float]]:
    from pipelines.audio.segmenter import (
        SegmenterConfig,
        SpeechEnded,
        SpeechStarted,
        UtteranceSegmenter,
    )
    from pipelines.audio.vad import FrameSplitter, quiet_samples_behind

    vad = make()
    out: dict[str, list[float]] = defaultdict(list)
    cpu = 0.0
    frames = 0
    for i, (text, _) in enumerate(commands):
        for v, voice in enumerate(VOICES):
            speech = speak(voice, text)
            pcm, snr, end = with_lead(speech, i * len(VOICES) + v, lead_s, 1.5)
            start = lead_s + first_loud(speech)
            group = "quiet" if snr is None else "noisy"
            seg = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=700))
            base, pos, ends, starts = 0.0, 0.0, [], []
            gap, longest, spoken = 0.0, 0.0, False
            for frame in FrameSplitter(vad.frame_samples).push(pcm):
                pos += len(frame) / 32000
                t0 = time.process_time()
                speaking = vad.speech_probability(frame) >= 0.5
                cpu += time.process_time() - t0
                frames += 1
                if speaking:
                    if spoken and pos <= end + 0.05:
                        longest = max(longest, gap)
                    spoken, gap = True, 0.0
                elif spoken:
                    gap += len(frame) / 32000
                for e in seg.push(frame, speaking, quiet_samples_behind(vad)):
                    if isinstance(e, SpeechStarted):
                        starts.append(base + e.at_s)
                    if isinstance(e, SpeechEnded):  # the loop listens again at once
                        ends.append(base + e.speech_end_s)
                        seg = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=700))
                        base = pos
                        vad.reset()
            out[group + " turns"].append(len(ends))
            if ends:
                out[group + " late"].append((ends[-1] - end) * 1000)
            if starts:  # SpeechStarted includes the 300 ms pre-roll
                out[group + " start"].append((starts[0] + 0.3 - start) * 1000)
            out[group + " pause"].append(longest * 1000)
    out["cpu us/frame"] = [1e6 * cpu / max(1, frames)]
    return out


def pause_gaps(make: Callable[[], Any], voices: list[Any], n: int) -> dict[str, list[float]]:
    """``bench.voice_pause_check``'s clips (dev commands of 5+ words in two halves with a pause,
    quiet and 15 dB): the longest run of non-speech frames between the halves' sound, ms, and
    how much longer it is than the pause really is."""
    from bench.voice_pause_check import paused, trimmed
    from pipelines.audio.vad import FrameSplitter

    long = [c for c in split_commands(34, 80)[1] if len(c[0].split()) >= 5][:n]
    vad = make()
    out: dict[str, list[float]] = defaultdict(list)
    for pause in (0.25, 0.35, 0.5):
        for snr in (None, 15.0):
            for j, (text, _) in enumerate(long):
                for voice in voices:
                    words = text.split()
                    first = trimmed(speak(voice, " ".join(words[: len(words) // 2])))
                    a_end = 0.4 + len(first) / 16000  # the first half's sound ends here
                    pcm = paused(voice, text, pause, j, snr)
                    pos, gap, longest = 0.0, 0.0, 0.0
                    for frame in FrameSplitter(vad.frame_samples).push(pcm):
                        pos += len(frame) / 32000
                        if vad.speech_probability(frame) >= 0.5:
                            if a_end - 0.3 < pos < a_end + pause + 0.3:
                                longest = max(longest, gap)
                            gap = 0.0
                        else:
                            gap += len(frame) / 32000
                    vad.reset()
                    key = f"{pause:g} s {'quiet' if snr is None else '15 dB'}"
                    out[key].append(1000 * (longest - pause))
    return out


def report(name: str, m: dict[str, list[float]]) -> str:
    cells = []
    for g in ("quiet", "noisy"):
        turns = m[g + " turns"]
        late = np.percentile(m[g + " late"], [50, 95]) if m[g + " late"] else [np.nan] * 2
        start = np.percentile(m[g + " start"], [5, 50]) if m[g + " start"] else [np.nan] * 2
        pauses = sum(p >= QUICK_MS for p in m[g + " pause"])
        cells.append(
            f"{g}: end late p50/p95 {late[0]:.0f}/{late[1]:.0f} ms, start p5/p50 "
            f"{start[0]:.0f}/{start[1]:.0f} ms, split {sum(t > 1 for t in turns)} "
            f"missed {sum(t == 0 for t in turns)} of {len(turns)}, pauses>={QUICK_MS} {pauses}"
        )
    return f"{name:>26}: " + "; ".join(cells) + f"; cpu {m['cpu us/frame'][0]:.0f} us/frame"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=24)
    parser.add_argument("--audio", help="pickle of the spoken audio (made when missing)")
    parser.add_argument("--lead", type=float, nargs="*", default=[0.4, 2.0])
    parser.add_argument("--only", nargs="*", help="detector names to run (default: all)")
    parser.add_argument("--pauses", type=int, default=0, help="pause-check clips: N commands")
    args = parser.parse_args(argv)
    if args.audio and os.path.exists(args.audio):
        with open(args.audio, "rb") as f:
            _spoken.update(pickle.load(f))
    commands = split_commands(34, args.commands)[1]
    for text, _ in commands:  # synthesise first, so the CPU times are the detectors' own
        for voice in VOICES:
            speak(voice, text)
    if args.audio and not os.path.exists(args.audio):
        with open(args.audio, "wb") as f:
            pickle.dump(dict(_spoken), f)
    if args.pauses:
        for name, make in detectors().items():
            if args.only and name not in args.only:
                continue
            gaps = pause_gaps(make, VOICES[:3], args.pauses)
            print(f"{name:>26}: pause heard minus the real pause, p10/p50/p90 ms: " + ", ".join(
                f"{k} " + "/".join(f"{q:.0f}" for q in np.percentile(v, [10, 50, 90]))
                for k, v in gaps.items()), flush=True)  # fmt: skip
        return 0
    for lead in args.lead:
        print(f"noise {lead:g} s before the speech ({len(commands)} commands x {len(VOICES)} "
              "dev voices):", flush=True)  # fmt: skip
        for name, make in detectors().items():
            if args.only and name not in args.only:
                continue
            import pipelines.audio.vad as gate

            gate.NEW_NOISE_DB = 0.0  # as shipped, unless the detector turns it on
            print(report(name, measure(make, commands, lead)), flush=True)
    print(f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
