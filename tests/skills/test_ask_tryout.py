"""The new-user tryout through real `homebody ask` processes (the shipped intent model, the
grammars, the skills, the SQLite store): answers to Homebody's own questions, follow-ups that
change what was just done, and the requests it used to misroute."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.skills.alarm_store import AlarmStore
from pipelines.skills.reminder_store import ReminderStore
from pipelines.skills.timer_store import TimerStore

from .test_ask_end_to_end import _db, ask, needs_model


@pytest.mark.slow
@needs_model
def test_answers_and_follow_ups_across_processes(home: Path) -> None:
    assert ask(home, "remind me to call mum")["response_detail"]["action"] == "slot_requested"
    assert "call mum" in ask(home, "at 5pm")["response"]
    ask(home, "remind me to pay rent")
    assert "pay rent" in ask(home, "tomorrow at 9")["response"]
    ask(home, "set a timer for 5 minutes")
    assert ask(home, "make it 10 minutes")["response_detail"]["action"] == "timer_changed"
    assert "8.05" in ask(home, "convert 5 miles to km")["response"]
    assert "8,047 metres" in ask(home, "and in meters?")["response"]
    assert ask(home, "set a timer for banana minutes")["response"] == "For how long?"
    with _db(home) as db:
        assert sorted(r.text for r in ReminderStore(db).upcoming()) == ["call mum", "pay rent"]
        assert AlarmStore(db).upcoming() == []
        assert [t.duration_s for t in TimerStore(db).active()] == [600]


@pytest.mark.slow
@needs_model
def test_requests_that_were_misrouted(home: Path) -> None:
    assert "minus 5 minutes" in ask(home, "set a timer for minus 5 minutes")["response"]
    assert "birthday" in ask(home, "how many days until my birthday")["response"]
    assert "days ago" in ask(home, "how many days since new year")["response"]
    assert "Hello" not in ask(home, "good night")["response"]
    assert "units" in ask(home, "convert 5 apples to pears")["response"]
    assert "web" in ask(home, "search the web for cheap flights")["response"]
    assert "past" in ask(home, "remind me yesterday at 5pm to pay rent")["response"]
    assert "weekdays" in ask(home, "set an alarm for every weekday at 7")["response"]
    with _db(home) as db:
        assert ReminderStore(db).upcoming() == []
        assert [a.repeat is not None for a in AlarmStore(db).upcoming()] == [True]


@pytest.mark.slow
@needs_model
def test_requests_a_reviewer_found_wrong(home: Path) -> None:
    """Session 15's tryout: each of these was answered wrongly before."""
    added = ask(home, "add paint to the diy list")
    assert added["slots"]["item"] == ["paint"] and added["slots"]["list"] == "diy"
    assert "days ago" in ask(home, "how many days since 1 January")["response"]
    assert "365" in ask(home, "how many days are there in a year")["response"]
    assert ask(home, "how many days in 2028")["response"] == "2028 has 366 days."
    refused = ask(home, "wake me up every other day at 7")
    assert refused["response_detail"]["success"] is False
    assert "every other day" in refused["response"]
    assert "3 timers set" in ask(home, "set three timers for 5 minutes")["response"]
    leftovers = ask(home, "I have leftover rice")
    assert leftovers["intent"] == "recipe_find"
    assert leftovers["slots"] == {"suggest": "any", "ingredient": "rice"}
    with _db(home) as db:
        assert AlarmStore(db).upcoming() == []  # the refused series stored nothing
        assert [t.duration_s for t in TimerStore(db).active()] == [300, 300, 300]
