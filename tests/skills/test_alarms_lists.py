"""Alarms and lists through the Dispatcher, plus the pure date and name helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.skills.alarm_store import AlarmInPastError, AlarmStore, resolve_moment
from pipelines.skills.list_store import ListStore, normalise_list_name

from .conftest import FakeClock, Talk, ledger_rows

WED_10 = dt.datetime(2026, 11, 18, 10, 0)


@pytest.mark.parametrize(
    ("time_hm", "date", "expected"),
    [
        ("07:30", None, dt.datetime(2026, 11, 19, 7, 30)),  # already past today -> tomorrow
        ("18:00", None, dt.datetime(2026, 11, 18, 18, 0)),
        ("18:00", "today", dt.datetime(2026, 11, 18, 18, 0)),
        ("07:30", "tomorrow", dt.datetime(2026, 11, 19, 7, 30)),
        ("06:00", "friday", dt.datetime(2026, 11, 20, 6, 0)),
        ("11:00", "wednesday", dt.datetime(2026, 11, 18, 11, 0)),  # later today
        ("09:00", "wednesday", dt.datetime(2026, 11, 25, 9, 0)),  # passed: next week
        ("08:15", "2026-12-24", dt.datetime(2026, 12, 24, 8, 15)),
    ],
)
def test_resolve_moment(time_hm: str, date: str | None, expected: dt.datetime) -> None:
    assert resolve_moment(time_hm, date, WED_10) == expected


def test_a_past_time_today_is_refused() -> None:
    with pytest.raises(AlarmInPastError):
        resolve_moment("09:00", "today", WED_10)


def test_alarm_set_query_cancel(talk: Talk) -> None:
    r = talk("alarm_set", "wake me at 7:30 tomorrow", time="07:30", date="tomorrow")
    assert r.action == "alarm_set" and "tomorrow at 07:30" in r.text
    r = talk("alarm_set", "alarm friday at 6", time="06:00", date="friday")
    assert "on Friday at 06:00" in r.text
    r = talk("alarm_query", "what alarms do I have")
    assert "2 alarms" in r.text and "tomorrow at 07:30" in r.text
    r = talk("alarm_cancel", "cancel the 7:30 alarm", time="07:30")
    assert r.action == "alarm_cancelled"
    assert [a.time_hm for a in AlarmStore(talk.app.db, talk.clock).upcoming()] == ["06:00"]


def test_alarm_in_the_past_and_missing_time(talk: Talk) -> None:
    r = talk("alarm_set", "alarm at 9 today", time="09:00", date="today")
    assert r.success is False and "already passed" in r.text
    r = talk("alarm_set", "set an alarm")
    assert r.expects_reply
    assert talk("alarm_set", "at six", time="06:00").action == "alarm_set"


def test_alarm_rings_and_stop_silences(talk: Talk, clock: FakeClock) -> None:
    talk("alarm_set", time="10:30")
    clock.advance(31 * 60)
    store = AlarmStore(talk.app.db, clock)
    assert [a.time_hm for a in store.expire_due()] == ["10:30"]
    assert talk("stop", "stop").action == "ringing_stopped"
    assert store.ringing() == []


def test_cancel_all_alarms_needs_a_yes(talk: Talk) -> None:
    talk("alarm_set", time="07:00", date="tomorrow")
    talk("alarm_set", time="08:00", date="tomorrow")
    assert talk("alarm_cancel", "cancel all alarms").expects_reply
    assert talk("affirm", "yes please").action == "alarms_cancelled"
    assert "don't have any alarms" in talk("alarm_query").text


@pytest.mark.parametrize(
    ("spoken", "name"),
    [
        ("shopping list", "shopping"),
        ("my Shopping List", "shopping"),
        ("groceries", "shopping"),
        ("todo", "to-do"),
        ("to do list", "to-do"),
        ("the camping list", "camping"),
        (None, "shopping"),
    ],
)
def test_list_names(spoken: str | None, name: str) -> None:
    assert normalise_list_name(spoken) == name


def test_add_several_items_remove_and_read(talk: Talk) -> None:
    r = talk("list_add", "add eggs, milk and butter", item=["eggs", "milk", "butter"])
    assert r.action == "list_added" and "eggs, milk and butter" in r.text and "shopping" in r.text
    r = talk("list_add", "add milk and bread", item=["Milk", "bread"])
    assert "bread" in r.text and "milk was already" in r.text.lower()
    r = talk("list_remove", "take off milk and cheese", item=["milk", "cheese"])
    assert "Removed milk" in r.text and "couldn't find cheese" in r.text
    r = talk("list_query", "what's on my shopping list", list="shopping list")
    assert r.text == "Your shopping list has eggs, butter and bread."
    assert r.card["items"] == ["eggs", "butter", "bread"]


def test_user_named_lists(talk: Talk) -> None:
    talk("list_add", item=["tent", "torch"], list="camping")
    assert "tent and torch" in talk("list_query", list="camping list").text
    r = talk("list_query", "read my holiday list", list="holiday")
    assert r.success is False and "holiday list" in r.text
    assert "camping" in ListStore(talk.app.db).names()


def test_clear_asks_for_confirmation(talk: Talk) -> None:
    talk("list_add", item=["eggs", "milk"], list="shopping")
    r = talk("list_clear", "clear my shopping list", list="shopping")
    assert r.expects_reply and "2 items" in r.text
    assert talk("deny", "no").action == "cancelled"
    assert ListStore(talk.app.db).items("shopping") == ["eggs", "milk"]
    talk("list_clear", "clear it")  # the list we just talked about
    r = talk("affirm", "yes")
    assert r.action == "list_cleared"
    assert ListStore(talk.app.db).items("shopping") == []


def test_is_it_on_a_list_with_no_list_named_looks_in_every_list(talk: Talk) -> None:
    talk("list_add", item=["milk"], list="shopping")
    talk("list_add", item=["nails"], list="diy")  # the last list talked about
    assert talk("list_query", "do i need milk", item=["milk"]).text == (
        "Yes, your shopping list has milk."
    )
    assert "diy list has nails" in talk("list_query", "do i need nails", item=["nails"]).text
    assert (
        "No coffee on your shopping list"
        in talk("list_query", "need coffee?", item=["coffee"]).text
    )


def test_delete_a_list_the_user_made_and_only_clear_the_built_in_ones(talk: Talk) -> None:
    store = ListStore(talk.app.db)
    talk("list_add", item=["passport", "charger"], list="packing")
    talk("list_add", item=["eggs"], list="shopping")
    r = talk("list_clear", "delete the packing list", list="packing")
    assert r.expects_reply and "Delete your packing list and the 2 items" in r.text
    assert talk("affirm", "yes").action == "list_deleted"
    assert "packing" not in store.names() and store.items("packing") == []
    talk("list_add", "add a dozen eggs", item=["a dozen eggs"])  # not to the list now gone
    assert "packing" not in store.names() and "a dozen eggs" in store.items("shopping")
    assert talk("list_clear", "get rid of the garden list", list="garden").text == (
        "You don't have a garden list."
    )
    r = talk("list_clear", "delete my shopping list", list="shopping")  # built in: emptied
    assert "Clear all 2 items" in r.text
    assert talk("affirm", "yes").action == "list_cleared"
    assert "shopping" in store.names() and store.items("shopping") == []
    talk("list_add", item=["tent"], list="camping")
    r = talk("list_clear", "remove everything from the camping list", list="camping")
    assert "Clear the one item" in r.text  # emptying, not deleting
    deleted = [e for e in ledger_rows(talk.app, "lists") if e.kind == "data_deleted"]
    assert {"items": 3} in [e.detail for e in deleted]  # 2 items and the list itself


def test_another_intent_drops_the_question(talk: Talk) -> None:
    talk("list_add", item=["eggs"])
    talk("list_clear")
    talk("time_query", "what time is it")
    assert talk("affirm", "yes").action != "list_cleared"
    assert ListStore(talk.app.db).items("shopping") == ["eggs"]


def test_list_ledger_has_counts_not_items(talk: Talk) -> None:
    talk("list_add", item=["pregnancy test", "milk"])
    rows = ledger_rows(talk.app, "lists")
    assert rows and rows[0].detail == {"items": 2}
    assert "pregnancy" not in str([r.detail for r in talk.app.ledger.entries(limit=500)])


def test_alarm_in_a_duration(talk: Talk) -> None:
    r = talk("alarm_set", "wake me in 8 hours", duration=8 * 3600)
    assert r.action == "alarm_set" and "today at 18:00" in r.text


def test_is_it_on_the_list(talk: Talk) -> None:
    talk("list_add", item=["milk", "eggs"])
    r = talk("list_query", "is milk or bread on my shopping list", item=["Milk", "bread"])
    assert r.text == "Yes, your shopping list has milk. No bread on your shopping list yet."


def test_cancel_an_alarm_by_its_name(talk: Talk) -> None:
    talk("alarm_set", time="06:00", date="friday", name="gym")
    talk("alarm_set", time="07:00", date="friday")
    r = talk("alarm_cancel", "cancel the gym alarm", name="gym")
    assert r.action == "alarm_cancelled" and "06:00" in r.text
    assert talk("alarm_cancel", "cancel the yoga alarm", name="yoga").success is False


def test_what_lists_do_i_have_reads_every_list(talk: Talk) -> None:
    talk("list_add", "add eggs and milk", item=["eggs", "milk"])
    talk("list_add", "add sunscreen to the packing list", item=["sunscreen"], list="packing")
    r = talk("list_query", "what lists do I have")
    assert r.text == "You have 3 lists: shopping (2 items), to-do (empty) and packing (1 item)."
    assert r.card["lists"] == {"shopping": 2, "to-do": 0, "packing": 1}
    r = talk("list_query", "what's on my packing list", list="packing")
    assert r.text == "Your packing list has sunscreen."


def test_the_same_alarm_asked_for_twice_is_kept_once(talk: Talk) -> None:
    r = talk("alarm_set", "set an alarm for 7 every day", time="07:00", date="every day")
    assert r.action == "alarm_set"
    r = talk("alarm_set", "set an alarm for 7 every day", time="07:00", date="every day")
    assert r.text == "You already have an alarm at 07:00 every day." and r.action == "none"
    talk("alarm_set", "wake me at 6:30 tomorrow", time="06:30", date="tomorrow")
    r = talk("alarm_set", "wake me at 6:30 tomorrow", time="06:30", date="tomorrow")
    assert r.text.startswith("You already have an alarm tomorrow at 06:30")
    r = talk("alarm_set", "set an alarm for 7 on weekdays", time="07:00", date="weekdays")
    assert r.action == "alarm_set"  # another series at the same time is another alarm
    assert len(AlarmStore(talk.app.db, talk.clock).upcoming()) == 3
