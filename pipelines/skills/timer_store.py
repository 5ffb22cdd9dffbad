"""Timers with absolute deadlines in SQLite, so they survive a restart.

A timer is *running* (counting down to ``deadline``), *paused* (``paused_remaining_s`` left) or
*ringing* (its deadline passed and nobody said "stop" yet). Cancelled and dismissed timers are
deleted: nothing is kept that the household no longer needs.

Other capabilities use this too (the recipes engineer's step timers, the GUI's countdowns)::

    store = TimerStore(app.db, ledger=app.ledger)
    timer = store.start(600, "pasta")
    store.active()        # running and paused timers, soonest first
    store.cancel(timer.id)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.errors import InputError
from .store_base import RINGING as RINGING
from .store_base import RingingStore

if TYPE_CHECKING:
    pass

RUNNING = "running"
PAUSED = "paused"
MAX_SECONDS = 7 * 24 * 3600

_MIGRATIONS = [
    """
    CREATE TABLE IF NOT EXISTS timers (
        id INTEGER PRIMARY KEY,
        name TEXT,
        duration_s INTEGER NOT NULL,
        deadline REAL NOT NULL,
        paused_remaining_s REAL,
        state TEXT NOT NULL,
        created_at REAL NOT NULL,
        fired_at REAL,
        source TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS timers_state ON timers(state, deadline);
    """
]


@dataclass(frozen=True)
class Timer:
    id: int
    name: str | None
    duration_s: int
    deadline: float
    """Unix time the timer ends (for a paused timer: where it would end if resumed now)."""
    paused_remaining_s: float | None
    state: str
    created_at: float
    fired_at: float | None = None
    source: str = ""
    """Who started it: "" for the user, "recipe" for a recipe step..."""

    def remaining(self, now: float) -> float:
        if self.state == PAUSED and self.paused_remaining_s is not None:
            return max(0.0, self.paused_remaining_s)
        if self.state == RINGING:
            return 0.0
        return max(0.0, self.deadline - now)

    @property
    def label(self) -> str:
        return self.name or ""

    def to_dict(self, now: float | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "duration_s": self.duration_s,
            "deadline": self.deadline,
            "state": self.state,
        }
        if now is not None:
            out["remaining_s"] = round(self.remaining(now), 1)
        return out


def _row(r: Any) -> Timer:
    return Timer(
        id=int(r["id"]),
        name=r["name"],
        duration_s=int(r["duration_s"]),
        deadline=float(r["deadline"]),
        paused_remaining_s=None
        if r["paused_remaining_s"] is None
        else float(r["paused_remaining_s"]),
        state=str(r["state"]),
        created_at=float(r["created_at"]),
        fired_at=None if r["fired_at"] is None else float(r["fired_at"]),
        source=str(r["source"]),
    )


class TimerStore(RingingStore[Timer]):
    component = "timers"
    migrations = _MIGRATIONS
    table = "timers"
    due_column = "deadline"
    pending_state = RUNNING

    def _from_row(self, row: Any) -> Timer:
        return _row(row)

    # -- reading ----------------------------------------------------------------------------
    def get(self, timer_id: int) -> Timer | None:
        rows = self.db.query("SELECT * FROM timers WHERE id = ?", (timer_id,))
        return _row(rows[0]) if rows else None

    def active(self) -> list[Timer]:
        """Running and paused timers, the one that ends soonest first."""
        now = self.clock()
        rows = self.db.query(
            "SELECT * FROM timers WHERE state IN (?, ?) ORDER BY id", (RUNNING, PAUSED)
        )
        return sorted((_row(r) for r in rows), key=lambda t: (t.remaining(now), t.id))

    def find(self, name: str) -> list[Timer]:
        """Active timers whose name matches (case-insensitive, "the pasta" == "pasta")."""
        wanted = normalise_name(name)
        return [t for t in self.active() if t.name and normalise_name(t.name) == wanted]

    # -- writing ----------------------------------------------------------------------------
    def start(self, seconds: int, name: str | None = None, *, source: str = "") -> Timer:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise InputError(f"A timer needs a duration in seconds, got {seconds!r}.")
        seconds = round(float(seconds))
        if not 0 < seconds <= MAX_SECONDS:
            raise InputError("A timer must run for between one second and seven days.")
        clean = normalise_name(name) if name else None
        now = self.clock()
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO timers(name, duration_s, deadline, paused_remaining_s, state, "
                "created_at, source) VALUES (?, ?, ?, NULL, ?, ?, ?)",
                (clean or None, seconds, now + seconds, RUNNING, now, source),
            )
            timer_id = int(cur.lastrowid or 0)
        self._ledger("data_written", items=1)
        timer = self.get(timer_id)
        assert timer is not None
        return timer

    def cancel(self, timer_id: int) -> None:
        """Delete a timer (running, paused or ringing). Unknown ids are ignored."""
        with self.db.transaction() as conn:
            deleted = conn.execute("DELETE FROM timers WHERE id = ?", (timer_id,)).rowcount
        if deleted:
            self._ledger("data_deleted", items=deleted)

    def cancel_all(self) -> int:
        with self.db.transaction() as conn:
            deleted = conn.execute(
                "DELETE FROM timers WHERE state IN (?, ?)", (RUNNING, PAUSED)
            ).rowcount
        if deleted:
            self._ledger("data_deleted", items=deleted)
        return int(deleted)

    def pause(self, timer_id: int) -> Timer:
        timer = self._require(timer_id)
        if timer.state != RUNNING:
            return timer
        left = timer.remaining(self.clock())
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE timers SET state = ?, paused_remaining_s = ? WHERE id = ? AND state = ?",
                (PAUSED, left, timer_id, RUNNING),
            )
        self._ledger("data_written", items=1)
        return self._require(timer_id)

    def resume(self, timer_id: int) -> Timer:
        timer = self._require(timer_id)
        if timer.state != PAUSED:
            return timer
        deadline = self.clock() + (timer.paused_remaining_s or 0.0)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE timers SET state = ?, deadline = ?, paused_remaining_s = NULL "
                "WHERE id = ? AND state = ?",
                (RUNNING, deadline, timer_id, PAUSED),
            )
        self._ledger("data_written", items=1)
        return self._require(timer_id)

    def add_time(self, timer_id: int, seconds: int) -> Timer:
        """``seconds`` more (or, negative, less) on a running or paused timer; its length
        changes by as much. Refused when it would leave no time or pass the longest timer."""
        timer = self._require(timer_id)
        if timer.state not in (RUNNING, PAUSED) or seconds == 0:
            raise InputError("Only a running or paused timer can get more time.", code="timer")
        if timer.remaining(self.clock()) + seconds <= 0:
            raise InputError("That would leave no time on it.", code="timer_too_short")
        if timer.duration_s + seconds > MAX_SECONDS:
            raise InputError(
                "That would make it longer than a timer can be.", code="timer_too_long"
            )
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE timers SET duration_s = duration_s + ?, deadline = deadline + ?, "
                "paused_remaining_s = paused_remaining_s + ? WHERE id = ?",
                (seconds, seconds, seconds, timer_id),
            )
        self._ledger("data_written", items=1)
        return self._require(timer_id)

    def _require(self, timer_id: int) -> Timer:
        timer = self.get(timer_id)
        if timer is None:
            raise InputError(f"There is no timer number {timer_id}.", code="timer_not_found")
        return timer


_ARTICLES = ("the ", "my ", "a ", "an ")


def normalise_name(name: str) -> str:
    """Turn "The Pasta timer" into "pasta"."""
    text = " ".join(str(name).lower().split())
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article) :]
    for suffix in (" one", " timer", " alarm"):  # "the pasta one", "the rice timer"
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip()
