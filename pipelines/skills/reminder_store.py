"""Reminders ("remind me to call mum at 5pm"), persisted in SQLite like alarms.

A reminder is a task text and an absolute unix time (``fire_at``), so it survives restarts
and a killed process (every change is one committed transaction). States: *set* and
*ringing*; cancelled and dismissed reminders are deleted. The reminder service rings them
like alarms (``reminders.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.errors import InputError
from .store_base import RingingStore

SET = "set"
MAX_TEXT = 200

_MIGRATIONS = [
    """
    CREATE TABLE IF NOT EXISTS reminders (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        fire_at REAL NOT NULL,
        state TEXT NOT NULL,
        created_at REAL NOT NULL,
        fired_at REAL
    );
    CREATE INDEX IF NOT EXISTS reminders_state ON reminders(state, fire_at);
    """
]


@dataclass(frozen=True)
class Reminder:
    id: int
    text: str
    fire_at: float
    state: str
    created_at: float
    fired_at: float | None = None

    @property
    def name(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "fire_at": self.fire_at, "state": self.state}


def _row(r: Any) -> Reminder:
    return Reminder(
        id=int(r["id"]), text=str(r["text"]), fire_at=float(r["fire_at"]), state=str(r["state"]),
        created_at=float(r["created_at"]),
        fired_at=None if r["fired_at"] is None else float(r["fired_at"]),
    )  # fmt: skip


class ReminderStore(RingingStore[Reminder]):
    component = "reminders"
    migrations = _MIGRATIONS
    table = "reminders"
    due_column = "fire_at"
    pending_state = SET

    def _from_row(self, row: Any) -> Reminder:
        return _row(row)

    def add(self, text: str, fire_at: float) -> Reminder:
        task = " ".join(text.split())
        if not task:
            raise InputError("A reminder needs something to remind you of.")
        if len(task) > MAX_TEXT:
            raise InputError(f"A reminder can be at most {MAX_TEXT} characters long.")
        if fire_at <= self.clock():
            raise InputError("That time has already passed.", code="reminder_in_past")
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO reminders(text, fire_at, state, created_at) VALUES (?, ?, ?, ?)",
                (task, fire_at, SET, self.clock()),
            )
            reminder_id = int(cur.lastrowid or 0)
        self._ledger("data_written", items=1)
        found = self.get(reminder_id)
        assert found is not None
        return found

    def get(self, reminder_id: int) -> Reminder | None:
        rows = self.db.query("SELECT * FROM reminders WHERE id = ?", (reminder_id,))
        return _row(rows[0]) if rows else None

    def upcoming(self) -> list[Reminder]:
        rows = self.db.query("SELECT * FROM reminders WHERE state = ? ORDER BY fire_at", (SET,))
        return [_row(r) for r in rows]

    def matching(self, words: str) -> list[Reminder]:
        """Upcoming reminders whose text contains every word of ``words``."""
        wanted = set(words.lower().split()) - {"the", "a", "my", "to", "about"}
        return [r for r in self.upcoming() if wanted <= set(r.text.lower().split())]

    def cancel(self, reminder_id: int) -> None:
        with self.db.transaction() as conn:
            deleted = conn.execute("DELETE FROM reminders WHERE id = ?", (reminder_id,)).rowcount
        if deleted:
            self._ledger("data_deleted", items=deleted)

    def cancel_all(self) -> int:
        with self.db.transaction() as conn:
            deleted = int(conn.execute("DELETE FROM reminders WHERE state = ?", (SET,)).rowcount)
        if deleted:
            self._ledger("data_deleted", items=deleted)
        return deleted
