"""What time is it (here or anywhere), what's the date, and how many days until a day."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from ..core.intent import Intent
from ..language.dates import previous_day, resolve_day, year_before
from .base import Response, Skill, SkillContext
from .clock_questions import (
    days_between,
    leap_year,
    month_length,
    span_count,
    time_after,
    until_time,
    year_length,
)
from .speech import month, spoken_date, weeks_and_days
from .world_clock import tell_time_in

_BOTH = re.compile(r"\b(?:date and (?:the )?time|time and (?:the )?date|day and (?:the )?time)\b")
"""Asked for both ("what's the date and time"): the time and today's date in one answer."""
_COUNTING = re.compile(
    r"\bhow (?:many|long)\b.*?\b(?P<dir>until|till|til|to|before|since|after)\s+"
    r"(?P<day>.+?)[\s?.!]*$"
)
_SINCE = frozenset({"since", "after"})
_PART = re.compile(
    r"^(?:\w+ )?what (week|year|month)(?: number)? (?:is it|is this|are we in|is it now)\b"
)
_IN_WEEKS = re.compile(r"\bhow many (?:more )?weeks\b")
_PERSONAL = re.compile(r"\b(?:my|our|your|his|her|their)\b|\b\w+'s (?:birthday|anniversary)\b")


def _your(phrase: str) -> str:
    """ "my birthday" as Homebody says it back: "your birthday"."""
    swaps = {"my": "your", "our": "your", "your": "my"}
    return " ".join(swaps.get(w, w) for w in phrase.split())


class ClockSkill(Skill):
    name = "clock"
    intents: ClassVar[frozenset[str]] = frozenset({"time_query", "date_query"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        now = dt.datetime.fromtimestamp(ctx.clock())
        if intent.name == "time_query":
            if intent.slot("place"):
                return tell_time_in(intent, ctx)
            if intent.slot("time_after"):  # "what time will it be in 45 minutes"
                return time_after(intent, ctx, now)
            if intent.slot("time"):  # "how long until 5pm"
                return until_time(intent, ctx, now)
            hm = now.strftime("%H:%M")
            if _BOTH.search(intent.text.lower()):
                said = ctx.say(
                    "clock.time_and_date", time=hm, date=spoken_date(ctx.replies, now.date())
                )
            else:
                said = ctx.say("clock.time", time=hm)
            return Response(
                said, intent=intent.name,
                action="time_told", card={"type": "time", "iso": now.isoformat(timespec="minutes")},
            )  # fmt: skip
        today = now.date()
        if intent.slot("leap_year"):
            return leap_year(intent, ctx, today)
        if intent.slot("from_date"):  # "how many days between christmas and new year"
            return days_between(intent, ctx)
        if intent.slot("month_days"):  # "how many days in february"
            return month_length(intent, ctx)
        if intent.slot("time_units"):  # "how many minutes in a day"
            return span_count(intent, ctx)
        if intent.slot("year_days"):  # "how many days in a year"
            return year_length(intent, ctx, today)
        part = _PART.search(intent.text.lower())
        if part and not intent.slot("date"):  # "what week is it", "what year is it"
            return Response(
                ctx.say(f"clock.this_{part.group(1)}", week=today.isocalendar().week,
                        year=today.year, month=month(ctx.replies, today)),
                intent=intent.name, action="date_told",
                card={"type": "date", "iso": today.isoformat(), "days_from_today": 0},
            )  # fmt: skip
        counting = _COUNTING.search(intent.text.lower().replace("’", "'"))
        asked = str(intent.slot("date") or (counting and counting.group("day")) or "today").lower()
        if _PERSONAL.search(asked):  # "my birthday": a day only the user knows
            said = counting.group("day") if counting else asked
            return Response(
                ctx.say("clock.personal_day", day=_your(said)), intent=intent.name,
                success=False, action="none",
            )  # fmt: skip
        day = resolve_day(asked, today)
        raw = str(intent.raw_slots.get("date") or "")
        said_year = re.search(r"\b[12]\d{3}\b", f"{asked} {raw}")  # "since 1 january 2030"
        since = counting and counting.group("dir") in _SINCE
        if day is not None and day > today and since and not said_year:
            day = previous_day(asked, today) or year_before(day)  # "since new year": the last
        if day is None:
            said = str(intent.raw_slots.get("date") or asked)
            return Response(
                ctx.say("clock.unknown_day", day=said), intent=intent.name, success=False,
                action="none",
            )  # fmt: skip
        ahead = (day - today).days
        if ahead == 0:
            text = ctx.say("clock.today", date=spoken_date(ctx.replies, day))
        elif ahead == 1:
            text = ctx.say("clock.tomorrow", date=spoken_date(ctx.replies, day))
        elif ahead == -1:  # "how many days since yesterday": not "1 days ago"
            text = ctx.say("clock.yesterday", date=spoken_date(ctx.replies, day))
        else:
            year = f" {day.year}" if day.year != today.year else ""
            if _IN_WEEKS.search(intent.text.lower()) and abs(ahead) >= 7:
                key = "clock.weeks_ahead" if ahead > 0 else "clock.weeks_ago"
                text = ctx.say(key, date=spoken_date(ctx.replies, day), year=year,
                               span=weeks_and_days(ctx.replies, ahead))  # fmt: skip
            else:
                key = "clock.days_ahead" if ahead > 0 else "clock.days_ago"
                days = f"{abs(ahead):,}"  # "9,837 days ago"
                text = ctx.say(key, date=spoken_date(ctx.replies, day), year=year, days=days)
        return Response(
            text, intent=intent.name, action="date_told",
            card={"type": "date", "iso": day.isoformat(), "days_from_today": ahead},
        )  # fmt: skip


SKILLS = (ClockSkill,)
