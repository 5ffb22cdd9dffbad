"""bench.voice_chooser_replay: dumped readings understood again by another intent model."""

from __future__ import annotations

from typing import Any

from bench.voice_chooser_replay import replay
from pipelines.core.intent import Intent
from pipelines.speech.pipeline.reading_chooser import Reading


class Model:
    """A fake recogniser: a fixed intent per text."""

    def __init__(self, table: dict[str, tuple[str, float]]) -> None:
        self.table = table

    def recognize(self, text: str) -> Intent:
        name, confidence = self.table.get(text, ("out_of_scope", 0.3))
        return Intent(name, {}, confidence, text=text)


def utterance(voice: str, said: str, *texts: str, one: bool = True) -> dict[str, Any]:
    stale = Intent("stop", {}, 0.99)  # what the dumping model understood: never reused
    sources = ["pocketsphinx", "whisper-base"][: len(texts)]
    readings = [Reading(src, t, stale, 0.5) for src, t in zip(sources, texts, strict=True)]
    return {"said": "?", "intent": said, "voice": voice, "one": one, "readings": readings}


def test_each_model_understands_the_same_readings_again() -> None:
    dumped = [
        utterance(
            "espeak-ng en-us+m3 x0.95", "timer_cancel", "console the timer", "cancel the time"
        ),
        utterance("flite kal x1", "light_on", "turn on the light", "turn on the lie"),
        utterance("piper joe x1", "light_on", "turn on the light", one=False),
    ]
    old = Model({"console the timer": ("timer_start", 0.8), "turn on the light": ("light_on", 0.9)})
    new = Model(
        {"console the timer": ("timer_cancel", 0.7), "turn on the light": ("light_on", 0.9)}
    )
    before, after = replay(dumped, old), replay(dumped, new)
    assert (before["right"], after["right"]) == (1, 2)  # a split utterance is wrong for both
    assert (before["right/espeak-ng"], after["right/espeak-ng"]) == (0, 1)
    assert before["acted_wrong"] == 1 and after["acted_wrong"] == 0  # timer_start at 0.8
    assert after["any"] == 2 and after["n"] == 3
    # Flite kal also spoke training readings (bench.asr_noise): counted apart
    assert (after["n_unheard"], after["right_unheard"]) == (2, 1)
