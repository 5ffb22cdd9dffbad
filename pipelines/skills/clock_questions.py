"""Two clock questions the grammar reads (:mod:`pipelines.language.date_rules`): "how long
until 5pm" (the time left until the next such clock time) and "is it a leap year"."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..core.intent import Intent
from .base import Response, SkillContext
from .speech import duration, month, spoken_date, time_left, weeks_and_days

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


def time_after(intent: Intent, ctx: SkillContext, now: dt.datetime) -> Response:
    """ "what time will it be in 45 minutes": the clock time then (and the day, if not today)."""
    seconds = float(intent.slot("time_after"))
    moment = now + dt.timedelta(seconds=seconds)
    days = (moment.date() - now.date()).days
    day = "" if days == 0 else ctx.say("clock.until_tomorrow") if days == 1 else ""
    if days > 1:
        day = f" on {spoken_date(ctx.replies, moment.date())}"
    span = intent.raw_slots.get("time_after") or duration(ctx.replies, seconds)
    text = ctx.say("clock.time_after", span=span, time=moment.strftime("%H:%M"), day=day)
    card = {"type": "time", "iso": moment.isoformat(timespec="minutes")}
    return Response(text, intent=intent.name, action="time_told", card=card)


def leap_year(intent: Intent, ctx: SkillContext, today: dt.date) -> Response:
    year = int(intent.slot("leap_year"))
    following = next(y for y in range(year + 1, year + 9) if calendar.isleap(y))
    if "next leap year" in intent.text.lower():
        key = "clock.leap_next"
    else:
        key = "clock.leap_yes" if calendar.isleap(year) else "clock.leap_no"
        if year < today.year:
            key += "_past"
    text = ctx.say(key, year=year, next=following)
    return Response(text, intent=intent.name, action="date_told", card={"type": "date"})


def days_between(intent: Intent, ctx: SkillContext) -> Response:
    first = dt.date.fromisoformat(str(intent.slot("from_date")))
    second = dt.date.fromisoformat(str(intent.slot("date")))
    days = abs((second - first).days)
    span = (
        weeks_and_days(ctx.replies, days)
        if "week" in intent.text.lower() and days >= 7
        else ctx.replies.fragment(f"duration.day_{'one' if days == 1 else 'other'}", n=days)
    )
    early, late = min(first, second), max(first, second)
    year = f" {late.year}" if late.year != early.year else ""
    text = ctx.say(
        "clock.between", span=span, first=spoken_date(ctx.replies, early),
        second=spoken_date(ctx.replies, late) + year,
    )  # fmt: skip
    return Response(text, intent=intent.name, action="date_told", card={"type": "date"})


def month_length(intent: Intent, ctx: SkillContext) -> Response:
    year, number = (int(p) for p in str(intent.slot("month_days")).split("-"))
    first = dt.date(year, number, 1)
    days = calendar.monthrange(year, number)[1]
    text = ctx.say("clock.month_length", month=month(ctx.replies, first), year=year, days=days)
    return Response(text, intent=intent.name, action="date_told", card={"type": "date"})


def year_length(intent: Intent, ctx: SkillContext, today: dt.date) -> Response:
    """ "how many days in a year" (365, a leap year 366, and this year's) or in a given year."""
    said = str(intent.slot("year_days"))
    if said == "leap":
        return Response(ctx.say("clock.span_leap_year"), intent=intent.name, action="date_told")
    year = today.year if said == "any" else int(said)
    days = 366 if calendar.isleap(year) else 365
    key = "clock.year_length_any" if said == "any" else "clock.year_length"
    text = ctx.say(key, year=year, days=days)
    return Response(text, intent=intent.name, action="date_told", card={"type": "date"})


_SPAN_SECONDS = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
    "fortnight": 1209600, "month": 2629746, "year": 31556952, "decade": 315569520,
    "century": 3155695200,
}  # fmt: skip
"""A month and a year as their Gregorian averages (30.44 and 365.2425 days)."""


def span_count(intent: Intent, ctx: SkillContext) -> Response:
    """ "how many minutes in a day": exact for fixed spans, "about" for months and years."""
    count, source, target = str(intent.slot("time_units")).split("|")
    amount = float(count)
    if {source, target} <= {"day", "month"} or (source == "year" and target in ("day", "month")):
        key = f"clock.span_{source}_{target}" if amount == 1 else ""
        if key and ctx.replies.has(key):  # "a month has 28 to 31 days", "a year has 12 months"
            return Response(ctx.say(key), intent=intent.name, action="date_told")
    value = amount * _SPAN_SECONDS[source] / _SPAN_SECONDS[target]
    long_spans = {"month", "year", "decade", "century"}
    fixed = not ({source, target} & long_spans) or {source, target} <= {"year", "decade", "century"}
    shown = f"{value:,.0f}" if value == round(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    text = ctx.say(
        "clock.span_count" if fixed else "clock.span_count_about", count=count.removesuffix(".0"),
        source=_spoken_span(ctx, source, amount, count.removesuffix(".0")),
        value=shown, target=f"{target}s" if value != 1 else target,
    )  # fmt: skip
    return Response(text, intent=intent.name, action="date_told", card={"type": "date"})


def _spoken_span(ctx: SkillContext, span: str, amount: float, count: str) -> str:
    """ "a day", "an hour", "half an hour", "3 hours"."""
    article = "an" if span == "hour" else "a"
    if amount in (0.5, 1):
        return f"{'half ' if amount == 0.5 else ''}{article} {span}"
    return ctx.replies.fragment(f"duration.{span}_other", n=count)
