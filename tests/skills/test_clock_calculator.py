"""Requests read by the grammars and answered by the skills: sums, gas marks, two places'
clocks, dates counted back and forward and in weeks (the fake clock: Wednesday 18 November
2026, 10:00)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.core.intent import Intent
from pipelines.language.places import table
from pipelines.language.rules import match
from pipelines.skills.base import Response

from .conftest import START, Talk

TODAY = dt.date.fromtimestamp(START)


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOMEBODY_HOME", str(tmp_path / "home"))
    table.cache_clear()


def say(talk: Talk, text: str) -> Response:
    found = match(text, today=TODAY)
    assert isinstance(found, Intent), text
    return talk.dispatcher.handle(found)


def test_sums_are_shown_with_symbols_and_spoken_in_words(talk: Talk) -> None:
    r = say(talk, "what's twenty four times seventeen")
    assert r.text == "24 × 17 = 408" and r.speech is not None and "24 times 17 is 408" in r.speech
    r = say(talk, "what is the square root of 2")
    assert r.text.startswith("√2 ≈ 1.41421") and r.speech is not None and "about" in r.speech
    assert say(talk, "what is 7 squared").text == "7² = 49"
    r = say(talk, "what is 10 divided by 0")
    assert r.success is False and "zero" in r.text


def test_the_gap_between_two_places_names_the_one_ahead_first(talk: Talk) -> None:
    r = say(talk, "what's the time difference between london and tokyo")
    assert r.text.startswith("Tokyo is 9 hours ahead of London"), r.text
    r = say(talk, "how many hours ahead is tokyo from london")
    assert r.text.startswith("Tokyo is 9 hours ahead of London"), r.text
    r = say(talk, "time difference between paris and berlin")
    assert "same time" in r.text


def test_a_clock_time_is_converted_between_places(talk: Talk) -> None:
    r = say(talk, "what time is it in tokyo when it's 9 am in london")
    assert r.text == "When it's 09:00 in London, it's 18:00 in Tokyo.", r.text
    r = say(talk, "convert 9pm new york to london time")
    assert "02:00 the next day in London" in r.text, r.text


def test_days_counted_back_and_forward(talk: Talk) -> None:
    r = say(talk, "what day was it 100 days ago")
    assert r.card["iso"] == (TODAY - dt.timedelta(days=100)).isoformat() and "ago" in r.text
    r = say(talk, "what's the date 3 weeks from now")
    assert r.card["iso"] == "2026-12-09"
    r = say(talk, "what was the date two weeks ago")
    assert r.card["iso"] == "2026-11-04"
    r = say(talk, "what's the date in 3 months")
    assert r.card["iso"] == "2027-02-18"


def test_a_past_holiday_is_the_last_one(talk: Talk) -> None:
    r = say(talk, "how many days ago was halloween")
    assert r.card["iso"] == "2026-10-31" and "18 days ago" in r.text, r.text
    r = say(talk, "when was halloween")
    assert r.card["iso"] == "2026-10-31"
    assert say(talk, "when is halloween").card["iso"] == "2027-10-31"


def test_asked_in_weeks_the_answer_is_in_weeks(talk: Talk) -> None:
    r = say(talk, "how many weeks until christmas")
    assert "5 weeks and 2 days from today" in r.text, r.text
    r = say(talk, "how many days until christmas")
    assert "37 days" in r.text


def test_holidays_that_move_follow_their_rule(talk: Talk) -> None:
    assert say(talk, "when is thanksgiving").card["iso"] == "2026-11-26"
    assert say(talk, "when was thanksgiving").card["iso"] == "2025-11-27"
    assert say(talk, "how many days until black friday").card["iso"] == "2026-11-27"
    assert say(talk, "what day is mother's day").card["iso"] == "2027-05-09"


def test_the_week_the_year_and_the_month(talk: Talk) -> None:
    assert talk("date_query", "what week is it").text == "It's week 47 of 2026."
    assert talk("date_query", "what year is it").text == "It's 2026."
    assert talk("date_query", "what month is it").text == "It's November 2026."


def test_gas_marks_both_ways(talk: Talk) -> None:
    r = say(talk, "what's gas mark 4 in celsius")
    assert r.text == "Gas mark 4 is about 180 °C (350 °F)." and r.speech is not None
    assert "degrees Celsius" in r.speech
    assert "gas mark 6" in say(talk, "what gas mark is 200 degrees").text
    assert "gas mark 4" in say(talk, "what gas mark is 350 fahrenheit").text
    assert match("turn the gas off", today=TODAY) is None or (
        match("turn the gas off", today=TODAY).name != "unit_convert"  # type: ignore[union-attr]
    )


def test_a_note_after_a_formula_starts_a_new_sentence(talk: Talk) -> None:
    talk("timer_start", "set a pasta timer", duration=60, name="pasta")
    talk.clock.advance(120)
    r = say(talk, "what's 24 times 17")
    assert r.text.startswith("24 × 17 = 408. By the way, the pasta timer went off"), r.text
    assert r.speech is not None and r.speech.startswith("24 times 17 ")


def test_time_left_until_a_clock_time(talk: Talk) -> None:
    """The fake clock says 10:00: 5pm is today, 9am tomorrow, and "half past six" (no am or
    pm) the nearer of 06:30 and 18:30."""
    assert say(talk, "how long until 5pm").text in (
        "7 hours until 17:00.",
        "It's 7 hours until 17:00.",
    )
    r = say(talk, "how many hours till 9 am")
    assert "23 hours until 09:00 tomorrow" in r.text, r.text
    assert "8 hours and 30 minutes until 18:30." in say(talk, "how long till half past six").text
    assert "until 12:00." in say(talk, "how much time is left until noon").text
    assert match("how long until my alarm", today=TODAY) is None  # the model: alarm_query


def test_leap_years(talk: Talk) -> None:
    assert (
        say(talk, "is it a leap year").text == "No, 2026 isn't a leap year. The next one is 2028."
    )
    assert say(talk, "is 2028 a leap year").text.startswith("Yes, 2028 is a leap year")
    assert say(talk, "was 2024 a leap year").text.startswith("Yes, 2024 was a leap year")
    assert say(talk, "was 1900 a leap year").text == "No, 1900 wasn't a leap year."
    assert say(talk, "when's the next leap year").text == "The next leap year is 2028."
    assert say(talk, "is next year a leap year").text.startswith("No, 2027 isn't a leap year")


def test_an_amount_times_a_factor_is_shown_in_fractions_and_spoken_in_words(talk: Talk) -> None:
    r = say(talk, "what's half of 3/4 cup")
    assert r.text == "Half of 3/4 cup is 3/8 cup (6 tablespoons).", r.text
    assert (
        r.speech == "Half of three quarters of a cup is three eighths of a cup, or 6 tablespoons."
    )
    assert say(talk, "double 250 grams").text == "Double 250 grams is 500 grams."
    assert say(talk, "a third of 2 cups of flour").text == "A third of 2 cups is 2/3 cup."
    # asked in another unit; metric amounts in decimals, a small one in the smaller unit
    assert say(talk, "what's half of 3/4 cup in tablespoons").text == (
        "Half of 3/4 cup is 3/8 cup (6 tablespoons)."
    )
    assert say(talk, "a third of 1 litre").text == "A third of 1 litre is 333 millilitres."
    assert say(talk, "double 1.5 kg").text == "Double 1.5 kilograms is 3 kilograms."
    assert say(talk, "double 250g").text == "Double 250 grams is 500 grams."


def test_days_between_two_days_in_a_month_and_in_a_year_named(talk: Talk) -> None:
    """The fake clock: Wednesday 18 November 2026."""
    r = say(talk, "how many days between christmas and new year")
    assert r.text == "There are 7 days between Friday, 25 December and Friday, 1 January 2027."
    r = say(talk, "how many weeks between 1 march and 30 june")
    assert r.text.startswith("There are 17 weeks and 2 days between Monday, 1 March"), r.text
    assert say(talk, "how many days in february").text == "February 2027 has 28 days."
    r = say(talk, "how long until the weekend")  # the fake clock's Wednesday: Saturday
    assert "Saturday, 21 November" in r.text and "3 days" in r.text, r.text
    assert say(talk, "how many days in february 2028").text == "February 2028 has 29 days."
    assert say(talk, "how many days are in this month").text == "November 2026 has 30 days."
    r = say(talk, "what day of the week was 1 january 2000")
    assert r.text.startswith("That was Saturday, 1 January 2000, 9,818 days ago"), r.text
    r = say(talk, "what day is christmas 2030")  # two reply wordings take turns
    assert "Wednesday, 25 December 2030" in r.text and "1,498 days" in r.text, r.text
