"""The issue-20 requests through real `homebody ask` processes (grammars + the shipped intent
model + skills + the SQLite store), one process per request like a user at a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.skills.list_store import ListStore
from pipelines.skills.reminder_store import ReminderStore
from pipelines.skills.timer_store import TimerStore

from .test_ask_end_to_end import _db, ask, needs_model


@pytest.mark.slow
@needs_model
def test_what_people_actually_ask(home: Path) -> None:
    refused = ask(home, "set a timer for -5 minutes")
    assert refused["response_detail"]["success"] is False and "No timer" in refused["response"]
    assert "Tokyo" in ask(home, "what time is it in Tokyo")["response"]
    assert "Paris" in ask(home, "and in Paris?")["response"]  # a follow-up across processes
    assert "25 December" in ask(home, "how many days until christmas")["response"]
    assert "8.05" in ask(home, "what is five miles in kilometers")["response"]
    assert "8.05" in ask(home, "convert 5 miles to km")["response"]
    ask(home, "add call mum to my to do list")
    reminded = ask(home, "remind me to call mum at 5pm")
    assert reminded["intent"] == "reminder_set" and "17:00" in reminded["response"]
    burgers = ask(home, "let's make smash burgers")
    assert burgers["intent"] == "recipe_find" and "unsupported" not in burgers["response"]
    assert "0 to 100" in ask(home, "set the volume to 150")["response"]
    assert "reminder" in ask(home, "what reminders do I have")["response"].lower()
    with _db(home) as db:
        assert TimerStore(db).active() == []
        assert ListStore(db).items("todo") == ["call mum"]
        assert [r.text for r in ReminderStore(db).upcoming()] == ["call mum"]
