"""Alarms for a clock time today, tomorrow, on a weekday or a date, persisted in SQLite.

An alarm's moment is stored as an absolute unix time (``fire_at``) computed in local time
when it is set, so it survives restarts like timers do. States: *set* and *ringing*;
cancelled and dismissed alarms are deleted.

A repeating alarm (``repeat_days``, a weekday bit mask; 0 = rings once) is one *set* row for
the whole series. When it comes due, :meth:`AlarmStore.expire_due` adds a one-off *ringing*
copy and moves the series row on to its next occurrence in the same transaction, so the
series goes on even if nobody says "stop", and cancelling the row ends the series.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..core.errors import InputError
from .alarm_repeat import WEEKDAYS as WEEKDAYS
from .alarm_repeat import Repeat
from .store_base import RINGING as RINGING
from .store_base import RingingStore

if TYPE_CHECKING:
    pass

SET = "set"

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
    """,
    "ALTER TABLE alarms ADD COLUMN repeat_days INTEGER NOT NULL DEFAULT 0;",
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
    repeat: Repeat | None = None

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
            "repeat": self.repeat.describe() if self.repeat else None,
        }


class AlarmInPastError(InputError):
    code = "alarm_in_past"


def clock_time(time_hm: str) -> dt.time:
    try:
        hour, minute = (int(p) for p in str(time_hm).split(":"))
        return dt.time(hour % 24, minute)
    except ValueError as exc:
        raise InputError(f"I need a clock time like 07:30, not {time_hm!r}.") from exc


def resolve_moment(time_hm: str, date: str | None, now: dt.datetime) -> dt.datetime:
    """The local datetime an alarm at ``time_hm`` on ``date`` means, seen from ``now``.

    No date: the next time the clock shows ``time_hm``. A weekday: its next occurrence
    (today if the time is still ahead). Raises :class:`AlarmInPastError` for a past moment.
    """
    at = clock_time(time_hm)
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
        repeat=Repeat(int(r["repeat_days"])) if r["repeat_days"] else None,
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

    def set(
        self,
        time_hm: str,
        date: str | None = None,
        label: str | None = None,
        repeat: Repeat | None = None,
    ) -> Alarm:
        """A new alarm; ``repeat`` (or a repeat phrase as ``date``: "weekdays") makes a series."""
        repeat = repeat or Repeat.parse(date)
        if repeat is None:
            moment = resolve_moment(time_hm, date, self.now())
        else:
            moment = repeat.next_occurrence(clock_time(time_hm), self.now())
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO alarms(label, time_hm, fire_at, state, created_at, repeat_days) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (label or None, moment.strftime("%H:%M"), moment.timestamp(), SET, self.clock(),
                 repeat.mask if repeat else 0),
            )  # fmt: skip
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
        """Upcoming alarms at ``time_hm`` (and on ``date``, when given).

        A repeat ("weekdays") matches that series; a day ("monday", "weekday") matches the
        alarms ringing on it next and the series that ring on it.
        """
        found = self.upcoming()
        if time_hm:
            found = [a for a in found if a.time_hm == time_hm]
        if not date:
            return found
        repeat = Repeat.parse(date)
        if repeat:  # "cancel the weekdays alarm"
            return [a for a in found if a.repeat == repeat]
        on = Repeat.parse(f"every {date}")  # "the monday alarm", "the weekday alarm"
        try:
            now = self.now().replace(hour=0, minute=0)
            day: dt.date | None = resolve_moment("23:59", date, now).date()
        except InputError:
            day = None
        return [
            a
            for a in found
            if (day is not None and dt.datetime.fromtimestamp(a.fire_at).date() == day)
            or (on is not None and a.repeat is not None and on.mask & a.repeat.mask == on.mask)
        ]

    def expire_due(self) -> list[Alarm]:
        """Due alarms start ringing; a repeating one rings as a one-off copy and re-arms."""
        now = self.clock()
        local_now = self.now()
        fired: list[Alarm] = []
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM alarms WHERE state = ? AND fire_at <= ? ORDER BY fire_at",
                (SET, now),
            ).fetchall()
            for alarm in map(_row, rows):
                if alarm.repeat is None:
                    conn.execute(
                        "UPDATE alarms SET state = ?, fired_at = ? WHERE id = ?",
                        (RINGING, now, alarm.id),
                    )
                    fired.append(replace(alarm, state=RINGING, fired_at=now))
                    continue
                cur = conn.execute(
                    "INSERT INTO alarms(label, time_hm, fire_at, state, created_at, fired_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (alarm.label, alarm.time_hm, alarm.fire_at, RINGING, now, now),
                )
                again = alarm.repeat.next_occurrence(clock_time(alarm.time_hm), local_now)
                conn.execute(
                    "UPDATE alarms SET fire_at = ? WHERE id = ?", (again.timestamp(), alarm.id)
                )
                copy = replace(alarm, id=int(cur.lastrowid or 0), state=RINGING, repeat=None)
                fired.append(replace(copy, created_at=now, fired_at=now))
        copies = sum(1 for r in rows if r["repeat_days"])
        if copies:
            self._ledger("data_written", items=copies)
        return fired

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


def impossible_time(said: str) -> bool:
    """A clock time as digits that no clock shows: "7:75", "25:00", "13:99"."""
    found = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*(?:[ap]\.?m\.?)?\s*", said.lower())
    return found is not None and (int(found.group(1)) > 23 or int(found.group(2)) > 59)
