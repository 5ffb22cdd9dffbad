"""Several timers in one request, read by :mod:`pipelines.language.timer_rules`."""

from __future__ import annotations

import pytest

from pipelines.language.rules import tidy
from pipelines.language.timer_rules import several_timers

from .test_scope_rules import _cache_home as _cache_home  # the same temporary home
from .test_scope_rules import said_with_intents


@pytest.mark.parametrize(
    ("text", "timers"),
    [
        ("set two timers, one for 5 minutes and one for 10 minutes", ["300", "600"]),
        ("start a five minute timer and a ten minute timer", ["300", "600"]),
        ("timers for 5 and 10 minutes please", ["300", "600"]),
        ("set a timer for 5 minutes and another for 10 minutes", ["300", "600"]),
        ("set a timer for 10 minutes and 20 minutes", ["600", "1200"]),  # not one of 30
        ("set a 3 minute timer for the eggs and a 12 minute timer for the pasta",
         ["180|eggs", "720|pasta"]),
        ("a timer for 10 minutes for the rice and 20 minutes for the chicken",
         ["600|rice", "1200|chicken"]),
    ],
)  # fmt: skip
def test_several_timers_are_read(text: str, timers: list[str]) -> None:
    found = several_timers(text, tidy(text))
    assert found is not None and found.name == "timer_start"
    assert found.slots["timers"] == timers


@pytest.mark.parametrize(
    "text",
    [
        "set a timer for 1 hour and 30 minutes",  # one timer
        "set timer for 1 hour and 30 minutes",  # without "a" too (review, 23:10)
        "start timer for 2 hours and 15 minutes",
        "set a timer for 1 hour and 1 minute",
        "set a timer for 2 minutes and one second",
        "set a timer for 2 minutes and 30 seconds",
        "set a timer for an hour and a half",
        "set a timer for 5 minutes and turn on the lights",
        "cancel the timers and the alarm",
    ],
)
def test_one_timer_or_other_requests_are_left_alone(text: str) -> None:
    assert several_timers(text, tidy(text)) is None


def test_no_template_or_request_of_another_intent_is_read_as_several_timers() -> None:
    claimed = [
        text
        for text, intent in said_with_intents()
        if several_timers(text, tidy(text)) is not None and intent != "timer_start"
    ]
    assert claimed == []


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("add 5 minutes to the pasta timer", {"duration": 300, "name": "pasta"}),
        ("put another minute on the pasta timer", {"duration": 60, "name": "pasta"}),
        ("add 2 more minutes to it", {"duration": 120}),
        ("two more minutes on the timer", {"duration": 120}),
        ("add half an hour to the timer", {"duration": 1800}),
        ("add 5 to the timer", {"duration": 300}),
        (
            "take 5 minutes off the pasta timer",
            {"duration": 300, "name": "pasta", "shorten": "yes"},
        ),
    ],
)
def test_more_time_on_a_timer_is_read(text: str, slots: dict[str, object]) -> None:
    from pipelines.language.timer_rules import more_time

    found = more_time(text, tidy(text))
    assert found is not None and found.name == "timer_start" and dict(found.slots) == slots


@pytest.mark.parametrize("text", ["add milk to it", "add eggs to the list", "put it on"])
def test_other_add_requests_are_no_more_time(text: str) -> None:
    from pipelines.language.timer_rules import more_time

    assert more_time(text, tidy(text)) is None
