"""bench.voice_second_opinion_dev: the second model's readings join an unsettled vote only."""

from __future__ import annotations

from bench.voice_second_opinion_dev import rechoose
from pipelines.core.intent import Intent
from pipelines.speech.pipeline.reading_vote import Reading


def reading(source: str, text: str, intent: str, sure: float) -> Reading:
    return Reading(source, text, Intent(intent, {}, sure, text=text), 0.5)


def test_an_unsettled_vote_takes_the_second_models_readings() -> None:
    """Development utterance (en-us+f2): "not this song next"."""
    heard = [reading("pocketsphinx", "nah please are you", "deny", 0.969),
             reading("whisper-base", "that list is unlocked", "list_clear", 0.609)]  # fmt: skip
    asked: list[bool] = []

    def second() -> list[Reading]:
        asked.append(True)
        return [reading("whisper-tiny.en", "but this song next", "media_next", 0.982)]

    assert rechoose(heard, second).text == "but this song next" and asked == [True]


def test_a_settled_vote_never_asks() -> None:
    heard = [reading("pocketsphinx", "what time is it", "time_query", 0.99),
             reading("whisper-base", "what time is it", "time_query", 0.99)]  # fmt: skip

    def second() -> list[Reading]:
        raise AssertionError("asked")

    assert rechoose(heard, second).text == "what time is it"
