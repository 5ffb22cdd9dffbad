"""Timers, alarms and lists survive a restart; a kill -9 mid-write loses nothing committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.storage import Database
from pipelines.skills.alarm_store import AlarmStore
from pipelines.skills.list_store import ListStore
from pipelines.skills.timer_store import TimerStore

from .conftest import FakeClock, make_talk

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    from pipelines.app_context import AppContext
    from pipelines.core.intent import Intent
    from pipelines.skills.base import SkillContext
    from pipelines.skills.dispatch import Dispatcher
    from pipelines.skills.replies import Replies

    app = AppContext.create(guard=False)
    d = Dispatcher(SkillContext(app=app, replies=Replies()))
    for name, slots in [
        ("timer_start", {"duration": 3600, "name": "stew"}),
        ("timer_start", {"duration": 7200}),
        ("timer_pause", {"name": "stew"}),
        ("alarm_set", {"time": "06:45", "date": "tomorrow"}),
        ("list_add", {"item": ["eggs", "flour", "sugar"], "list": "shopping"}),
        ("list_add", {"item": ["fix the gate"], "list": "to do"}),
    ]:
        print(d.handle(Intent(name, slots, 1.0, text=name)).action)
    app.close()
    """
)


def run(code: str, home: Path, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "HOMEBODY_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
    )  # fmt: skip


@pytest.mark.slow
def test_state_survives_a_restart(home: Path, app: Any, clock: FakeClock) -> None:
    writer = run(WRITER, home)
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert out.split() == ["timer_started", "timer_started", "timer_paused", "alarm_set",
                           "list_added", "list_added"]  # fmt: skip
    # A new process (this one) sees everything the writer committed.
    timers = TimerStore(app.db).active()
    assert sorted((t.name or "", t.state) for t in timers) == [("", "running"), ("stew", "paused")]
    assert [a.time_hm for a in AlarmStore(app.db).upcoming()] == ["06:45"]
    assert ListStore(app.db).items("shopping") == ["eggs", "flour", "sugar"]
    assert ListStore(app.db).items("todo") == ["fix the gate"]
    # ...and the skills answer from it.
    talk = make_talk(app, FakeClock(clock.now))
    assert "stew" in talk("timer_status", name="stew").text
    assert "eggs, flour and sugar" in talk("list_query", list="shopping").text


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pipelines.app_context import AppContext
    from pipelines.skills.alarm_store import AlarmStore
    from pipelines.skills.list_store import ListStore
    from pipelines.skills.timer_store import TimerStore

    app = AppContext.create(guard=False)
    lists = ListStore(app.db, ledger=app.ledger)
    timers = TimerStore(app.db, ledger=app.ledger)
    alarms = AlarmStore(app.db, ledger=app.ledger)
    i = 0
    while True:
        lists.add("shopping", [f"item {i}"])
        timer = timers.start(60 + i, f"t{i}")
        if i % 5 == 0:
            alarms.set("23:59", "tomorrow", label=f"a{i}")
        if i % 3 == 0:
            timers.cancel(timer.id)
        print(i, flush=True)  # only after the writes above were committed
        i += 1
    """
)


@pytest.mark.slow
def test_kill_9_mid_update_loses_nothing_committed(home: Path) -> None:
    child = run(KILLED_WRITER, home)
    assert child.stdout is not None
    confirmed = -1
    for line in child.stdout:
        confirmed = int(line)
        if confirmed >= 60:
            break
    os.kill(child.pid, signal.SIGKILL)  # somewhere inside the next round of writes
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    for line in child.stdout:  # anything printed before the kill was committed too
        confirmed = int(line)

    db = Database(home / "data" / "homebody.sqlite3")
    try:
        assert db.scalar("PRAGMA integrity_check") == "ok"
        items = set(ListStore(db).items("shopping"))
        assert {f"item {i}" for i in range(confirmed + 1)} <= items
        assert len(items) - (confirmed + 1) in (0, 1)  # at most the round in flight
        names = {t.name for t in TimerStore(db).active()}
        expected = {f"t{i}" for i in range(confirmed + 1) if i % 3}
        assert expected <= names
        labels = {a.label for a in AlarmStore(db).upcoming()}
        assert {f"a{i}" for i in range(0, confirmed + 1, 5)} <= labels
    finally:
        db.close()
