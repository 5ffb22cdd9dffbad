"""What time is it, what's the date (today, tomorrow, a weekday or a calendar date)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from ..core.intent import Intent
from .alarm_store import WEEKDAYS
from .base import Response, Skill, SkillContext
from .speech import spoken_date


class ClockSkill(Skill):
    name = "clock"
    intents: ClassVar[frozenset[str]] = frozenset({"time_query", "date_query"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        now = dt.datetime.fromtimestamp(ctx.clock())
        if intent.name == "time_query":
            return Response(
                ctx.say("clock.time", time=now.strftime("%H:%M")), intent=intent.name,
                action="time_told", card={"type": "time", "iso": now.isoformat(timespec="minutes")},
            )  # fmt: skip
        asked = str(intent.slot("date") or "today").lower()
        today = now.date()
        if asked == "today":
            day, key = today, "clock.today"
        elif asked == "tomorrow":
            day, key = today + dt.timedelta(days=1), "clock.tomorrow"
        elif asked in WEEKDAYS:
            ahead = (WEEKDAYS.index(asked) - today.weekday()) % 7 or 7
            day, key = today + dt.timedelta(days=ahead), "clock.next_weekday"
        else:
            try:
                day, key = dt.date.fromisoformat(asked), "clock.on_date"
            except ValueError:
                day, key = today, "clock.today"
        text = ctx.say(key, date=spoken_date(ctx.replies, day), year=day.year)
        return Response(
            text, intent=intent.name, action="date_told",
            card={"type": "date", "iso": day.isoformat()},
        )  # fmt: skip


SKILLS = (ClockSkill,)
