"""The wake-word and idle-listening parts of ``python -m bench.voice``: false accepts on
SLURP sentences, false rejects on "okay nabu, <command>", and the CPU the always-on path
(source -> resample -> wake word + VAD) takes."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.voice_audio import Voice, command_set, in_noise, label, noise, speak


def bench_wake(
    hours: float, positives: int, voices: list[Voice], shared: Path, verify: bool = True
) -> dict[str, Any]:
    from pipelines.audio.wake import MicroWakeWordDetector
    from pipelines.speech.asr.wake_verifier import create_wake_detector

    lines = [
        " ".join(line.split())
        for line in (shared / "data/intents/slurp/lm.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(7)
    rng.shuffle(lines)
    detector = create_wake_detector("okay_nabu", 0.5, verify=verify)
    target = hours * 3600
    seconds = 0.0
    false_accepts = []
    i = 0
    cpu = 0.0
    while seconds < target and i < len(lines):
        pcm = speak(voices[i % len(voices)], lines[i]) + noise(0.3, i)
        t0 = time.process_time()
        for k in range(0, len(pcm), 3200):
            if detector.process(pcm[k : k + 3200]) is not None:
                false_accepts.append(lines[i])
        cpu += time.process_time() - t0
        seconds += len(pcm) / 32000
        i += 1
    fa_per_hour = len(false_accepts) / (seconds / 3600)
    negative_checks = getattr(detector, "verifications", 0)
    # positives
    commands = command_set(positives // len(voices) + 1, seed=99)
    misses = 0
    total = 0
    per_voice: dict[str, list[int]] = {}
    peaks = []
    for c, (text, _) in enumerate(commands):
        for voice in voices:
            if total >= positives:
                break
            det = MicroWakeWordDetector("okay_nabu", 0.5, verifier=detector.verifier)
            pcm = in_noise(speak(voice, f"okay nabu, {text}"), 0.5, 0.5, c)
            hit = any(det.process(pcm[k : k + 320]) is not None for k in range(0, len(pcm), 320))
            peaks.append(det.peak)
            total += 1
            misses += not hit
            per_voice.setdefault(label(voice), [0, 0])
            per_voice[label(voice)][0] += not hit
            per_voice[label(voice)][1] += 1
    return {
        "negative_hours": seconds / 3600,
        "negative_utterances": i,
        "false_accepts": len(false_accepts),
        "fa_per_hour": fa_per_hour,
        "fa_examples": false_accepts[:5],
        "positives": total,
        "false_rejects": misses,
        "frr": misses / max(total, 1),
        "frr_per_voice": {k: f"{m}/{n}" for k, (m, n) in per_voice.items()},
        "median_peak": statistics.median(peaks) if peaks else 0.0,
        "second_stage": getattr(detector, "verifier", None) is not None,
        "negative_checks": negative_checks,
        "wake_cpu_fraction": cpu / seconds,
    }


def bench_idle_cpu(seconds: float = 60.0, rate: int = 16000) -> dict[str, float]:
    """CPU per second of audio of the always-on path: source -> resample -> wake + VAD."""
    from pipelines.audio.pcm import RawFormat
    from pipelines.audio.source import AudioSource, ChunkStreamBackend
    from pipelines.audio.vad import WebRtcVad
    from pipelines.audio.wake import MicroWakeWordDetector
    from pipelines.speech.pipeline.voice import VoicePipeline

    class Never:
        name = "none"

        def prepare(self) -> None:
            return None

        def stream(self, mode: str = "command") -> Any:
            raise AssertionError("idle audio must not start recognition")

    blocks = [noise(0.03, k, 30.0) for k in range(int(seconds / 0.03))]
    factor = rate // 16000  # 48 kHz: a microphone that cannot do 16 kHz; we resample
    raw = [np.repeat(np.frombuffer(b, "<i2"), factor).astype("<i2").tobytes() for b in blocks]
    loop = VoicePipeline(Never(), WebRtcVad(), None, wake=MicroWakeWordDetector())  # type: ignore[arg-type]
    source = AudioSource(ChunkStreamBackend(raw, RawFormat(rate)))
    t0 = time.process_time()
    w0 = time.perf_counter()
    with loop:  # closing it frees the wake-word model
        for chunk in source.chunks():
            loop.feed(chunk)
    cpu = time.process_time() - t0
    return {
        "audio_s": seconds,
        "cpu_s": cpu,
        "core_fraction": cpu / seconds,
        "wall_s": time.perf_counter() - w0,
    }
