"""Repeating alarms: which weekdays an alarm rings on, read from what people say.

"weekdays", "every weekday", "on weekdays", "weekends", "every day", "daily", "every morning",
"every monday", "mondays", "on mondays and wednesdays" -> a :class:`Repeat`, a bit mask of
weekdays (bit 0 = Monday, as :meth:`datetime.date.weekday`). A single day name without
"every" ("on monday") is not a repeat: that alarm rings once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.errors import InputError
from .replies import Replies
from .speech import join

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_EVERY = frozenset({"every", "each"})
_ALL_WORDS = frozenset({"day", "days", "morning", "mornings", "night", "nights", "evening"})
_WEEKDAY_WORDS = frozenset({"weekday", "weekdays", "workday", "workdays"})
_WEEKEND_WORDS = frozenset({"weekend", "weekends"})
_JOINERS = frozenset({"and", "or"})
_EXCEPT = frozenset({"except", "excluding", "apart", "besides"})
"""Words before days an alarm should not ring on ("every day except sunday", "apart from
saturdays", "but not on fridays")."""
_WORD = re.compile(r"[a-z]+")


def _day_index(word: str, *, plural_only: bool) -> int | None:
    """0..6 for "monday"/"mondays" (only the plural when ``plural_only``), else None."""
    if word.endswith("days") and word[:-1] in WEEKDAYS:
        return WEEKDAYS.index(word[:-1])
    if not plural_only and word in WEEKDAYS:
        return WEEKDAYS.index(word)
    return None


def _day_run(words: list[str], start: int) -> int:
    """The mask of the list of day names starting at ``words[start]``: "monday and wednesday"."""
    mask, i = 0, start
    while i < len(words):
        day = _day_index(words[i], plural_only=False)
        if day is not None:
            mask |= 1 << day
        elif not (words[i] in _JOINERS and mask):
            break
        i += 1
    return mask


def _excepted(words: list[str]) -> int:
    """The mask of the days named after "except" / "but not" / "apart from"."""
    for i, word in enumerate(words):
        if word in _EXCEPT or (word == "but" and words[i + 1 : i + 2] == ["not"]):
            rest = [w for w in words[i + 1 :] if w not in ("from", "not", "on", "for")]
            if rest and rest[0] in _WEEKEND_WORDS:
                return WEEKENDS.mask
            return _day_run(rest, 0) if rest else 0
    return 0


@dataclass(frozen=True)
class Repeat:
    """The weekdays a repeating alarm rings on."""

    mask: int

    def __post_init__(self) -> None:
        if not 0 < self.mask < 1 << 7:
            raise InputError(f"A repeating alarm needs one to seven days, not mask {self.mask}.")

    @classmethod
    def of(cls, *days: int) -> Repeat:
        mask = 0
        for day in days:
            mask |= 1 << day
        return cls(mask)

    @classmethod
    def parse(cls, text: str | None) -> Repeat | None:
        """The repeat a phrase (or a whole sentence) asks for, or None when it says none."""
        words = _WORD.findall(str(text or "").lower())
        mask = 0
        for i, word in enumerate(words):
            if word in _EXCEPT or (word == "but" and words[i + 1 : i + 2] == ["not"]):
                break  # "every day except sunday": the days after it are taken out below
            after = words[i + 1] if i + 1 < len(words) else ""
            if after == "single" and i + 2 < len(words):  # "every single day"
                after = words[i + 2]
            if word in ("daily", "everyday") or (word in _EVERY and after in _ALL_WORDS):
                mask |= EVERY_DAY.mask
            elif word in _WEEKDAY_WORDS:  # "weekdays", "every weekday", a bare date "weekday"
                mask |= WEEKDAYS_ONLY.mask
            elif word == "weekends" or (word in _EVERY and after in _WEEKEND_WORDS):
                mask |= WEEKENDS.mask
            elif word in _EVERY and _day_index(after, plural_only=False) is not None:
                mask |= _day_run(words, words.index(after, i))
            elif _day_index(word, plural_only=True) is not None:
                mask |= _day_run(words, i)
        mask &= ~_excepted(words)
        return cls(mask) if mask else None

    @property
    def days(self) -> tuple[int, ...]:
        return tuple(d for d in range(7) if self.mask >> d & 1)

    def includes(self, day: dt.date) -> bool:
        return bool(self.mask >> day.weekday() & 1)

    def next_occurrence(self, at: dt.time, now: dt.datetime) -> dt.datetime:
        """The first local wall-clock moment at ``at`` on one of the days, after ``now``."""
        for ahead in range(8):
            day = now.date() + dt.timedelta(days=ahead)
            candidate = dt.datetime.combine(day, at)
            if self.includes(day) and candidate > now:
                return candidate
        raise AssertionError("unreachable: a non-empty mask matches within 8 days")

    @property
    def kind(self) -> str:
        """ "daily", "weekdays", "weekends" or "days" (a list of named days)."""
        return {EVERY_DAY.mask: "daily", WEEKDAYS_ONLY.mask: "weekdays",
                WEEKENDS.mask: "weekends"}.get(self.mask, "days")  # fmt: skip

    def describe(self) -> str:
        """Plain English for screens and cards: "every day", "weekdays", "Mondays and Fridays"."""
        if self.kind == "daily":
            return "every day"
        if self.kind != "days":
            return self.kind
        names = [WEEKDAYS[d].capitalize() + "s" for d in self.days]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


EVERY_DAY = Repeat(0b1111111)
WEEKDAYS_ONLY = Repeat(0b0011111)
WEEKENDS = Repeat(0b1100000)


def spoken_repeat(replies: Replies, repeat: Repeat) -> str:
    """The repeat as the reply templates say it: "on weekdays", "on Mondays and Wednesdays"."""
    if repeat.kind != "days":
        return replies.fragment(f"alarm.repeat.{repeat.kind}")
    names = [replies.fragment(f"alarm.repeat.day_{d}") for d in repeat.days]
    return replies.fragment("alarm.repeat.days", days=join(replies, names))


def next_day(replies: Replies, moment: dt.datetime, now: dt.datetime) -> str:
    """ "today", "tomorrow" or the weekday name of ``moment`` (at most a week ahead)."""
    ahead = (moment.date() - now.date()).days
    if ahead in (0, 1):
        return replies.fragment("alarm.repeat.today" if ahead == 0 else "alarm.repeat.tomorrow")
    return replies.fragment(f"date.weekday_{moment.weekday()}")
