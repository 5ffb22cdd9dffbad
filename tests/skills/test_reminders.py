"""The reminder service: NOTICE events with text and chime, repeated until "stop"."""

from __future__ import annotations

import threading
import wave
from pathlib import Path
from typing import Any

from pipelines.core.events import EventType, PipelineEvent
from pipelines.skills.reminders import ReminderService, chime_path, start_reminders

from .conftest import FakeClock, make_talk


def notices(events: list[PipelineEvent], kind: str) -> list[dict[str, Any]]:
    return [
        dict(e.data) for e in events if e.type == EventType.NOTICE and e.data.get("kind") == kind
    ]


def test_the_chime_is_a_small_real_wav() -> None:
    path = chime_path()
    assert path.stat().st_size < 100_000
    with wave.open(str(path)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        assert 0.5 < wav.getnframes() / wav.getframerate() < 3


def test_a_finished_timer_rings_until_stop(app: Any, clock: FakeClock) -> None:
    talk = make_talk(app, clock)
    service = ReminderService(app, clock=clock, repeat_s=20)
    talk("timer_start", duration=300, name="pasta")
    assert service.tick() == []
    clock.advance(299)
    assert service.tick() == []
    clock.advance(1)
    done = notices(service.tick(), "timer_done")
    assert len(done) == 1
    assert done[0]["text"] in ("The pasta timer is done!", "Time's up: the pasta timer is done.")
    assert Path(done[0]["sound"]).exists() and done[0]["repeat"] == 0 and not done[0]["missed"]
    clock.advance(5)
    assert service.tick() == []  # not yet time to repeat
    clock.advance(15)
    assert notices(service.tick(), "timer_done")[0]["repeat"] == 1
    assert talk("stop", "stop").action == "ringing_stopped"
    clock.advance(60)
    events = service.tick()
    assert notices(events, "timer_done") == []
    assert notices(events, "reminder_stopped")  # the service noticed it was dismissed
    assert notices(talk.events, "timer_done")  # they went out on the app's bus


def test_repeats_are_capped(app: Any, clock: FakeClock) -> None:
    make_talk(app, clock)("timer_start", duration=10)
    service = ReminderService(app, clock=clock, repeat_s=1, max_repeats=3)
    counts = []
    for _ in range(20):  # rings at +10 s, then every second
        clock.advance(1)
        counts.append(len(notices(service.tick(), "timer_done")))
    assert sum(counts) == 4  # the first announcement and three repeats


def test_reminders_missed_while_closed_are_announced_once(app: Any, clock: FakeClock) -> None:
    talk = make_talk(app, clock)
    talk("timer_start", duration=60, name="tea")
    talk("alarm_set", time="10:30")
    clock.advance(2 * 3600)  # closed for two hours
    service = ReminderService(app, clock=clock, repeat_s=1)
    events = service.tick()
    timer = notices(events, "timer_done")
    alarm = notices(events, "alarm_ringing")
    assert (
        timer[0]["missed"]
        and "While I was closed" in timer[0]["text"]
        and "10:01" in timer[0]["text"]
    )
    assert alarm[0]["missed"] and "10:30" in alarm[0]["text"]
    clock.advance(5)
    assert service.tick() == []


def test_the_thread_runs_and_stops(app: Any) -> None:
    seen = threading.Event()
    app.bus.subscribe(lambda e: seen.set() if e.data.get("kind") == "timer_done" else None)
    from pipelines.skills.timer_store import TimerStore

    TimerStore(app.db).start(1)
    service = start_reminders(app, interval_s=0.05)
    assert start_reminders(app) is service  # one per app
    assert seen.wait(timeout=20)
    service.close()
    assert service._thread is None


def test_without_the_service_answers_mention_ringing_reminders(app: Any, clock: FakeClock) -> None:
    talk = make_talk(app, clock)
    talk("timer_start", duration=60, name="pasta")
    talk("alarm_set", time="10:02")
    clock.advance(180)
    r = talk("time_query", "what time is it")
    assert r.text.startswith("It's 10:03")
    assert "the pasta timer went off at 10:01" in r.text and "10:02 alarm" in r.text
    assert "went off" in talk("list_query").text  # again, until stop
    talk("stop")
    assert "went off" not in talk("time_query").text


def test_with_the_service_running_answers_stay_short(app: Any, clock: FakeClock) -> None:
    talk = make_talk(app, clock)
    talk("timer_start", duration=60, name="pasta")
    clock.advance(120)
    app.services["timer_scheduler"] = ReminderService(app, clock=clock)  # not started
    assert "went off" not in talk("time_query").text


def test_many_rings_are_grouped_into_one_short_note(app: Any, clock: FakeClock) -> None:
    """Two timers and a daily alarm left ringing three mornings: one short clause, never the
    same alarm three times (real SQLite store; the alarm's copies are separate rows)."""
    talk = make_talk(app, clock)
    talk("alarm_set", time="07:00", date="every day")
    for _ in range(3):  # three mornings nobody said "stop"
        clock.advance(24 * 3600)
        assert "went off" in talk("list_query").text
    clock.advance(-3600)
    talk("timer_start", "set a timer for a minute", duration=60)  # said "timer": not a snooze
    talk("timer_start", "set a timer for two minutes", duration=120)
    clock.advance(600)
    text = talk("time_query", "what time is it").text
    assert "By the way, 2 timers and your 07:00 alarm went off. Say okay" in text
    assert text.count("went off") == 1


def test_one_alarm_left_ringing_on_several_days_is_counted(app: Any, clock: FakeClock) -> None:
    talk = make_talk(app, clock)
    talk("alarm_set", time="07:00", date="every day")
    for _ in range(3):
        clock.advance(24 * 3600)
        text = talk("time_query", "what time is it").text
    assert "By the way, your 07:00 alarm went off 3 times." in text
    talk("stop")
    assert "went off" not in talk("time_query").text
