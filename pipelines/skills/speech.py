"""Turn numbers, durations, clock times and lists into words, using the reply templates.

All wording ("minutes", "and", weekday names) comes from ``assets/replies/common.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .replies import Replies


def _plural(replies: Replies, unit: str, n: int) -> str:
    return replies.fragment(f"duration.{unit}_{'one' if n == 1 else 'other'}", n=n)


def duration(replies: Replies, seconds: float) -> str:
    """600 -> "10 minutes", 5400 -> "1 hour and 30 minutes", 75 -> "1 minute and 15 seconds"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 2:  # long timers: seconds are noise
        secs = 0
    parts = [
        _plural(replies, unit, n)
        for unit, n in (("hour", hours), ("minute", minutes), ("second", secs))
        if n
    ]
    if not parts:
        return _plural(replies, "second", 0)
    return join(replies, parts)


def weeks_and_days(replies: Replies, days: int) -> str:
    """110 -> "15 weeks and 5 days", 14 -> "2 weeks"."""
    weeks, rest = divmod(abs(days), 7)
    parts = [_plural(replies, unit, n) for unit, n in (("week", weeks), ("day", rest)) if n]
    return join(replies, parts) if parts else _plural(replies, "day", 0)


def time_left(replies: Replies, seconds: float) -> str:
    """Time left on a countdown, as people say it: whole minutes from two minutes up
    (9:58 -> "10 minutes"), minutes and seconds below that."""
    if seconds >= 120:
        return duration(replies, round(seconds / 60) * 60)
    return duration(replies, seconds)


def join(replies: Replies, items: Sequence[str]) -> str:
    """["eggs", "milk", "butter"] -> "eggs, milk and butter"."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return replies.fragment("common.join_last", rest=", ".join(items[:-1]), last=items[-1])


def join_or(replies: Replies, items: Sequence[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return replies.fragment("common.join_or", rest=", ".join(items[:-1]), last=items[-1])


def clock(hm: str | dt.datetime) -> str:
    """A clock time as said on screen: "07:30"."""
    if isinstance(hm, dt.datetime):
        return hm.strftime("%H:%M")
    return hm


def weekday(replies: Replies, day: dt.date) -> str:
    return replies.fragment(f"date.weekday_{day.weekday()}")


def month(replies: Replies, day: dt.date) -> str:
    return replies.fragment(f"date.month_{day.month}")


def spoken_date(replies: Replies, day: dt.date) -> str:
    """The long form of a date, e.g. Sunday, 22 November."""
    return replies.fragment(
        "date.long", weekday=weekday(replies, day), day=day.day, month=month(replies, day)
    )


def when(replies: Replies, moment: dt.datetime, now: dt.datetime) -> str:
    """A moment relative to now: today at 07:30, tomorrow at 07:30, on Friday at 07:30..."""
    days = (moment.date() - now.date()).days
    at = clock(moment)
    if days == 0:
        return replies.fragment("date.today_at", time=at)
    if days == 1:
        return replies.fragment("date.tomorrow_at", time=at)
    if days < 7:
        return replies.fragment("date.weekday_at", weekday=weekday(replies, moment.date()), time=at)
    return replies.fragment("date.date_at", date=spoken_date(replies, moment.date()), time=at)


def number(value: float) -> str:
    """2.0 -> "2", 2.3456 -> "2.35", 1234.5 -> "1,234.5"; no trailing zeros."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    digits = 2 if abs(value) < 100 else 1
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text
