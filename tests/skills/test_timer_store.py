"""TimerStore: the API the recipes engineer and the GUI use."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.core.errors import InputError
from pipelines.core.storage import Database
from pipelines.skills.timer_store import PAUSED, RINGING, RUNNING, Timer, TimerStore

from .conftest import FakeClock, ledger_rows


@pytest.fixture
def store(tmp_path: Any, clock: FakeClock) -> TimerStore:
    return TimerStore(Database(tmp_path / "t.sqlite3"), clock)


def test_start_returns_a_frozen_timer_with_an_absolute_deadline(
    store: TimerStore, clock: FakeClock
) -> None:
    timer = store.start(600, "The Pasta timer")
    assert isinstance(timer, Timer)
    assert timer.name == "pasta"
    assert timer.duration_s == 600
    assert timer.deadline == clock.now + 600
    assert timer.state == RUNNING
    with pytest.raises(AttributeError):
        timer.name = "x"  # type: ignore[misc]


def test_active_is_sorted_by_time_left_and_counts_down(store: TimerStore, clock: FakeClock) -> None:
    long = store.start(900, "rice")
    short = store.start(300)
    assert [t.id for t in store.active()] == [short.id, long.id]
    clock.advance(100)
    assert store.active()[0].remaining(clock.now) == 200


def test_pause_freezes_and_resume_moves_the_deadline(store: TimerStore, clock: FakeClock) -> None:
    timer = store.start(60, "tea")
    clock.advance(20)
    paused = store.pause(timer.id)
    assert paused.state == PAUSED and paused.paused_remaining_s == 40
    clock.advance(1000)
    assert store.active()[0].remaining(clock.now) == 40
    assert store.expire_due() == []
    resumed = store.resume(timer.id)
    assert resumed.state == RUNNING and resumed.deadline == clock.now + 40


def test_expire_then_dismiss(store: TimerStore, clock: FakeClock) -> None:
    timer = store.start(5)
    clock.advance(5)
    expired = store.expire_due()
    assert [t.id for t in expired] == [timer.id] and expired[0].state == RINGING
    assert store.active() == [] and [t.id for t in store.ringing()] == [timer.id]
    assert store.expire_due() == []  # only once
    assert [t.id for t in store.dismiss_ringing()] == [timer.id]
    assert store.ringing() == [] and store.get(timer.id) is None


def test_cancel_and_cancel_all(store: TimerStore) -> None:
    a, b, c = store.start(10), store.start(20), store.start(30)
    store.cancel(a.id)
    store.cancel(a.id)  # unknown ids are ignored
    assert {t.id for t in store.active()} == {b.id, c.id}
    assert store.cancel_all() == 2 and store.active() == []


@pytest.mark.parametrize("bad", [0, -5, 8 * 24 * 3600, "ten", True])
def test_bad_durations_are_refused_and_nothing_is_stored(store: TimerStore, bad: Any) -> None:
    with pytest.raises(InputError):
        store.start(bad)
    assert store.active() == []


def test_find_by_name(store: TimerStore) -> None:
    pasta = store.start(600, "pasta")
    store.start(600, "rice")
    assert [t.id for t in store.find("the Pasta timer")] == [pasta.id]
    assert store.find("eggs") == []


def test_ledger_counts_writes_without_personal_content(app: Any, clock: FakeClock) -> None:
    store = TimerStore(app.db, clock, ledger=app.ledger)
    timer = store.start(60, "secret birthday cake")
    store.pause(timer.id)
    store.cancel(timer.id)
    rows = ledger_rows(app, "timers")
    assert [r.kind for r in rows] == ["data_deleted", "data_written", "data_written"]
    assert all("birthday" not in str(r.detail) for r in rows)
    assert app.ledger.verify().ok
