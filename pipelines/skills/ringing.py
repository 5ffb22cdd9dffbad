"""Mention ringing reminders in answers when no reminder service is running in this process.

``homebody ask`` is one short process per question: nothing rings in the background. So that
a timer that ended while Homebody was closed (or between two questions) is still reported,
every answer gets "By the way, the pasta timer went off at 14:02." until someone says "stop".
When the GUI or ``homebody listen`` runs the reminder service, that service announces instead.
"""

from __future__ import annotations

import datetime as dt

from .alarm_store import AlarmStore
from .base import SkillContext
from .reminder_store import ReminderStore
from .reminders import SERVICE_NAME
from .speech import clock, join
from .timer_store import TimerStore

SKIP_PREFIXES = ("timer_", "alarm_")
SKIP_INTENTS = frozenset({"stop", "affirm", "deny"})


def ringing_note(ctx: SkillContext, intent_name: str) -> str | None:
    """The sentence to add to the answer of ``intent_name``, or None."""
    app = ctx.app
    if SERVICE_NAME in app.services or intent_name in SKIP_INTENTS:
        return None
    if intent_name.startswith(SKIP_PREFIXES):
        return None  # the timer and alarm skills report ringing ones themselves
    timers = TimerStore(app.db, ctx.clock, ledger=app.ledger)
    alarms = AlarmStore(app.db, ctx.clock, ledger=app.ledger)
    timers.expire_due()
    alarms.expire_due()
    items = [
        ctx.phrase(
            "notice.note_timer",
            label=ctx.phrase("timer.label_named", name=t.name)
            if t.name
            else ctx.phrase("timer.short_unnamed_timer"),
            time=clock(dt.datetime.fromtimestamp(t.deadline)),
        )
        for t in timers.ringing()
    ]
    items += [ctx.phrase("notice.note_alarm", time=a.time_hm) for a in alarms.ringing()]
    reminders = ReminderStore(app.db, ctx.clock, ledger=app.ledger)
    reminders.expire_due()
    items += [ctx.phrase("notice.note_reminder", task=r.text) for r in reminders.ringing()]
    if not items:
        return None
    ctx.conversation["ringing_noted"] = True
    return ctx.say("notice.by_the_way", items=join(ctx.replies, items))


ACKNOWLEDGE = frozenset({"affirm", "deny", "smalltalk", "stop"})
"""Said right after a "By the way, ... went off" note, these clear what was noted."""


def dismiss_all(ctx: SkillContext) -> int:
    """Silence every ringing timer, alarm and reminder (they are deleted); how many."""
    app = ctx.app
    stores = (
        TimerStore(app.db, ctx.clock, ledger=app.ledger),
        AlarmStore(app.db, ctx.clock, ledger=app.ledger),
        ReminderStore(app.db, ctx.clock, ledger=app.ledger),
    )
    return sum(len(store.dismiss_ringing()) for store in stores)
