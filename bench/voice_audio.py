"""Speech for the voice benchmarks, made at run time into memory: the voices (espeak-ng, CMU
Flite), room noise around an utterance, and the set of template commands that is spoken."""

from __future__ import annotations

import random
from typing import Any

import numpy as np

Voice = tuple[str, str, float]
VOICES: list[Voice] = [
    ("espeak-ng", "en-us", 175),
    ("espeak-ng", "en-gb", 150),
    ("espeak-ng", "en-us+f3", 200),
    ("espeak-ng", "en-gb-x-rp", 130),
]
"""(engine, voice, speed): espeak-ng words per minute; accents, a female variant, slow/fast."""
FLITE_VOICES: list[Voice] = [("flite", "slt", 1.0), ("flite", "rms", 1.2), ("flite", "awb", 0.85)]
"""CMU Flite voices built from recorded speech; speed as duration stretch (>1 slower)."""


def speak(voice: Voice, text: str) -> bytes:
    from pipelines.speech.tts.speaker import espeak_pcm, flite_pcm

    engine, name, speed = voice
    if engine == "flite":
        return flite_pcm(text, name, speed)
    return espeak_pcm(text, name, int(speed))


def label(voice: Voice) -> str:
    engine, name, speed = voice
    return f"{engine} {name} " + (f"x{speed:g}" if engine == "flite" else f"{speed:g} wpm")


def noise(seconds: float, seed: int, level: float = 20.0) -> bytes:
    rng = np.random.default_rng(seed)
    x = rng.normal(0, level, int(16000 * seconds))
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def in_noise(pcm: bytes, lead_s: float, tail_s: float, seed: int, level: float = 20.0) -> bytes:
    """``pcm`` with silence before/after and steady background noise over all of it (a room:
    espeak-ng's output contains digital silence, which no microphone produces)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = np.concatenate([np.zeros(int(16000 * lead_s)), x, np.zeros(int(16000 * tail_s))])
    x += np.random.default_rng(seed).normal(0, level, len(x))
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def command_set(n: int, seed: int = 4242) -> list[tuple[str, str]]:
    """``n`` (spoken text, intent) pairs drawn evenly over the templates' intents."""
    from pipelines.language.spoken_form import spoken_form
    from pipelines.language.templates import load_templates

    tset = load_templates()
    rng = random.Random(seed)
    by_intent: dict[str, list[Any]] = {}
    for t in tset.templates:
        by_intent.setdefault(t.intent, []).append(t)
    intents = sorted(by_intent)
    out: list[tuple[str, str]] = []
    while len(out) < n:
        intent = intents[len(out) % len(intents)]
        example = tset.sample(rng.choice(by_intent[intent]), rng)
        text = spoken_form(example.text)
        if text:
            out.append((text, intent))
    return out


def bench_assistant(prefix: str) -> tuple[Any, Any]:
    """(app, prepared Assistant) in a new temporary HOMEBODY_HOME: out of the box."""
    import os
    import tempfile
    from pathlib import Path

    os.environ["HOMEBODY_HOME"] = str(Path(tempfile.mkdtemp(prefix=prefix)))
    from pipelines.app_context import AppContext
    from pipelines.assistant import Assistant
    from pipelines.core.paths import AppPaths

    app = AppContext.create(paths=AppPaths.from_environment(), guard=False)
    assistant = Assistant(app)
    assistant.prepare()
    return app, assistant
