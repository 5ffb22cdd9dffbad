"""Issue 20 skills against the real SQLite store: world clock, dates, reminders (restart and
kill -9), snooze, time left until the alarm, "cancel my alarm" with two, validation that
stores nothing, small talk, clarifying questions in the user's words, "By the way" cleared."""

from __future__ import annotations

import datetime as dt
import os
import signal
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.storage import Database
from pipelines.skills.alarm_store import AlarmStore
from pipelines.skills.reminder_store import ReminderStore
from pipelines.skills.reminders import ReminderService
from pipelines.skills.timer_store import TimerStore

from .conftest import FakeClock, Talk, make_talk
from .test_persistence import run

# -- world clock and dates -----------------------------------------------------------------------


def test_world_clock_answers_offline_and_follows_up(talk: Talk) -> None:
    r = talk("time_query", "what time is it in tokyo", place="tokyo")
    assert r.success and r.card["place"] == "Tokyo" and r.card["zone"] == "Asia/Tokyo"
    assert "ahead of here" in r.text or "behind here" in r.text or "same time" in r.text
    # "and in Paris?" carries only a place: it continues the time question
    r = talk("out_of_scope", "and in paris", place="paris")
    assert r.card["zone"] == "Europe/Paris" and "Paris" in r.text
    r = talk("time_query", "what time is it in narnia", place="narnia")
    assert r.success is False and "narnia" in r.text


@pytest.mark.parametrize(
    ("slot", "said"),
    [("1|day|minute", "There are 1,440 minutes in a day."),
     ("0.5|hour|minute", "There are 30 minutes in half an hour."),
     ("3|hour|second", "There are 10,800 seconds in 3 hours."),
     ("1|century|year", "There are 100 years in a century."),
     ("1|year|week", "There are about 52.18 weeks in a year, on average."),
     ("1|month|day", "A month has 28 to 31 days: 30.44 on average.")],
)  # fmt: skip
def test_how_many_of_one_span_in_another(talk: Talk, slot: str, said: str) -> None:
    assert talk("date_query", "how many", time_units=slot).text == said


def test_days_since_a_day_with_its_year_and_since_yesterday(talk: Talk, clock: FakeClock) -> None:
    today = dt.datetime.fromtimestamp(clock()).date()
    later = today.replace(year=today.year + 3, month=1, day=1)
    r = talk("date_query", f"how many days since 1 january {later.year}", date=later.isoformat())
    assert "from today" in r.text and str(later.year) in r.text  # the year said, not last year's
    r = talk("date_query", "how many days since yesterday", date="yesterday")
    assert r.text.startswith("That was yesterday") and "1 days" not in r.text


def test_what_time_it_will_be_after_a_while(talk: Talk, clock: FakeClock) -> None:
    now = dt.datetime.fromtimestamp(clock())
    r = talk("time_query", "what time will it be in 45 minutes", time_after=2700)
    later = (now + dt.timedelta(minutes=45)).strftime("%H:%M")
    assert r.text.startswith("In 45 minutes it will be ") and later in r.text


def test_days_until_a_holiday_and_a_date(talk: Talk) -> None:
    # the fake clock: Wednesday 18 November 2026
    r = talk("date_query", "how many days until christmas", date="christmas")
    assert "Friday, 25 December" in r.text and "37 days" in r.text
    r = talk("date_query", "what day is the 14th", date="the 14th")
    assert r.card["iso"] == "2026-12-14"
    r = talk("date_query", "what day is it on mars", date="mars day")
    assert r.success is False


# -- reminders -----------------------------------------------------------------------------------


def test_reminder_is_set_listed_rung_and_cancelled(app: Any, talk: Talk, clock: FakeClock) -> None:
    r = talk("reminder_set", "remind me to call mum at 5pm", name="call mum", time="17:00")
    assert r.success and "call mum" in r.text and "17:00" in r.text
    talk("reminder_set", "remind me to stretch in 20 minutes", name="stretch", duration=1200)
    listed = talk("reminder_query", "what reminders do i have").text
    assert "2 reminders" in listed and listed.index("stretch") < listed.index("call mum")
    # rung like an alarm by the reminder service, with the task in the announcement
    service = ReminderService(app, clock=clock)
    clock.advance(1201)
    events = service.tick()
    assert [e.data["kind"] for e in events] == ["reminder_due"]
    assert "stretch" in events[0].data["text"]
    assert talk("stop").action == "ringing_stopped"
    assert ReminderStore(app.db).ringing() == []
    r = talk("reminder_cancel", "cancel the reminder to call mum", name="call mum")
    assert r.success and ReminderStore(app.db).upcoming() == []


def test_move_a_reminder_by_its_task_keeps_its_task_and_day(app: Any, talk: Talk) -> None:
    tomorrow = "tomorrow"
    talk("reminder_set", "remind me to call the dentist tomorrow at 10", name="call the dentist",
         date=tomorrow, time="10:00")  # fmt: skip
    talk("reminder_set", "remind me in 2 hours to check the oven", name="check the oven",
         duration=7200)  # fmt: skip
    r = talk("reminder_set", "move the dentist reminder to 11", name="dentist", time="11:00")
    assert r.action == "reminder_changed" and "call the dentist tomorrow at 11:00" in r.text
    assert sorted(x.text for x in ReminderStore(app.db).upcoming()) == [
        "call the dentist", "check the oven"
    ]  # fmt: skip


def test_a_new_reminder_is_no_answer_to_the_question_about_another(app: Any, talk: Talk) -> None:
    r = talk("reminder_set", "remind me to buy milk when I get to the shop",
             name="buy milk when i get to the shop")  # fmt: skip
    assert r.expects_reply and "not at a place" in r.text and "to buy milk?" in r.text
    r = talk("reminder_set", "remind me on friday to pay the rent", name="pay the rent",
             date="friday")  # fmt: skip
    assert "pay the rent" in r.text
    assert [x.text for x in ReminderStore(app.db).upcoming()] == ["pay the rent"]


def test_reminder_without_a_time_asks_when_and_the_answer_completes_it(talk: Talk) -> None:
    r = talk("reminder_set", "remind me to feed the cat", name="feed the cat")
    assert r.expects_reply and "feed the cat" in r.text
    r = talk("out_of_scope", "at 6 pm", time="18:00")
    assert r.action == "reminder_set" and "18:00" in r.text


@pytest.mark.parametrize(
    ("slots", "stored"),
    [
        ({"duration": -600}, False),
        ({"duration": 0}, False),
        ({"time": "7:75"}, False),
        ({"time": "25:00"}, False),
        ({"time": "24:30", "date": "tomorrow"}, False),
    ],
)
def test_impossible_reminders_store_nothing(app: Any, talk: Talk, slots: Any, stored: bool) -> None:
    r = talk("reminder_set", "remind me to stretch", name="stretch", **slots)
    assert r.success is False and "Nothing was saved" in r.text
    assert bool(ReminderStore(app.db).upcoming()) is stored


REMINDER_WRITER = textwrap.dedent(
    """
    from pipelines.app_context import AppContext
    from pipelines.skills.reminder_store import ReminderStore

    app = AppContext.create(guard=False)
    store = ReminderStore(app.db, ledger=app.ledger)
    i = 0
    while True:
        store.add(f"task {i}", 4102444800 + i)  # the year 2100
        if i % 4 == 0:
            store.cancel(store.upcoming()[0].id)
        print(i, flush=True)  # only after the writes above were committed
        i += 1
    """
)


@pytest.mark.slow
def test_reminders_survive_kill_9_and_restart(home: Path) -> None:
    child = run(REMINDER_WRITER, home)
    assert child.stdout is not None
    confirmed = -1
    for line in child.stdout:
        confirmed = int(line)
        if confirmed >= 40:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    for line in child.stdout:
        confirmed = int(line)
    db = Database(home / "data" / "homebody.sqlite3")
    try:
        assert db.scalar("PRAGMA integrity_check") == "ok"
        texts = {r.text for r in ReminderStore(db).upcoming()}
        kept = confirmed + 1 - (confirmed // 4 + 1)  # every 4th round cancelled the oldest
        assert len(texts) - kept in (0, 1)  # at most the round in flight
        assert f"task {confirmed}" in texts
    finally:
        db.close()


# -- alarms: snooze, time left, which one --------------------------------------------------------


def test_snooze_rings_again_later(app: Any, talk: Talk, clock: FakeClock) -> None:
    assert talk("alarm_snooze", "snooze").success is False  # nothing rings
    talk("alarm_set", "wake me at 10:30", time="10:30")
    clock.advance(31 * 60)
    AlarmStore(app.db, clock).expire_due()
    r = talk("alarm_snooze", "snooze for 10 minutes", duration=600)
    assert r.action == "alarm_snoozed" and "10:41" in r.text
    store = AlarmStore(app.db, clock)
    assert store.ringing() == [] and [a.time_hm for a in store.upcoming()] == ["10:41"]
    assert talk("alarm_snooze", "snooze for -5 minutes", duration=-300).success is False


def test_duration_heard_as_a_timer_snoozes_a_ringing_alarm(
    app: Any, talk: Talk, clock: FakeClock
) -> None:
    """ "okay just four minutes more" while the alarm rings was a new timer; it is a snooze."""
    r = talk("timer_start", "okay just four minutes", duration=240)
    assert r.intent == "timer_start"  # nothing rings: a timer it is
    talk("timer_cancel", "cancel the timer")
    talk("alarm_set", "wake me at 10:30", time="10:30")
    clock.advance(31 * 60)
    r = talk("timer_start", "okay just four minutes more", duration=240)
    assert r.intent == "alarm_snooze" and r.action == "alarm_snoozed" and "10:35" in r.text
    assert TimerStore(app.db, clock).active() == []
    talk("alarm_set", "wake me at 10:40", time="10:40")
    clock.advance(10 * 60)
    r = talk("timer_start", "set a timer for four minutes", duration=240)
    assert r.intent == "timer_start"  # said "timer": a timer even while the alarm rings


def test_a_duration_heard_as_a_snooze_is_a_timer_when_no_alarm_rings(
    app: Any, talk: Talk, clock: FakeClock
) -> None:
    """ "and another one for five minutes" after a timer, read as a snooze, starts a timer
    when nothing could be snoozed; "snooze for five minutes" stays a snooze."""
    r = talk("alarm_snooze", "and another one for five minutes", duration=300)
    assert r.intent == "timer_start" and r.action == "timer_started"
    assert [t.duration_s for t in TimerStore(app.db, clock).active()] == [300]
    assert talk("alarm_snooze", "snooze for five minutes", duration=300).intent == "alarm_snooze"
    talk("alarm_set", "wake me at 10:30", time="10:30")
    clock.advance(31 * 60)
    r = talk("alarm_snooze", "another five minutes", duration=300)
    assert r.intent == "alarm_snooze" and r.action == "alarm_snoozed"  # the alarm rings


def test_how_long_until_my_alarm_and_cancel_asks_which(talk: Talk) -> None:
    talk("alarm_set", "set an alarm for 7 am", time="07:00")
    talk("alarm_set", "set an alarm for 8 am", time="08:00")
    r = talk("alarm_query", "how long until my alarm")
    assert "21 hours" in r.text  # 10:00 -> 07:00 tomorrow
    r = talk("alarm_cancel", "cancel my alarm")
    assert r.expects_reply and "07:00" in r.text and "08:00" in r.text
    r = talk("out_of_scope", "the 8 o'clock one", time="08:00")
    assert r.action == "alarm_cancelled" and "08:00" in r.text


# -- validation: clear replies, nothing stored ---------------------------------------------------


@pytest.mark.parametrize("seconds", [-300, 0])
def test_non_positive_timers_are_refused(app: Any, talk: Talk, seconds: int) -> None:
    r = talk("timer_start", "set a timer for -5 minutes", duration=seconds)
    assert r.success is False and "No timer was set" in r.text
    assert TimerStore(app.db).active() == []


@pytest.mark.parametrize("said", ["7:75", "25:00", "13:99"])
def test_impossible_alarm_times_are_refused(app: Any, talk: Talk, said: str) -> None:
    r = talk("alarm_set", f"set an alarm for {said}", time=said)
    assert r.success is False and said in r.text and "No alarm was set" in r.text
    assert AlarmStore(app.db).upcoming() == []


@pytest.mark.parametrize(
    "said",
    ["wake me up every other day at 7", "set an alarm for 7 every two weeks",
     "alarm at 6 fortnightly", "set an alarm for 8 every second monday"],
)  # fmt: skip
def test_alarms_every_n_days_are_refused_not_set_once(app: Any, talk: Talk, said: str) -> None:
    r = talk("alarm_set", said, time="07:00")
    assert r.success is False and "not every other day" in r.text and "No alarm was set" in r.text
    assert AlarmStore(app.db).upcoming() == []
    assert talk("alarm_set", "set an alarm for 7 every day", time="07:00").success


def test_volume_out_of_range_says_so_and_keeps_the_volume(talk: Talk) -> None:
    before = talk.app.settings.audio.volume
    for level in (150, -10):
        r = talk("volume_set", "set the volume", level=level)
        assert r.success is False and "0 to 100" in r.text
    assert talk.app.settings.audio.volume == before


# -- conversation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "spelled"),
    [("how do you spell necessary", "Necessary is spelled N, E, C, E, S, S, A, R, Y."),
     ("spell don't for me", "Don't is spelled D, O, N, apostrophe, T."),
     ("how is rhythm spelled", "Rhythm is spelled R, H, Y, T, H, M.")],
)  # fmt: skip
def test_spelling_a_word(talk: Talk, said: str, spelled: str) -> None:
    r = talk("smalltalk", said)
    assert r.text == spelled and r.card == {"type": "spelling", "word": spelled.split()[0].lower()}


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("how old are you", "2026"),
        ("where do you live", "computer"),
        ("are you there", ""),
        ("are you always listening", "wake word"),
        ("where do you store my data", "this computer"),
        ("do you send anything to the cloud", "computer"),
    ],
)
def test_small_talk_about_homebody_itself(talk: Talk, said: str, words: str) -> None:
    r = talk("smalltalk", said)
    assert r.success and words in r.text and "can't" not in r.text


def test_small_talk_varies(talk: Talk) -> None:
    jokes = {talk("smalltalk", "tell me a joke").text for _ in range(6)}
    assert len(jokes) >= 3
    assert talk("smalltalk", "thank you").text in ("You're welcome!", "Any time.",
                                                   "Happy to help.", "No problem.")  # fmt: skip


def test_a_calendar_request_is_told_about_reminders_instead(talk: Talk) -> None:
    for text in ("what's on friday afternoon", "do i have any appointments today"):
        r = talk("out_of_scope", text)
        assert r.success is False and "calendar" in r.text and "remind me" in r.text
    other = talk("out_of_scope", "let's play chess")
    assert "calendar" not in other.text and "Sorry" in other.text


def test_clarifying_questions_use_the_users_words(talk: Talk) -> None:
    r = talk("unsupported_online", "convert 5 miles to km", confidence=0.5,
             alternatives=(("unsupported_online", 0.5), ("unit_convert", 0.3)))  # fmt: skip
    assert r.text == "Did you mean: convert units?"
    r = talk("unsupported_online", "let's make smash burgers", confidence=0.5,
             alternatives=(("unsupported_online", 0.5), ("out_of_scope", 0.4)))  # fmt: skip
    assert "_" not in r.text and "unsupported" not in r.text


def test_by_the_way_stops_after_okay(app: Any, clock: FakeClock) -> None:
    talk = make_talk(app, clock)
    talk("timer_start", duration=60, name="pasta")
    clock.advance(120)
    assert "went off" in talk("time_query", "what time is it").text
    assert talk("affirm", "okay").action == "ringing_stopped"
    assert "went off" not in talk("time_query", "what time is it").text
    assert TimerStore(app.db).ringing() == []


def test_repeating_reminders_are_refused_not_stored_once(app: Any, talk: Talk) -> None:
    r = talk("reminder_set", "remind me every day at 9 am to stretch", name="stretch",
             time="09:00")  # fmt: skip
    assert r.success is False and "repeating alarm" in r.text
    assert ReminderStore(app.db).upcoming() == []
