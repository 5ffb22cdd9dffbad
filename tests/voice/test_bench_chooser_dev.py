"""bench.voice_chooser_dev: the rule before sure refusals voted, kept to compare against."""

from __future__ import annotations

from bench.voice_chooser_dev import best_before
from pipelines.core.intent import Intent
from pipelines.speech.pipeline.reading_chooser import Reading, best, rank


def reading(source: str, text: str, intent: str, confidence: float) -> Reading:
    return Reading(source, text, Intent(intent, {}, confidence, text=text), 0.5)


def test_the_old_rule_acts_on_a_garbled_request_where_the_shipped_one_refuses() -> None:
    readings = [
        reading("pocketsphinx", "my tooth hurts", "out_of_scope", 0.97),
        reading("whisper-base", "mic two thirds", "volume_up", 0.39),
        reading("whisper-base", "my two thirds", "recipe_scale", 0.36),
    ]
    readings.sort(key=rank, reverse=True)
    assert best_before(readings).text == "mic two thirds"
    assert best(readings).text == "my tooth hurts"


def test_both_rules_agree_when_every_reading_is_a_request() -> None:
    readings = [
        reading("pocketsphinx", "feed the uh find my dog food off", "list_remove", 0.987),
        reading("whisper-base", "it was time in my alarm you", "alarm_query", 0.86),
        reading("whisper-base", "it was time in my alarm view", "alarm_query", 0.832),
    ]
    readings.sort(key=rank, reverse=True)
    assert best_before(readings).text == best(readings).text == "it was time in my alarm you"
