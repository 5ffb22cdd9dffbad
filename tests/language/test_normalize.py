"""Slot value normalisers: durations, times, dates, items, numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.language.normalize import (
    normalize_slot,
    parse_date,
    parse_duration,
    parse_factor,
    parse_level,
    parse_number,
    parse_ordinal,
    parse_time,
    split_items,
    words_to_numbers,
)

TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("an hour and a half", 5400),
        ("five minutes", 300),
        ("5 minutes", 300),
        ("half an hour", 1800),
        ("one and a half hours", 5400),
        ("a minute and a half", 90),
        ("two and a half minutes", 150),
        ("a quarter of an hour", 900),
        ("90 seconds", 90),
        ("1 hour 30 minutes", 5400),
        ("3 hours and 20 minutes", 12000),
        ("twenty five minutes", 1500),
        ("forty five secs", 45),
        ("10 min", 600),
        ("2 hrs", 7200),
        ("1.5 hours", 5400),
        ("for an hour", 3600),
        ("one minute thirty seconds", 90),
    ],
)
def test_durations_become_seconds(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_text_without_a_unit_is_no_duration() -> None:
    assert parse_duration("pasta") is None
    assert parse_duration("five") is None


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("half past seven", "07:30"),
        ("7 pm", "19:00"),
        ("7pm", "19:00"),
        ("noon", "12:00"),
        ("midday", "12:00"),
        ("midnight", "00:00"),
        ("seven thirty", "07:30"),
        ("six forty five pm", "18:45"),
        ("quarter to eight", "07:45"),
        ("quarter past nine", "09:15"),
        ("ten past six", "06:10"),
        ("twenty to nine", "08:40"),
        ("6:45 am", "06:45"),
        ("12 am", "00:00"),
        ("12 pm", "12:00"),
        ("seven in the morning", "07:00"),
        ("eight in the evening", "20:00"),
        ("eight o'clock", "08:00"),
        ("seven oh five", "07:05"),
        ("19:30", "19:30"),
    ],
)
def test_clock_times_become_hh_mm(text: str, clock: str) -> None:
    assert parse_time(text) == clock


def test_nonsense_is_no_time() -> None:
    assert parse_time("pancakes") is None
    assert parse_time("") is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("today", "today"),
        ("tonight", "today"),
        ("tomorrow", "tomorrow"),
        ("tomorrow morning", "tomorrow"),
        ("on friday", "friday"),
        ("next monday", "monday"),
        ("mondays", "monday"),
        ("the day after tomorrow", "2026-11-24"),
        ("march 5th", "2027-03-05"),
        ("the fifth of march", "2027-03-05"),
        ("december the first", "2026-12-01"),
        ("2026-12-24", "2026-12-24"),
    ],
)
def test_dates(text: str, date: str) -> None:
    assert parse_date(text, TODAY) == date


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("eggs, milk and butter", ["eggs", "milk", "butter"]),
        ("eggs milk and butter", ["eggs milk", "butter"]),
        ("some apples", ["apples"]),
        ("bread", ["bread"]),
        ("apples & pears plus a lemon", ["apples", "pears", "lemon"]),
    ],
)
def test_items_become_one_entry_each(text: str, items: list[str]) -> None:
    assert split_items(text) == items


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty five", 25),
        ("one hundred and twenty", 120),
        ("three thousand two hundred", 3200),
        ("2.5", 2.5),
        ("one and a half", 1.5),
        ("half a", 0.5),
        ("a dozen", 12),
        ("a", 1),
        ("two point five", 2.5),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_levels_factors_and_steps() -> None:
    assert parse_level("fifty percent") == 50
    assert parse_level("50%") == 50
    assert parse_level("half") == 50
    assert parse_level("max") == 100
    assert parse_factor("double") == 2
    assert parse_factor("half") == 0.5
    assert parse_factor("by three") == 3
    assert parse_ordinal("third") == 3
    assert parse_ordinal("3rd") == 3
    assert parse_ordinal("step four") == 4
    assert parse_ordinal("twenty first") == 21
    assert parse_ordinal("the last") is None


def test_words_to_numbers_rewrites_only_numbers() -> None:
    assert (
        words_to_numbers("set two timers for twenty five minutes") == "set 2 timers for 25 minutes"
    )


def test_normalize_slot_follows_the_intent_conventions() -> None:
    assert normalize_slot("duration", "an hour and a half") == 5400
    assert normalize_slot("time", "half past seven") == "07:30"
    assert normalize_slot("item", "eggs, milk and butter") == ["eggs", "milk", "butter"]
    assert normalize_slot("level", "thirty percent") == 30
    assert normalize_slot("step", "second") == 2
    assert normalize_slot("room", "the Living Room") == "living room"
    assert normalize_slot("object", "my keys") == "keys"
    # unparsable text is kept, never lost
    assert normalize_slot("duration", "a while") == "a while"
    assert normalize_slot("time", "later") == "later"
