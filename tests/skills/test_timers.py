"""The timer skill through the real Dispatcher: names, follow-ups, confirmations, restarts."""

from __future__ import annotations

from typing import Any

from pipelines.skills.timer_store import TimerStore

from .conftest import FakeClock, Talk, make_talk


def timers(talk: Talk) -> TimerStore:
    return TimerStore(talk.app.db, talk.clock)


def test_named_and_unnamed_timers_run_together(talk: Talk) -> None:
    r = talk("timer_start", "set a pasta timer for 10 minutes", duration=600, name="pasta")
    assert r.action == "timer_started" and "pasta" in r.text.lower() and "10 minutes" in r.text
    r = talk("timer_start", "and another one for five minutes", duration=300)
    assert r.action == "timer_started" and "2 timers" in r.text
    assert sorted(t.duration_s for t in timers(talk).active()) == [300, 600]
    assert r.card["type"] == "timer" and r.card["timer"]["duration_s"] == 300


def test_cancel_it_means_the_last_timer(talk: Talk) -> None:
    talk("timer_start", duration=600, name="pasta")
    talk("timer_start", duration=300, name="rice")
    r = talk("timer_cancel", "cancel it")
    assert r.action == "timer_cancelled" and "rice" in r.text
    assert [t.name for t in timers(talk).active()] == ["pasta"]


def test_what_about_the_rice_timer(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", duration=600, name="pasta")
    talk("timer_start", duration=900, name="rice")
    clock.advance(120)
    r = talk("timer_status", "what about the rice timer", name="rice")
    assert "rice" in r.text and "13 minutes" in r.text
    r = talk("timer_status", "how long is left")
    assert "2 timers" in r.text and "8 minutes" in r.text and "13 minutes" in r.text


def test_which_timer_question_is_answered_by_name(talk: Talk) -> None:
    talk("timer_start", duration=600, name="pasta")
    talk("timer_start", duration=300, name="rice")
    talk.dispatcher.ctx.conversation.clear()
    talk.dispatcher.memory.forget()  # type: ignore[union-attr]
    r = talk("timer_cancel", "cancel the timer")
    assert r.expects_reply and "pasta" in r.text and "rice" in r.text
    r = talk("out_of_scope", "the pasta one", confidence=0.2)
    assert r.action == "timer_cancelled"
    assert [t.name for t in timers(talk).active()] == ["rice"]


def test_missing_duration_is_asked_for(talk: Talk) -> None:
    r = talk("timer_start", "set a timer")
    assert r.expects_reply and r.action == "slot_requested"
    r = talk("timer_start", "ten minutes", duration=600)
    assert r.action == "timer_started"
    assert [t.duration_s for t in timers(talk).active()] == [600]


def test_cancel_all_asks_first_and_no_keeps_them(talk: Talk) -> None:
    talk("timer_start", duration=60)
    talk("timer_start", duration=120)
    r = talk("timer_cancel", "cancel all timers")
    assert r.expects_reply and r.action == "confirmation_requested"
    assert talk("deny", "no").action == "cancelled"
    assert len(timers(talk).active()) == 2
    talk("timer_cancel", "cancel all my timers")
    assert talk("affirm", "yes").action == "timers_cancelled"
    assert timers(talk).active() == []


def test_pause_and_resume(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", duration=600, name="bread")
    clock.advance(60)
    r = talk("timer_pause", "pause the bread timer", name="bread")
    assert r.action == "timer_paused" and "9 minutes" in r.text
    clock.advance(3600)
    r = talk("timer_status")
    assert "paused" in r.text and "9 minutes" in r.text
    r = talk("timer_resume", "resume it")
    assert r.action == "timer_resumed" and "9 minutes" in r.text


def test_no_timers_and_unknown_names_are_clear(talk: Talk) -> None:
    assert "don't have any timers" in talk("timer_status").text
    assert talk("timer_cancel", "cancel the timer").success is False
    talk("timer_start", duration=60, name="tea")
    r = talk("timer_cancel", "cancel the egg timer", name="egg")
    assert r.success is False and "egg" in r.text
    assert len(timers(talk).active()) == 1


def test_expired_while_closed_is_reported(app: Any, clock: FakeClock) -> None:
    make_talk(app, clock)("timer_start", duration=300, name="pizza")
    clock.advance(3600)  # "Homebody was closed" for an hour
    later = make_talk(app, clock)
    r = later("timer_status", "any timers?")
    assert "pizza" in r.text and "went off at 10:05" in r.text
    r = later("stop")
    assert r.action == "ringing_stopped"
    assert "don't have any timers" in later("timer_status").text


def test_more_time_goes_on_the_timer_meant_not_a_new_one(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", "set a pasta timer for 12 minutes", duration=720, name="pasta")
    talk("timer_start", "set a timer for 3 minutes", duration=180)
    r = talk("timer_start", "add 5 minutes to the pasta timer", duration=300, name="pasta")
    assert r.action == "timer_changed" and "17 minutes left" in r.text
    r = talk("timer_start", "add 2 more minutes to it", duration=120)  # the one just talked of
    assert "pasta" in r.text and "19 minutes left" in r.text
    talk("timer_pause", "pause the 3 minute timer", duration=180)
    clock.advance(60)
    r = talk("timer_start", "add a minute to the timer", duration=60)  # last: the paused one
    assert r.action == "timer_changed" and "4 minutes left" in r.text
    left = sorted(round(t.remaining(clock())) for t in timers(talk).active())
    assert left == [240, 19 * 60 - 60]
    r = talk("timer_start", "add 5 minutes to the rice timer", duration=300, name="rice")
    assert r.action == "timer_started"  # no rice timer: one is started, nothing else changes
    assert len(timers(talk).active()) == 3


def test_more_minutes_with_no_alarm_ringing_go_on_the_running_timer(talk: Talk) -> None:
    talk("timer_start", "set a timer for 10 minutes", duration=600)
    r = talk("alarm_snooze", "5 more minutes", duration=300)  # the grammar reads a snooze
    assert r.action == "timer_changed" and "15 minutes left" in r.text
    r = talk("timer_start", "set another timer for 5 minutes", duration=300)
    assert r.action == "timer_started" and len(timers(talk).active()) == 2


def test_time_taken_off_a_timer_and_limits(talk: Talk) -> None:
    talk("timer_start", "set a pasta timer for 12 minutes", duration=720, name="pasta")
    r = talk("timer_start", "take 5 minutes off the pasta timer", duration=300, name="pasta",
             shorten="yes")  # fmt: skip
    assert r.action == "timer_changed" and "7 minutes left" in r.text
    r = talk("timer_start", "take 20 minutes off the pasta timer", duration=1200, name="pasta",
             shorten="yes")  # fmt: skip
    assert r.success is False and "no time" in r.text
    r = talk("timer_start", "add a week to the pasta timer", duration=604500, name="pasta")
    assert r.success is False
    [timer] = timers(talk).active()
    assert timer.duration_s == 420  # only the first change was made


def test_alike_timers_are_cancelled_without_an_unanswerable_question(talk: Talk) -> None:
    talk("timer_start", "set three timers for 5 minutes", timers=["300", "300", "300"])
    talk("timer_start", "set a timer for 10 minutes", duration=600)
    r = talk("timer_cancel", "cancel the 5 minute timer", duration=300)  # any one of them
    assert r.action == "timer_cancelled" and len(timers(talk).active()) == 3
    r = talk("timer_cancel", "cancel the 5 minute timers", duration=300)  # all of them
    assert r.action == "timers_cancelled" and "2 timers" in r.text
    assert [t.duration_s for t in timers(talk).active()] == [600]


def test_alike_timers_that_rang_are_said_once_with_a_count(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", "set three timers for 1 minute", timers=["60", "60", "60"])
    talk("timer_start", duration=600)
    clock.advance(61)
    r = talk("timer_status", "how long is left on my timer")
    assert r.text.count("went off") == 1 and "3 timers for 1 minute went off at" in r.text
    assert "has 9 minutes left" in r.text


def test_cancel_a_ringing_timer_by_name(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", duration=60, name="eggs")
    talk("timer_start", duration=600, name="rice")
    clock.advance(61)
    assert "eggs" in talk("timer_status").text  # eggs is ringing now
    r = talk("timer_cancel", "cancel the egg timer", name="eggs")
    assert r.action == "timer_silenced"
    assert timers(talk).ringing() == [] and [t.name for t in timers(talk).active()] == ["rice"]


def test_by_duration_and_pause_all(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", duration=600)
    talk("timer_start", duration=300, name="tea")
    assert talk("timer_cancel", "cancel the 4 minute timer", duration=240).success is False
    r = talk("timer_cancel", "cancel the ten minute timer", duration=600)
    assert r.action == "timer_cancelled" and "10 minutes" in r.text
    talk("timer_start", duration=900, name="rice")
    r = talk("timer_pause", "pause all timers")
    assert r.action == "timers_paused" and "2 timers" in r.text
    assert {t.state for t in timers(talk).active()} == {"paused"}
    assert talk("timer_resume", "resume all the timers").action == "timers_resumed"
    assert {t.state for t in timers(talk).active()} == {"running"}


def test_too_long_is_explained(talk: Talk) -> None:
    r = talk("timer_start", "set a timer for 9 days", duration=9 * 86400)
    assert r.success is False and "alarm" in r.text


def test_several_timers_in_one_request_are_all_set(talk: Talk) -> None:
    """ "Two timers, one for 5 and one for 10 minutes" sets both (the model reads one duration:
    the second used to be dropped without a word), named ones with their names, stored."""
    from pipelines.language.rules import match

    for text, durations, names in [
        ("set two timers, one for 5 minutes and one for 10 minutes", [300, 600], [None, None]),
        ("set a 5 minute timer and a 10 minute timer", [300, 600], [None, None]),
        ("set 3 timers for 5, 10 and 15 minutes", [300, 600, 900], [None, None, None]),
        (
            "set a timer for 10 minutes for the rice and 20 minutes for the chicken",
            [600, 1200],
            ["rice", "chicken"],
        ),
    ]:
        store = TimerStore(talk.app.db, talk.clock)
        for timer in store.active():
            store.cancel(timer.id)
        intent = match(text)
        assert intent is not None, text
        r = talk.dispatcher.handle(intent)
        assert r.action == "timer_started" and r.text.startswith(f"{len(durations)} timers set")
        active = sorted(store.active(), key=lambda t: t.id)
        assert [t.duration_s for t in active] == durations
        assert [t.name for t in active] == names
    one = match("set a timer for 1 hour and 30 minutes")
    assert one is None or "timers" not in one.slots
