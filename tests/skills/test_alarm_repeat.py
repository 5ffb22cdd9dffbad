"""Repeating alarms: phrases, next occurrence, re-arming, schema migration, cancel, answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.core.storage import Database
from pipelines.skills.alarm_repeat import EVERY_DAY, WEEKDAYS_ONLY, WEEKENDS, Repeat
from pipelines.skills.alarm_store import RINGING, SET, AlarmStore

from .conftest import FakeClock, Talk

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WED_10 = dt.datetime(2026, 11, 18, 10, 0)  # the fixtures' START


def at(*args: int) -> float:
    return dt.datetime(*args).timestamp()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("weekdays", (MON, TUE, WED, THU, FRI)),
        ("every weekday", (MON, TUE, WED, THU, FRI)),
        ("on weekdays", (MON, TUE, WED, THU, FRI)),
        ("weekends", (SAT, SUN)),
        ("every weekend", (SAT, SUN)),
        ("every day", tuple(range(7))),
        ("daily", tuple(range(7))),
        ("every morning", tuple(range(7))),
        ("every monday", (MON,)),
        ("mondays", (MON,)),
        ("on mondays and wednesdays", (MON, WED)),
        ("wake me at 7 every monday, wednesday and friday", (MON, WED, FRI)),
        ("set an alarm for six fifteen pm weekdays", (MON, TUE, WED, THU, FRI)),
    ],
)
def test_repeat_phrases(text: str, days: tuple[int, ...]) -> None:
    repeat = Repeat.parse(text)
    assert repeat is not None and repeat.days == days
    assert Repeat.parse(repeat.describe()) == repeat  # the description reads back


@pytest.mark.parametrize(
    "text",
    ["monday", "on friday", "tomorrow", "2026-12-24", "cancel every alarm", "every other day", ""],
)
def test_one_off_phrases_are_no_repeat(text: str) -> None:
    assert Repeat.parse(text) is None


def test_descriptions() -> None:
    assert (EVERY_DAY.describe(), WEEKDAYS_ONLY.describe(), WEEKENDS.describe()) == (
        "every day", "weekdays", "weekends"
    )  # fmt: skip
    assert Repeat.of(MON, WED).describe() == "Mondays and Wednesdays"


@pytest.mark.parametrize(
    ("repeat", "time", "now", "expected"),
    [
        (EVERY_DAY, dt.time(11, 0), WED_10, dt.datetime(2026, 11, 18, 11, 0)),  # still ahead today
        (EVERY_DAY, dt.time(9, 0), WED_10, dt.datetime(2026, 11, 19, 9, 0)),  # passed today
        (
            WEEKDAYS_ONLY,
            dt.time(7, 0),
            dt.datetime(2026, 11, 20, 8, 0),
            dt.datetime(2026, 11, 23, 7, 0),
        ),
        (
            WEEKDAYS_ONLY,
            dt.time(7, 0),
            dt.datetime(2026, 11, 22, 23, 0),
            dt.datetime(2026, 11, 23, 7, 0),
        ),
        (WEEKENDS, dt.time(9, 0), WED_10, dt.datetime(2026, 11, 21, 9, 0)),
        (Repeat.of(WED), dt.time(9, 0), WED_10, dt.datetime(2026, 11, 25, 9, 0)),  # a week on
        (Repeat.of(MON, WED), dt.time(9, 0), WED_10, dt.datetime(2026, 11, 23, 9, 0)),
    ],
)
def test_next_occurrence(
    repeat: Repeat, time: dt.time, now: dt.datetime, expected: dt.datetime
) -> None:
    assert repeat.next_occurrence(time, now) == expected


def test_a_repeating_alarm_rings_and_re_arms(talk: Talk, clock: FakeClock) -> None:
    store = AlarmStore(talk.app.db, clock)
    series = store.set("07:00", repeat=WEEKDAYS_ONLY, label="work")
    assert series.fire_at == at(2026, 11, 19, 7, 0)  # Thursday
    clock.now = at(2026, 11, 19, 7, 1)
    rung = store.expire_due()
    assert [(a.time_hm, a.label, a.state, a.repeat) for a in rung] == [
        ("07:00", "work", RINGING, None)
    ]
    assert [(a.id, a.fire_at, a.state) for a in store.upcoming()] == [
        (series.id, at(2026, 11, 20, 7, 0), SET)
    ]
    assert talk("stop", "stop").action == "ringing_stopped"
    assert store.ringing() == []
    assert [a.id for a in store.upcoming()] == [series.id]  # "stop" keeps the series
    clock.now = at(2026, 11, 20, 7, 0)  # Friday: rings, next is Monday
    assert len(store.expire_due()) == 1
    assert store.upcoming()[0].fire_at == at(2026, 11, 23, 7, 0)


def test_missed_occurrences_ring_once_and_re_arm_after_now(clock: FakeClock, app: object) -> None:
    store = AlarmStore(app.db, clock)  # type: ignore[attr-defined]
    store.set("07:00", "every day")
    clock.now = at(2026, 11, 25, 12, 0)  # a week with Homebody closed
    assert len(store.expire_due()) == 1
    assert store.expire_due() == []
    assert store.upcoming()[0].fire_at == at(2026, 11, 26, 7, 0)


OLD_SCHEMA = """
    CREATE TABLE IF NOT EXISTS alarms (
        id INTEGER PRIMARY KEY,
        label TEXT,
        time_hm TEXT NOT NULL,
        fire_at REAL NOT NULL,
        state TEXT NOT NULL,
        created_at REAL NOT NULL,
        fired_at REAL
    );
    CREATE INDEX IF NOT EXISTS alarms_state ON alarms(state, fire_at);
    """


def test_an_old_database_is_migrated(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    old.migrate("alarms", [OLD_SCHEMA])
    with old.transaction() as conn:
        conn.execute(
            "INSERT INTO alarms(label, time_hm, fire_at, state, created_at) VALUES (?, ?, ?, ?, ?)",
            ("gym", "06:30", at(2026, 11, 19, 6, 30), "set", clock()),
        )
    old.close()
    db = Database(path)
    try:
        store = AlarmStore(db, clock)
        assert db.version("alarms") == 2
        [kept] = store.upcoming()
        assert (kept.label, kept.time_hm, kept.repeat) == ("gym", "06:30", None)
        store.set("07:00", "weekdays")
        clock.now = at(2026, 11, 19, 7, 0)
        assert sorted((a.time_hm, a.repeat) for a in store.expire_due()) == [
            ("06:30", None),
            ("07:00", None),
        ]
        assert [(a.time_hm, a.repeat) for a in store.upcoming()] == [("07:00", WEEKDAYS_ONLY)]
    finally:
        db.close()


@pytest.mark.parametrize("said", ["weekdays", "weekday", "monday"])  # the model tags "weekday"
def test_cancelling_a_repeating_alarm_ends_the_series(
    talk: Talk, clock: FakeClock, said: str
) -> None:
    talk("alarm_set", "wake me at 7 on weekdays", time="07:00", date="weekdays")
    talk("alarm_set", "wake me at 8 tomorrow", time="08:00", date="tomorrow")
    r = talk("alarm_cancel", f"cancel the {said} alarm", date=said)
    assert r.action == "alarm_cancelled" and "at 07:00 on weekdays" in r.text
    store = AlarmStore(talk.app.db, clock)
    assert [a.time_hm for a in store.upcoming()] == ["08:00"]
    clock.now = at(2026, 11, 30, 7, 30)
    assert [a.time_hm for a in store.expire_due()] == ["08:00"]  # nothing of the series rings


def test_the_answer_for_weekdays(talk: Talk, clock: FakeClock) -> None:
    clock.now = at(2026, 11, 20, 19, 0)  # Friday evening
    r = talk("alarm_set", "set an alarm for six fifteen pm weekdays", time="18:15", date="weekdays")
    assert r.success and r.text == "Alarm set for 18:15 on weekdays (next: Monday)."
    card = r.card["alarm"] if r.card else {}
    assert (card["fire_at"], card["repeat"]) == (at(2026, 11, 23, 18, 15), "weekdays")
    r = talk("alarm_query", "what alarms do I have")
    assert r.text == "You have an alarm at 18:15 on weekdays."


@pytest.mark.parametrize(
    ("text", "date", "said"),
    [
        ("set an alarm for 7 am every day", None, "07:00 every day (next: tomorrow)"),
        # the model's date slot cut "every day" / "every morning" to one word
        ("set an alarm for 7 every day", "day", "07:00 every day (next: tomorrow)"),
        ("set an alarm for 7 every morning", "every", "07:00 every day (next: tomorrow)"),
        ("alarm at 7 on weekdays please", "weekday", "07:00 on weekdays (next: tomorrow)"),
        (
            "set an alarm for 7 every day except sunday",
            "sunday",
            "07:00 on Mondays, Tuesdays, Wednesdays, Thursdays, Fridays and Saturdays "
            "(next: tomorrow)",
        ),
        ("wake me at 7 every monday", "monday", "07:00 on Mondays (next: Monday)"),
        (
            "alarm at 7 on mondays and wednesdays",
            "monday",
            "07:00 on Mondays and Wednesdays (next: Monday)",
        ),
    ],
)
def test_the_repeat_is_read_from_the_sentence(
    talk: Talk, text: str, date: str | None, said: str
) -> None:
    slots = {"date": date} if date else {}
    r = talk("alarm_set", text, time="07:00", **slots)
    assert r.action == "alarm_set" and r.text == f"Alarm set for {said}."
    [alarm] = AlarmStore(talk.app.db, talk.clock).upcoming()
    assert alarm.repeat is not None


def test_an_explicit_one_off_date_wins(talk: Talk) -> None:
    r = talk("alarm_set", "wake me at 7 tomorrow, I run every day", time="07:00", date="tomorrow")
    assert "tomorrow at 07:00" in r.text
    assert AlarmStore(talk.app.db, talk.clock).upcoming()[0].repeat is None


def test_the_reminder_service_rings_each_occurrence(talk: Talk, clock: FakeClock) -> None:
    from pipelines.skills.reminders import ReminderService

    talk("alarm_set", "wake me at 7 every day", time="07:00")
    service = ReminderService(talk.app, clock=clock, repeat_s=20)
    rung: list[float] = []
    for day in (19, 20):  # Thursday, then Friday after "stop"
        clock.now = at(2026, 11, day, 7, 0, 5)
        events = [e for e in service.tick() if e.data.get("kind") == "alarm_ringing"]
        rung += [e.data["due_at"] for e in events]
        assert talk("stop", "stop").action == "ringing_stopped"
    assert rung == [at(2026, 11, 19, 7, 0), at(2026, 11, 20, 7, 0)]
    assert AlarmStore(talk.app.db, clock).upcoming()[0].fire_at == at(2026, 11, 21, 7, 0)


def test_a_one_off_alarm_on_another_day_reads_naturally(talk: Talk) -> None:
    r = talk("alarm_set", "set an alarm for 7 on friday", time="07:00", date="friday")
    assert r.text.endswith(" on Friday at 07:00.") and "for on" not in r.text
