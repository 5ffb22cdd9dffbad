"""Reminders by voice: "remind me to call mum at 5pm / in 20 minutes / tomorrow morning",
"what reminders do I have", "cancel the dentist reminder". They ring like alarms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import ClassVar

from ..core.errors import InputError
from ..core.intent import Intent
from ..language.dates import resolve_day
from .alarm_store import AlarmInPastError, impossible_time, resolve_moment
from .amend import is_change
from .base import Response, Skill, SkillContext
from .reminder_store import Reminder, ReminderStore
from .speech import join, join_or, when

_REPEATING = re.compile(
    r"\b(?:every (?:single )?(?:day|morning|evening|night|week|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|daily|weekdays|each (?:day|morning)|repeating)\b",
    re.IGNORECASE,
)


_PLACE = re.compile(
    r"\b(?:when|once|as soon as) (?:i|we)(?:'m| am| are)? (?:get|gets|arrive|reach|go|leave|am at|"
    r"'m at|are at|get back|get home|get in)\b.*$"
)
"""A reminder by place ("when I get to the shop"): Homebody has no location, only a clock."""
_MOVE = re.compile(
    r"\b(?:move|change|reschedule|push|shift|put off|postpone|bring forward)(?: back| forward)? "
    r"(?:my|the|our|that) (?P<which>[a-z' ]+?) reminder (?:to|for|till|until|at|on)\b"
)
"""Moving a reminder said in full: "move the dentist reminder to 11"."""


class ReminderSkill(Skill):
    name = "reminders"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"reminder_set", "reminder_query", "reminder_cancel"}
    )

    def setup(self, ctx: SkillContext) -> None:
        self.store = ReminderStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        if intent.name == "reminder_set":
            return self._set(intent, ctx)
        if intent.name == "reminder_query":
            return self._query(intent, ctx)
        return self._cancel(intent, ctx)

    def _when(self, ctx: SkillContext, reminder: Reminder) -> str:
        now = dt.datetime.fromtimestamp(ctx.clock())
        return when(ctx.replies, dt.datetime.fromtimestamp(reminder.fire_at), now)

    def _set(self, intent: Intent, ctx: SkillContext) -> Response:
        task = str(intent.slot("name") or "").strip()
        changing = self._changing(intent, ctx)  # "make it 5pm": the reminder just set
        if changing is not None and (not task or _MOVE.search(intent.text.lower())):
            task = changing.text  # "move the dentist reminder to 11": its task, not "dentist"
            if intent.slot("date") is None and intent.slot("duration") is None:
                day = dt.datetime.fromtimestamp(changing.fire_at).date()  # its day is kept
                intent = dataclasses.replace(
                    intent, slots={**intent.slots, "date": day.isoformat()}
                )
        if _REPEATING.search(intent.text):  # a series is not stored as a one-off by mistake
            return self._refuse(intent, ctx, "reminder.no_repeat")
        if not task:
            return ctx.ask_for_slot(intent, "name", "reminder.ask_what")
        after, time_hm, date = intent.slot("duration"), intent.slot("time"), intent.slot("date")
        now = dt.datetime.fromtimestamp(ctx.clock())
        if after is not None:
            if not isinstance(after, int | float) or after <= 0:
                return self._refuse(
                    intent, ctx, "reminder.bad_delay", delay=intent.raw_slots.get("duration", after)
                )
            moment = now + dt.timedelta(seconds=float(after))
        elif isinstance(time_hm, str) and impossible_time(time_hm):  # "25:00", "7:75"
            return self._refuse(intent, ctx, "reminder.bad_time", time=time_hm)
        elif time_hm is not None or date is not None:
            past = resolve_day(str(date), now.date()) if date is not None else None
            if past is not None and past < now.date():  # "remind me yesterday at 5pm"
                return self._refuse(
                    intent, ctx, "reminder.past_day", day=intent.raw_slots.get("date") or date
                )
            try:
                moment = resolve_moment(str(time_hm or "09:00"), str(date) if date else None, now)
            except AlarmInPastError:
                return self._refuse(intent, ctx, "reminder.in_past", time=time_hm)
            except InputError:
                said = intent.raw_slots.get("time") or time_hm
                return self._refuse(intent, ctx, "reminder.bad_time", time=said)
        else:
            place = _PLACE.search(task)
            if place:  # "when I get to the shop": a time is all a reminder can wait for
                task = task[: place.start()].strip()
                held = dataclasses.replace(intent, slots={**intent.slots, "name": task})
                return ctx.ask_for_slot(held, "time", "reminder.ask_when_place", task=task)
            return ctx.ask_for_slot(intent, "time", "reminder.ask_when", task=task)
        try:
            reminder = self.store.add(task, moment.timestamp())
        except InputError as exc:
            return Response(exc.message, intent=intent.name, success=False, action="none")
        ctx.conversation["last_reminder_id"] = reminder.id
        if changing is not None:
            self.store.cancel(changing.id)  # after the new one is stored: never none at all
            return Response(
                ctx.say("reminder.changed", task=task, when=self._when(ctx, reminder)),
                intent=intent.name, action="reminder_changed",
                card={"type": "reminder", "reminder": reminder.to_dict()},
            )  # fmt: skip
        return Response(
            ctx.say("reminder.set", task=task, when=self._when(ctx, reminder)),
            intent=intent.name, action="reminder_set",
            card={"type": "reminder", "reminder": reminder.to_dict()},
        )  # fmt: skip

    def _changing(self, intent: Intent, ctx: SkillContext) -> Reminder | None:
        """The reminder "make it 5pm" / "change it to tomorrow" / "move the dentist reminder
        to 11" is about, if any."""
        upcoming = self.store.upcoming()
        moved = _MOVE.search(" ".join(intent.text.lower().split()))
        if moved:  # the reminder whose task has the words said, when one alone has them
            words = set(moved.group("which").split()) - {"the", "my", "a", "an"}
            fits = [r for r in upcoming if words and words <= set(r.text.lower().split())]
            if len(fits) == 1:
                return fits[0]
        if not is_change(intent.text) and not moved:
            return None
        last = ctx.conversation.get("last_reminder_id")
        return next((r for r in upcoming if r.id == last), None)

    @staticmethod
    def _refuse(intent: Intent, ctx: SkillContext, key: str, **values: object) -> Response:
        return Response(ctx.say(key, **values), intent=intent.name, success=False, action="none")

    def _query(self, intent: Intent, ctx: SkillContext) -> Response:
        reminders = self.store.upcoming()
        day = intent.slot("date")
        if day:
            try:
                wanted = resolve_moment("23:59", str(day), dt.datetime.fromtimestamp(ctx.clock()))
                reminders = [
                    r for r in reminders
                    if dt.datetime.fromtimestamp(r.fire_at).date() == wanted.date()
                ]  # fmt: skip
            except InputError:
                pass
        if not reminders:
            return ctx.reply(intent, "reminder.none", action="reminder_query")
        items = [
            ctx.phrase("reminder.item", task=r.text, when=self._when(ctx, r)) for r in reminders
        ]
        key = "reminder.one" if len(items) == 1 else "reminder.many"
        return Response(
            ctx.say(key, count=len(items), items=join(ctx.replies, items)),
            intent=intent.name, action="reminder_query",
            card={"type": "reminders", "reminders": [r.to_dict() for r in reminders]},
        )  # fmt: skip

    def _cancel(self, intent: Intent, ctx: SkillContext) -> Response:
        upcoming = self.store.upcoming()
        if not upcoming:
            return self._refuse(intent, ctx, "reminder.none")
        name = str(intent.slot("name") or "").strip()
        if not name:
            if len(upcoming) > 1 and not ctx.confirmed:
                return ctx.ask_confirmation(
                    intent, "reminder.confirm_cancel_all", count=len(upcoming)
                )
            count = self.store.cancel_all()
            return ctx.reply(
                intent, "reminder.cancelled_all", action="reminders_cancelled", count=count
            )
        targets = self.store.matching(name)
        if not targets:
            return self._refuse(intent, ctx, "reminder.no_such", task=name)
        if len(targets) > 1:
            options = join_or(ctx.replies, [f"{r.text} ({self._when(ctx, r)})" for r in targets])
            return ctx.ask_for_slot(intent, "name", "reminder.which", options=options)
        self.store.cancel(targets[0].id)
        return ctx.reply(
            intent, "reminder.cancelled", action="reminder_cancelled", task=targets[0].text
        )


SKILLS = (ReminderSkill,)
