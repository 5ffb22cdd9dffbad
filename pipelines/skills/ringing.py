"""Mention ringing reminders in answers when no reminder service is running in this process.

``homebody ask`` is one short process per question: nothing rings in the background. So that
a timer that ended while Homebody was closed (or between two questions) is still reported,
every answer gets "By the way, the pasta timer went off at 14:02." until someone says "stop".
When the GUI or ``homebody listen`` runs the reminder service, that service announces instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .alarm_store import Alarm, AlarmStore
from .base import SkillContext
from .reminder_store import ReminderStore
from .reminders import SERVICE_NAME
from .speech import clock, join
from .timer_store import Timer, TimerStore

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
    items = went_off(ctx, timers.ringing(), alarms.ringing())
    reminders = ReminderStore(app.db, ctx.clock, ledger=app.ledger)
    reminders.expire_due()
    tasks = dict.fromkeys(r.text for r in reminders.ringing())
    items += [ctx.phrase("notice.note_reminder", task=task) for task in tasks]
    if not items:
        return None
    ctx.conversation["ringing_noted"] = True
    return ctx.say("notice.by_the_way", items=join(ctx.replies, items))


def went_off(ctx: SkillContext, timers: list[Timer], alarms: list[Alarm]) -> list[str]:
    """What rang, as short as stays clear: up to two different ones each with its time
    ("the pasta timer went off at 10:01"); more, or repeats, grouped into one clause
    ("2 timers and your 07:00 alarm went off", "your 07:00 alarm went off 3 times")."""
    groups: Counter[tuple[str, str]] = Counter(
        [("timer", t.name or "") for t in timers] + [("alarm", a.time_hm) for a in alarms]
    )
    if len(timers) + len(alarms) <= 2 and all(n == 1 for n in groups.values()):
        return [
            ctx.phrase("notice.note_timer", label=_timer(ctx, t.name, 1),
                       time=clock(dt.datetime.fromtimestamp(t.deadline)))
            for t in timers
        ] + [ctx.phrase("notice.note_alarm", time=a.time_hm) for a in alarms]  # fmt: skip
    subjects = [
        _timer(ctx, key, count) if kind == "timer" else ctx.phrase("notice.alarm_subject", time=key)
        for (kind, key), count in groups.items()
    ]
    ((kind, key), count), *others = groups.items()
    if not others and count > 1 and (kind, key) != ("timer", ""):  # "2 timers" says it
        return [ctx.phrase("notice.went_off_times", subjects=subjects[0], count=count)]
    return [ctx.phrase("notice.went_off", subjects=join(ctx.replies, subjects))]


def _timer(ctx: SkillContext, name: str | None, count: int) -> str:
    if name:
        return ctx.phrase("timer.label_named", name=name)
    if count == 1:
        return ctx.phrase("timer.short_unnamed_timer")
    return ctx.phrase("notice.timers", count=count)


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
