"""Two clock questions the grammar reads (:mod:`pipelines.language.date_rules`): "how long
until 5pm" (the time left until the next such clock time) and "is it a leap year"."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..core.intent import Intent
from .base import Response, SkillContext
from .speech import time_left

_SAID_HALF_OF_DAY = re.compile(
    r"\b(?:am|pm|a\.m|p\.m|noon|midday|midnight|morning|afternoon|evening|tonight)\b|"
    r"\b\d{1,2}:\d{2}\b|\b(?:1[3-9]|2[0-3])\b"
)
"""Whether the words fix the half of the day ("5pm", "17:00", "noon"); "until half past six"
does not, so the nearer of 6:30 and 18:30 is meant."""


def next_clock_time(hm: str, now: dt.datetime, *, either_half: bool) -> dt.datetime:
    """The next moment the clock shows ``hm`` ("17:00") after ``now``; with ``either_half``
    the nearer of ``hm`` and twelve hours later."""
    hour, minute = (int(p) for p in hm.split(":"))
    hours = [hour] if not either_half or hour >= 12 else [hour, hour + 12]
    candidates = []
    for h in hours:
        moment = now.replace(hour=h, minute=minute, second=0, microsecond=0)
        candidates.append(moment if moment > now else moment + dt.timedelta(days=1))
    return min(candidates)


def until_time(intent: Intent, ctx: SkillContext, now: dt.datetime) -> Response:
    said = str(intent.raw_slots.get("time") or intent.slot("time"))
    either = not _SAID_HALF_OF_DAY.search(said.lower())
    moment = next_clock_time(str(intent.slot("time")), now, either_half=either)
    day = "" if moment.date() == now.date() else ctx.say("clock.until_tomorrow")
    text = ctx.say(
        "clock.until_time",
        span=time_left(ctx.replies, (moment - now).total_seconds()),
        time=moment.strftime("%H:%M"),
        day=day,
    )
    card = {"type": "time", "iso": moment.isoformat(timespec="minutes")}
    return Response(text, intent=intent.name, action="time_told", card=card)


def leap_year(intent: Intent, ctx: SkillContext, today: dt.date) -> Response:
    year = int(intent.slot("leap_year"))
    following = next(y for y in range(year + 1, year + 9) if calendar.isleap(y))
    if "next" in intent.text.lower() and "year be" not in intent.text.lower():
        key = "clock.leap_next"
    else:
        key = "clock.leap_yes" if calendar.isleap(year) else "clock.leap_no"
        if year < today.year:
            key += "_past"
    text = ctx.say(key, year=year, next=following)
    return Response(text, intent=intent.name, action="date_told", card={"type": "date"})
