"""Answers to Homebody's own questions and follow-ups that change what was just done, through a
real Dispatcher on the real SQLite store (the tryout's "at 5pm" made an alarm, not the reminder)."""

from __future__ import annotations

from typing import Any

from pipelines.core.intent import Intent
from pipelines.skills.alarm_store import AlarmStore
from pipelines.skills.reminder_store import ReminderStore
from pipelines.skills.timer_store import TimerStore

from .conftest import Talk


def say(talk: Talk, intent_name: str, text: str, raw: dict[str, str] | None = None, /,
        confidence: float = 0.95, **slots: Any) -> Any:  # fmt: skip
    intent = Intent(
        intent_name, slots, confidence, text=text, raw_slots=raw or {},
        alternatives=(("alarm_set", 0.3),) if confidence < 0.5 else (),
    )  # fmt: skip
    return talk.dispatcher.handle(intent)


def test_a_time_answers_the_reminder_question_not_a_new_alarm(talk: Talk, app: Any) -> None:
    asked = say(talk, "reminder_set", "remind me to call mum", name="call mum")
    assert asked.action == "slot_requested"
    done = say(talk, "alarm_set", "at 5pm", {"time": "5pm"}, time="17:00")
    assert done.action == "reminder_set" and "call mum" in done.text
    assert [r.text for r in ReminderStore(app.db).upcoming()] == ["call mum"]
    assert AlarmStore(app.db).upcoming() == []


def test_a_day_and_time_answer_even_when_the_model_is_unsure(talk: Talk, app: Any) -> None:
    say(talk, "reminder_set", "remind me to pay rent", name="pay rent")
    done = say(
        talk, "alarm_set", "tomorrow at 9", {"date": "tomorrow", "time": "9"}, confidence=0.4,
        date="tomorrow", time="09:00",
    )  # fmt: skip
    assert done.action == "reminder_set", done.text
    assert [r.text for r in ReminderStore(app.db).upcoming()] == ["pay rent"]


def test_a_new_command_is_not_taken_as_the_answer(talk: Talk, app: Any) -> None:
    say(talk, "reminder_set", "remind me to call mum", name="call mum")
    started = say(
        talk, "timer_start", "set a timer for 5 minutes", {"duration": "5 minutes"}, duration=300
    )
    assert started.action == "timer_started"
    assert ReminderStore(app.db).upcoming() == []


def test_make_it_ten_minutes_changes_the_timer_just_set(talk: Talk, app: Any) -> None:
    say(talk, "timer_start", "set a timer for 5 minutes", {"duration": "5 minutes"}, duration=300)
    changed = say(talk, "timer_start", "make it 10 minutes", {"duration": "10 minutes"},
                  duration=600)  # fmt: skip
    assert changed.action == "timer_changed"
    assert [t.duration_s for t in TimerStore(app.db).active()] == [600]


def test_and_in_meters_reuses_the_last_quantity(talk: Talk) -> None:
    first = say(talk, "unit_convert", "convert 5 miles to km", {"quantity": "5"},
                quantity=5, unit=["miles", "km"])  # fmt: skip
    assert "8.05" in first.text
    follow = say(talk, "unit_convert", "and in meters?", {"unit": "meters"}, confidence=0.4,
                 unit="meters")  # fmt: skip
    assert follow.action == "converted" and "8,047 metres" in follow.text


def test_a_length_that_is_not_a_number_is_asked_for(talk: Talk, app: Any) -> None:
    asked = say(talk, "timer_start", "set a timer for banana minutes",
                {"duration": "minutes", "name": "banana"}, duration=60, name="banana")  # fmt: skip
    assert asked.action == "slot_requested" and TimerStore(app.db).active() == []
    say(talk, "timer_start", "3 minutes", {"duration": "3 minutes"}, duration=180)
    assert [(t.name, t.duration_s) for t in TimerStore(app.db).active()] == [(None, 180)]


def test_a_negative_length_keeps_its_minus(talk: Talk, app: Any) -> None:
    refused = say(talk, "timer_start", "set a timer for minus 5 minutes",
                  {"duration": "5 minutes"}, duration=-300)  # fmt: skip
    assert refused.success is False and '"minus 5 minutes"' in refused.text
    assert "backwards" in refused.text and TimerStore(app.db).active() == []


def test_every_weekday_sets_a_repeating_alarm(talk: Talk, app: Any) -> None:
    done = say(talk, "alarm_set", "set an alarm for every weekday at 7",
               {"date": "weekday", "time": "7"}, date="weekday", time="07:00")  # fmt: skip
    assert done.success and "weekdays" in done.text, done.text
    assert [a.repeat is not None for a in AlarmStore(app.db).upcoming()] == [True]


def test_clearing_a_one_item_list_says_item(talk: Talk) -> None:
    say(talk, "list_add", "add eggs to my shopping list", item=["eggs"], list="shopping")
    asked = say(talk, "list_clear", "clear my shopping list", list="shopping")
    assert "1 items" not in asked.text and "one item" in asked.text, asked.text


def test_all_of_one_thing_is_not_all_1_things(talk: Talk) -> None:
    say(talk, "timer_start", "set a timer for 5 minutes", {"duration": "5 minutes"}, duration=300)
    paused = say(talk, "timer_pause", "pause all timers")
    cancelled = say(talk, "timer_cancel", "cancel all timers")
    for reply in (paused, cancelled):
        assert " 1 timers" not in reply.text and "timer" in reply.text, reply.text
