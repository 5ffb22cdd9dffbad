"""bench.voice_chooser_dev: the rule before sure refusals voted, kept to compare against."""

from __future__ import annotations

from bench.voice_chooser_dev import best_before
from pipelines.core.intent import Intent
from pipelines.speech.pipeline.reading_chooser import Reading, best, rank


def choices(*readings: tuple[str, str, str, float]) -> tuple[str, str]:
    """(the rule before's choice, the shipped vote's) among (source, text, intent, confidence)
    readings, in the chooser's order."""
    found = [Reading(s, t, Intent(i, {}, c, text=t), 0.5) for s, t, i, c in readings]
    found.sort(key=rank, reverse=True)
    return best_before(found).text, best(found).text


def test_the_old_rule_acts_on_a_garbled_request_where_the_shipped_one_refuses() -> None:
    assert choices(
        ("pocketsphinx", "my tooth hurts", "out_of_scope", 0.97),
        ("whisper-base", "mic two thirds", "volume_up", 0.39),
        ("whisper-base", "my two thirds", "recipe_scale", 0.36),
    ) == ("mic two thirds", "my tooth hurts")


def test_both_rules_agree_when_every_reading_is_a_request() -> None:
    both = "it was time in my alarm you"
    assert choices(
        ("pocketsphinx", "feed the uh find my dog food off", "list_remove", 0.987),
        ("whisper-base", both, "alarm_query", 0.86),
        ("whisper-base", "it was time in my alarm view", "alarm_query", 0.832),
    ) == (both, both)
