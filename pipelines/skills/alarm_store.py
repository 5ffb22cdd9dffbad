"""Alarms for a clock time today, tomorrow, on a weekday or a date, persisted in SQLite.

An alarm's moment is stored as an absolute unix time (``fire_at``) computed in local time
when it is set, so it survives restarts like timers do. States: *set* and *ringing*;
cancelled and dismissed alarms are deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.errors import InputError
from .store_base import RINGING as RINGING
from .store_base import RingingStore

if TYPE_CHECKING:
    pass

SET = "set"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MIGRATIONS = [
    """
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
]


@dataclass(frozen=True)
class Alarm:
    id: int
    label: str | None
    time_hm: str
    fire_at: float
    state: str
    created_at: float
    fired_at: float | None = None

    @property
    def name(self) -> str | None:
        return self.label

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "time": self.time_hm,
            "fire_at": self.fire_at,
            "state": self.state,
        }


class AlarmInPastError(InputError):
    code = "alarm_in_past"


def resolve_moment(time_hm: str, date: str | None, now: dt.datetime) -> dt.datetime:
    """The local datetime an alarm at ``time_hm`` on ``date`` means, seen from ``now``.

    No date: the next time the clock shows ``time_hm``. A weekday: its next occurrence
    (today if the time is still ahead). Raises :class:`AlarmInPastError` for a past moment.
    """
    try:
        hour, minute = (int(p) for p in str(time_hm).split(":"))
        at = dt.time(hour % 24, minute)
    except ValueError as exc:
        raise InputError(f"I need a clock time like 07:30, not {time_hm!r}.") from exc
    today = now.date()
    day_word = (date or "").strip().lower()
    if not day_word:
        candidate = dt.datetime.combine(today, at)
        return candidate if candidate > now else candidate + dt.timedelta(days=1)
    if day_word == "today":
        day = today
    elif day_word == "tomorrow":
        day = today + dt.timedelta(days=1)
    elif day_word in WEEKDAYS:
        ahead = (WEEKDAYS.index(day_word) - today.weekday()) % 7
        day = today + dt.timedelta(days=ahead)
        if ahead == 0 and dt.datetime.combine(day, at) <= now:
            day += dt.timedelta(days=7)
    else:
        try:
            day = dt.date.fromisoformat(day_word)
        except ValueError as exc:
            raise InputError(f"I don't know which day {date!r} is.") from exc
    moment = dt.datetime.combine(day, at)
    if moment <= now:
        raise AlarmInPastError(f"{moment:%Y-%m-%d %H:%M} has already passed.")
    return moment


def _row(r: Any) -> Alarm:
    return Alarm(
        id=int(r["id"]),
        label=r["label"],
        time_hm=str(r["time_hm"]),
        fire_at=float(r["fire_at"]),
        state=str(r["state"]),
        created_at=float(r["created_at"]),
        fired_at=None if r["fired_at"] is None else float(r["fired_at"]),
    )


class AlarmStore(RingingStore[Alarm]):
    component = "alarms"
    migrations = _MIGRATIONS
    table = "alarms"
    due_column = "fire_at"
    pending_state = SET

    def _from_row(self, row: Any) -> Alarm:
        return _row(row)

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock())

    def set(self, time_hm: str, date: str | None = None, label: str | None = None) -> Alarm:
        moment = resolve_moment(time_hm, date, self.now())
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO alarms(label, time_hm, fire_at, state, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (label or None, moment.strftime("%H:%M"), moment.timestamp(), SET, self.clock()),
            )
            alarm_id = int(cur.lastrowid or 0)
        self._ledger("data_written", items=1)
        alarm = self.get(alarm_id)
        assert alarm is not None
        return alarm

    def get(self, alarm_id: int) -> Alarm | None:
        rows = self.db.query("SELECT * FROM alarms WHERE id = ?", (alarm_id,))
        return _row(rows[0]) if rows else None

    def upcoming(self) -> list[Alarm]:
        rows = self.db.query("SELECT * FROM alarms WHERE state = ? ORDER BY fire_at", (SET,))
        return [_row(r) for r in rows]

    def matching(self, time_hm: str | None = None, date: str | None = None) -> list[Alarm]:
        """Upcoming alarms at ``time_hm`` (and on ``date``, when given)."""
        found = self.upcoming()
        if time_hm:
            found = [a for a in found if a.time_hm == time_hm]
        if date:
            now = self.now()
            try:
                day = resolve_moment("23:59", date, now.replace(hour=0, minute=0)).date()
            except InputError:
                return []
            found = [a for a in found if dt.datetime.fromtimestamp(a.fire_at).date() == day]
        return found

    def cancel(self, alarm_id: int) -> None:
        with self.db.transaction() as conn:
            deleted = conn.execute("DELETE FROM alarms WHERE id = ?", (alarm_id,)).rowcount
        if deleted:
            self._ledger("data_deleted", items=deleted)

    def cancel_all(self) -> int:
        with self.db.transaction() as conn:
            deleted = int(conn.execute("DELETE FROM alarms WHERE state = ?", (SET,)).rowcount)
        if deleted:
            self._ledger("data_deleted", items=deleted)
        return deleted
