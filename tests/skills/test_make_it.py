""" "Make it 7:30" after an alarm, "actually make it 6pm" after a reminder, "make it 60" after
the volume: the follow-up changes what was just set, on the real SQLite store, also when
the follow-up comes from a new process (the conversation is stored, as for `homebody ask`),
even when the model reads the follow-up as another intent or is unsure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipelines.app_context import AppContext
from pipelines.core.intent import Intent
from pipelines.skills.alarm_store import AlarmStore
from pipelines.skills.amend import amended
from pipelines.skills.reminder_store import ReminderStore

from .conftest import FakeClock, Talk, make_talk


def say(talk: Talk, name: str, text: str, /, confidence: float = 0.95, **slots: Any) -> Any:
    alternatives = (("alarm_set", 0.3),) if confidence < 0.55 else ()
    intent = Intent(name, slots, confidence, text=text, alternatives=alternatives)
    return talk.dispatcher.handle(intent)


def _restarted(clock: FakeClock) -> tuple[Any, Talk]:
    app = AppContext.create(guard=False)  # the same HOMEBODY_HOME: a new process's view
    return app, make_talk(app, clock)


def test_make_it_changes_the_alarm_just_set_across_a_restart(
    app: Any, talk: Talk, clock: FakeClock
) -> None:
    assert say(talk, "alarm_set", "wake me up at 7", time="07:00").action == "alarm_set"
    app2, talk2 = _restarted(clock)
    try:
        changed = say(talk2, "time_query", "make it 7:30", confidence=0.4, time="07:30")
        assert changed.action == "alarm_changed", changed.text
        assert "07:30" in changed.text
        assert [a.time_hm for a in AlarmStore(app2.db).upcoming()] == ["07:30"]
    finally:
        app2.close()


def test_actually_make_it_6pm_moves_the_reminder_and_keeps_its_task(
    app: Any, talk: Talk, clock: FakeClock
) -> None:
    say(talk, "reminder_set", "remind me to call mum at 5pm", name="call mum", time="17:00")
    moved = say(talk, "time_query", "actually make it 6pm", confidence=0.6, time="18:00")
    assert moved.action == "reminder_changed", moved.text
    reminders = ReminderStore(app.db).upcoming()
    assert [r.text for r in reminders] == ["call mum"]
    assert dt.datetime.fromtimestamp(reminders[0].fire_at).strftime("%H:%M") == "18:00"


def test_make_it_60_after_the_volume_sets_the_volume(app: Any, talk: Talk) -> None:
    say(talk, "volume_set", "set the volume to 40", level=40)
    done = say(talk, "recipe_scale", "make it 60", confidence=0.5, level=60)
    assert done.action == "volume_set" and app.settings.audio.volume == 60


def test_a_new_command_or_a_plain_question_is_no_change(app: Any, talk: Talk) -> None:
    say(talk, "alarm_set", "wake me up at 7", time="07:00")
    asked = say(talk, "time_query", "what time is it")
    assert asked.action != "alarm_changed"
    another = say(talk, "alarm_set", "set another alarm for 8", time="08:00")
    assert another.action == "alarm_set"
    assert sorted(a.time_hm for a in AlarmStore(app.db).upcoming()) == ["07:00", "08:00"]


def test_only_slots_the_last_intent_can_change_are_taken() -> None:
    follow = Intent("list_add", {"item": ["milk"]}, 0.9, text="make it milk")
    assert amended(follow, "alarm_set") is None
    later = Intent("time_query", {"time": "08:00"}, 0.9, text="make it 8")
    assert amended(later, "alarm_set") is not None
    assert amended(later, "list_add") is None  # lists are not changed this way


def _set_earlier(talk: Talk, text: str, **slots: Any) -> None:
    """An alarm set in an earlier conversation: nothing says it was "just set"."""
    assert say(talk, "alarm_set", text, **slots).action == "alarm_set"
    memory = talk.dispatcher.memory
    memory.save({k: v for k, v in memory.load().items() if k != "last_alarm_id"})


def test_move_my_alarm_changes_the_only_alarm_and_keeps_its_day_or_series(
    app: Any, talk: Talk, clock: FakeClock
) -> None:
    store = AlarmStore(app.db, clock)
    tomorrow = (dt.datetime.fromtimestamp(clock()) + dt.timedelta(days=1)).date()
    _set_earlier(talk, "set an alarm for 6:30 tomorrow", time="06:30", date=tomorrow.isoformat())
    moved = say(talk, "alarm_set", "change my alarm to 7", time="07:00")
    assert moved.action == "alarm_changed", moved.text
    [alarm] = store.upcoming()
    assert alarm.time_hm == "07:00"
    assert dt.datetime.fromtimestamp(alarm.fire_at).date() == tomorrow  # its day kept
    say(talk, "alarm_set", "set an alarm for 9 on weekdays", time="09:00")
    again = say(talk, "alarm_set", "move the alarm to 8", time="08:00")  # the one just set
    assert again.action == "alarm_changed" and "weekdays" in again.text
    assert sorted((a.time_hm, a.repeat is not None) for a in store.upcoming()) == [
        ("07:00", False), ("08:00", True)
    ]  # fmt: skip


def test_move_my_alarm_with_several_and_none_just_set_changes_nothing(
    app: Any, talk: Talk, clock: FakeClock
) -> None:
    store = AlarmStore(app.db, clock)
    _set_earlier(talk, "set an alarm for 6:30", time="06:30")
    _set_earlier(talk, "set an alarm for 9", time="09:00")
    reply = say(talk, "alarm_set", "change my alarm to 7", time="07:00")
    assert reply.success is False and "06:30" in reply.text and "09:00" in reply.text
    assert sorted(a.time_hm for a in store.upcoming()) == ["06:30", "09:00"]


def test_a_move_that_names_the_alarm_moves_that_one(app: Any, talk: Talk, clock: FakeClock) -> None:
    store = AlarmStore(app.db, clock)
    _set_earlier(talk, "set a medicine alarm for 9 pm", time="21:00", name="medicine")
    _set_earlier(talk, "set an alarm for 6", time="06:00")
    say(talk, "alarm_set", "set an alarm for 9 on saturday", time="09:00", date="saturday")
    moved = say(talk, "alarm_set", "move my medicine alarm to 10 pm", time="22:00")
    assert moved.action == "alarm_changed"
    times = {a.label or a.time_hm: a.time_hm for a in store.upcoming()}
    assert times == {"medicine": "22:00", "06:00": "06:00", "09:00": "09:00"}
    moved = say(talk, "alarm_set", "change the 6 o'clock alarm to 7", time="06:00")  # model: 6
    assert moved.action == "alarm_changed" and "07:00" in moved.text
    say(talk, "alarm_set", "move my saturday alarm to 8", time="08:00")
    assert sorted(a.time_hm for a in store.upcoming()) == ["07:00", "08:00", "22:00"]


def test_set_my_alarm_is_a_new_alarm_not_a_move(app: Any, talk: Talk, clock: FakeClock) -> None:
    store = AlarmStore(app.db, clock)
    _set_earlier(talk, "set an alarm for 6:30 on weekdays", time="06:30", date="weekdays")
    r = say(talk, "alarm_set", "set my alarm for 9 on saturday", time="09:00", date="saturday")
    assert r.action == "alarm_set" and len(store.upcoming()) == 2
