"""What time is it (here or anywhere), what's the date, and how many days until a day."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from ..core.intent import Intent
from ..language.dates import resolve_day
from .base import Response, Skill, SkillContext
from .speech import spoken_date
from .world_clock import tell_time_in


class ClockSkill(Skill):
    name = "clock"
    intents: ClassVar[frozenset[str]] = frozenset({"time_query", "date_query"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        now = dt.datetime.fromtimestamp(ctx.clock())
        if intent.name == "time_query":
            if intent.slot("place"):
                return tell_time_in(intent, ctx)
            return Response(
                ctx.say("clock.time", time=now.strftime("%H:%M")), intent=intent.name,
                action="time_told", card={"type": "time", "iso": now.isoformat(timespec="minutes")},
            )  # fmt: skip
        asked = str(intent.slot("date") or "today").lower()
        today = now.date()
        day = resolve_day(asked, today)
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
        else:
            key = "clock.days_ahead" if ahead > 0 else "clock.days_ago"
            year = f" {day.year}" if day.year != today.year else ""
            text = ctx.say(key, date=spoken_date(ctx.replies, day), year=year, days=abs(ahead))
        return Response(
            text, intent=intent.name, action="date_told",
            card={"type": "date", "iso": day.isoformat(), "days_from_today": ahead},
        )  # fmt: skip


SKILLS = (ClockSkill,)
