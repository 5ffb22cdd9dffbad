"""Requests the tryout saw misrouted, through the real grammars and a real Dispatcher on the
real SQLite store: days since/until a day, good night, non-units, web search, past reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipelines.core.intent import Intent
from pipelines.language.rules import match
from pipelines.language.unit_parsing import not_units
from pipelines.skills.conversation import online_topic
from pipelines.skills.reminder_store import ReminderStore

from .conftest import START, Talk


def told(talk: Talk, name: str, text: str, **slots: Any) -> Any:
    return talk.dispatcher.handle(Intent(name, slots, 0.95, text=text))


def test_days_since_a_day_counts_back(talk: Talk) -> None:
    since = told(talk, "date_query", "how many days since new year")
    assert since.card["days_from_today"] < 0 and "1 January" in since.text  # type: ignore[index]
    assert "days ago" in since.text


def test_my_birthday_is_a_day_homebody_does_not_know(talk: Talk) -> None:
    answer = told(talk, "date_query", "how many days until my birthday")
    assert answer.success is False and "your birthday" in answer.text
    assert "Today is" not in answer.text


def test_good_night_is_not_hello(talk: Talk) -> None:
    heard = match("good night")
    assert heard is not None and heard.name == "smalltalk"
    reply = told(talk, "smalltalk", "good night")
    assert "night" in reply.text.lower() and "Hello" not in reply.text


def test_apples_are_no_units(talk: Talk) -> None:
    for name in ("unsupported_online", "unit_convert"):
        reply = told(talk, name, "convert 5 apples to pears")
        assert "apples" in reply.text and "pears" in reply.text and "offline" not in reply.text


def test_counted_things_are_not_weighed(talk: Talk) -> None:
    reply = told(talk, "unit_convert", "convert 5 apples to kg", quantity=5, unit="kg")
    assert reply.success is False and "apples" in reply.text and "5 kilograms" not in reply.text


def test_words_pint_reads_as_symbol_puns_are_no_units() -> None:
    assert not_units("convert 5 cats to dogs") == ["cats", "dogs"]  # not centi-tech-atmospheres
    assert not_units("convert 3 nautical miles to furlongs") == []


def test_a_web_search_says_it_needs_the_internet() -> None:
    assert online_topic("search the web for cheap flights") == "search"
    assert online_topic("when is the next train") == "transport"


def test_a_reminder_in_the_past_is_refused(talk: Talk, app: Any) -> None:
    today = dt.datetime.fromtimestamp(START).date()
    heard = match("remind me yesterday at 5pm to pay rent", today)
    assert heard is not None and heard.slots["name"] == "pay rent"
    reply = talk.dispatcher.handle(heard)
    assert reply.success is False and "past" in reply.text and "yesterday" in reply.text
    assert ReminderStore(app.db).upcoming() == []
