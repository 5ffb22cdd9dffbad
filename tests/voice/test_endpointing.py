"""Adaptive endpointing: which partial transcripts count as complete commands."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.core.intent import Intent
from pipelines.speech.lm.word_graph import Reach
from pipelines.speech.pipeline.endpointing import CommandCompleteness


def fake_understand(table: dict[str, Intent]) -> Any:
    calls: list[str] = []

    def understand(text: str) -> Intent:
        calls.append(text)
        return table.get(text, Intent("out_of_scope", {}, 0.9, text=text))

    understand.calls = calls  # type: ignore[attr-defined]
    return understand


TABLE = {
    "set a timer for five minutes": Intent("timer_start", {"duration": 300}, 0.97),
    "set a timer for five": Intent("timer_start", {}, 0.95),
    "what time is it": Intent("time_query", {}, 0.99),
    "add eggs": Intent("list_add", {"item": ["eggs"]}, 0.99),
    "turn the lights": Intent("light_on", {}, 0.52),
    "dim the lights to": Intent("light_set", {}, 0.9),
    "dim the lights to thirty percent": Intent("light_set", {"level": 30}, 0.9),
    "what's the weather": Intent("unsupported_online", {}, 0.99),
    "add eggs and milk to the shopping list": Intent(
        "list_add", {"item": ["eggs", "milk"], "list": "shopping"}, 0.99
    ),
    "how many ml is two cups": Intent(
        "unit_convert", {"unit": ["cup", "milliliter"], "quantity": 2}, 0.95
    ),
    "how many ml is": Intent("unit_convert", {"unit": "milliliter"}, 0.95),
    "where are my glasses": Intent("object_locate", {"object": "glasses"}, 0.99),
    "what is the": Intent("timer_status", {}, 0.95),  # a confident guess on half a question
    "set a timer for": Intent("timer_start", {"duration": 60}, 0.9),
    "yes": Intent("affirm", {}, 0.99),
    "no i meant the rice timer": Intent("deny", {}, 0.9),
    "let's make the pumpkin pie": Intent("recipe_find", {"recipe": "pumpkin pie"}, 0.97),
}


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        ("set a timer for five minutes", True),
        ("set a timer for five", False),  # the duration is still coming
        ("what time is it", True),
        ("add eggs", False),  # lists run on: "... and milk"
        ("turn the lights", False),  # not confident yet
        ("dim the lights to", False),
        ("dim the lights to thirty percent", True),
        ("what's the weather", False),  # no action: no hurry
        ("add eggs and milk to the shopping list", True),  # the list name closes it
        ("how many ml is two cups", True),
        ("how many ml is", False),
        ("where are my glasses", True),
        ("yes", True),
        ("no i meant the rice timer", False),  # a longer answer may go on
        ("let's make the pumpkin pie", False),  # recipe names run on
        ("what is the", False),  # mid-phrase, whatever the model thinks (below)
        ("set a timer for", False),
        ("", False),
    ],
)
def test_completeness(text: str, complete: bool) -> None:
    assert CommandCompleteness(fake_understand(TABLE))(text) is complete


def test_the_same_partial_is_understood_once() -> None:
    understand = fake_understand(TABLE)
    judge = CommandCompleteness(understand)
    for _ in range(5):
        judge("what time is it")
    assert understand.calls == ["what time is it"]


@pytest.mark.parametrize(
    ("text", "likely"),
    [
        ("no i meant the rice timer", True),  # understood, may go on: the middle silence
        ("add eggs", False),  # lists run on: "... and milk" (the full silence)
        ("let's make the pumpkin pie", False),
        ("set a timer for five", False),  # the duration it needs is still missing
        ("dim the lights to", False),
        ("turn the lights", True),  # 0.52: understood, not sure enough to be complete
        ("what's the weather", False),  # no action
        ("what time is it", True),  # complete is likely too
        ("", False),
    ],
)
def test_likely_requests(text: str, likely: bool) -> None:
    judge = CommandCompleteness(fake_understand(TABLE))
    assert judge.likely(text) is likely
    if judge(text):
        assert judge.likely(text)


def test_below_the_likely_threshold_nothing_is_likely() -> None:
    judge = CommandCompleteness(fake_understand(TABLE), likely_threshold=0.6)
    assert judge.likely("turn the lights") is False


@pytest.mark.parametrize(
    "text", ["um what is", "add eggs and", "turn off the", "what's the", "set a timer for"]
)
def test_a_partial_that_stops_mid_phrase_is_neither_complete_nor_likely(text: str) -> None:
    understand = fake_understand({text: Intent("timer_status", {}, 0.99)})
    judge = CommandCompleteness(understand, grammar=lambda words: Reach.END)
    assert judge.judge(text) == (False, False)
    assert understand.calls == []  # not even asked


@pytest.mark.parametrize(
    "text", ["stop", "what time is it", "turn it on", "make it stop", "lights off please"]
)
def test_commands_that_end_on_a_word_are_still_judged(text: str) -> None:
    understand = fake_understand({text: Intent("stop", {}, 0.99)})
    assert CommandCompleteness(understand)(text)
