"""Alarms by voice: set for a time (today, tomorrow, a weekday, a date), list, cancel.

Repeating alarms ("weekdays", "every day", "on mondays and wednesdays"): the repeat is read
from the sentence itself as well as from the date slot, because the intent model tags
"weekdays" as a date but not "every day" or "every morning", and tags only "monday" in
"every monday" / "on mondays and wednesdays". An explicit one-off date (today, tomorrow, a
calendar date) wins over a repeat phrase elsewhere in the sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, ClassVar

from ..core.errors import InputError
from ..core.intent import Intent
from .alarm_move import read_move
from .alarm_repeat import WEEKDAYS, Repeat, next_day, spoken_repeat
from .alarm_store import (
    Alarm,
    AlarmInPastError,
    AlarmStore,
    clock_time,
    impossible_time,
    resolve_moment,
)
from .amend import is_change
from .base import Response, Skill, SkillContext
from .speech import duration, join, join_or, when

_ALL = re.compile(r"\b(?:all|every|everything)\b", re.IGNORECASE)
_HOW_LONG = re.compile(
    r"\b(?:how long|how much (?:time|longer|sleep)|how many (?:hours|minutes)|time left|"
    r"until|till|before)\b",
    re.IGNORECASE,
)
_THAT_ONE = re.compile(r"\b(?:it|that|that one|this one|the one i just set|the last one)\b", re.I)
_TIMER_WORDS = re.compile(r"\b(?:timers?|countdown|count down)\b", re.IGNORECASE)
SNOOZE_DEFAULT_S = 9 * 60
SNOOZE_MAX_S = 2 * 3600


class AlarmSkill(Skill):
    name = "alarms"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"alarm_set", "alarm_query", "alarm_cancel", "alarm_snooze"}
    )

    def setup(self, ctx: SkillContext) -> None:
        self.store = AlarmStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)

    def _when(self, ctx: SkillContext, alarm: Alarm) -> str:
        if alarm.repeat is not None:  # "at 07:00 on weekdays"
            return ctx.replies.fragment(
                "alarm.repeat.when",
                time=alarm.time_hm,
                repeat=spoken_repeat(ctx.replies, alarm.repeat),
            )
        return when(ctx.replies, dt.datetime.fromtimestamp(alarm.fire_at), self.store.now())

    def reinterpret(self, intent: Intent, ctx: SkillContext) -> Intent | None:
        """While an alarm rings, "okay just four minutes more" read as a timer means snooze:
        a ``timer_start`` that never says "timer" becomes ``alarm_snooze`` (its duration kept)."""
        if intent.name != "timer_start" or _TIMER_WORDS.search(intent.text):
            return None
        if not hasattr(self, "store"):
            self.setup(ctx)
        self.store.expire_due()
        if not self.store.ringing():
            return None
        seconds = intent.slot("duration")
        slots = {"duration": seconds} if seconds is not None else {}
        raw = {k: v for k, v in intent.raw_slots.items() if k == "duration"}
        return dataclasses.replace(intent, name="alarm_snooze", slots=slots, raw_slots=raw)

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        if intent.name == "alarm_set":
            return self._set(intent, ctx)
        if intent.name == "alarm_query":
            return self._query(intent, ctx)
        if intent.name == "alarm_snooze":
            return self._snooze(intent, ctx)
        return self._cancel(intent, ctx)

    def _snooze(self, intent: Intent, ctx: SkillContext) -> Response:
        """Silence the ringing alarm and ring again in ``duration`` (default 9 minutes)."""
        seconds = intent.slot("duration", SNOOZE_DEFAULT_S)
        if not isinstance(seconds, int | float) or not 0 < seconds <= SNOOZE_MAX_S:
            return Response(
                ctx.say("alarm.bad_snooze", said=intent.raw_slots.get("duration", seconds)),
                intent=intent.name, success=False, action="none",
            )  # fmt: skip
        self.store.expire_due()
        ringing = self.store.ringing()
        if not ringing:
            return Response(ctx.say("alarm.nothing_to_snooze"), intent=intent.name, success=False)
        self.store.dismiss_ringing()
        moment = self.store.now() + dt.timedelta(seconds=float(seconds))
        alarm = self.store.set(
            moment.strftime("%H:%M"), moment.date().isoformat(), ringing[0].label
        )
        ctx.conversation["last_alarm_id"] = alarm.id
        return Response(
            ctx.say("alarm.snoozed", duration=duration(ctx.replies, float(seconds)),
                    time=alarm.time_hm),
            intent=intent.name, action="alarm_snoozed",
            card={"type": "alarm", "alarm": alarm.to_dict()},
        )  # fmt: skip

    def _set(self, intent: Intent, ctx: SkillContext) -> Response:
        time_hm, date = intent.slot("time"), intent.slot("date")
        after = intent.slot("duration")
        if time_hm is None and isinstance(after, int) and after > 0:  # "wake me in 8 hours"
            moment = self.store.now() + dt.timedelta(seconds=after + 59)
            time_hm, date = moment.strftime("%H:%M"), moment.date().isoformat()
        if isinstance(time_hm, str) and impossible_time(time_hm):  # "7:75", "25:00"
            return Response(
                ctx.say("alarm.bad_time", time=time_hm), intent=intent.name, success=False,
                action="none",
            )  # fmt: skip
        if _INTERVAL.search(intent.text.lower()):  # a series the weekday mask can't hold
            return Response(
                ctx.say("alarm.no_interval"), intent=intent.name, success=False, action="none"
            )
        if not isinstance(time_hm, str) or not re.fullmatch(r"\d{1,2}:\d{2}", time_hm):
            return ctx.ask_for_slot(intent, "time", "alarm.ask_time")
        label = intent.slot("name")
        move = read_move(
            intent.text, self.store.upcoming(), ctx.conversation.get("last_alarm_id"),
            lambda day: self.store.matching(None, day),
        )  # fmt: skip
        changing = move.alarm if move else self._changing(intent, ctx)  # replace, not add
        if move is not None and move.new_time:
            time_hm = move.new_time  # "change the 9 o'clock alarm to 10": the time after "to"
        if move is not None and changing is None and move.candidates:
            alarms = move.candidates  # "move my alarm to 7" with several: not guessed
            return Response(
                ctx.say("alarm.which_to_move", count=len(alarms), time=time_hm,
                        options=join(ctx.replies, [self._when(ctx, a) for a in alarms]),
                        first=alarms[0].time_hm),
                intent=intent.name, success=False, action="none",
            )  # fmt: skip
        if changing is not None:
            label = label or changing.label
        day = str(date) if date else None
        repeat = _repeat(intent.text, day)
        if changing is not None and day is None and repeat is None:  # only the time changes:
            repeat = changing.repeat  # a series stays a series, a one-off keeps its day
            kept = dt.datetime.fromtimestamp(changing.fire_at).date()
            if repeat is None and kept != self.store.now().date():  # today's: the next one
                day = kept.isoformat()
        same = None if changing is not None else self._same_alarm(time_hm, day, label, repeat)
        if same is not None:  # asked twice: one alarm, not two ringing together
            ctx.conversation["last_alarm_id"] = same.id
            return ctx.reply(intent, "alarm.already_set", action="none", when=self._when(ctx, same))
        try:
            alarm = self.store.set(time_hm, None if repeat else day, label, repeat)
        except AlarmInPastError:
            return Response(
                ctx.say("alarm.in_past", time=time_hm), intent=intent.name, success=False,
                action="none",
            )  # fmt: skip
        ctx.conversation["last_alarm_id"] = alarm.id
        if changing is not None:
            self.store.cancel(changing.id)  # after the new one is stored: never none at all
            return Response(
                ctx.say("alarm.changed", when=self._when(ctx, alarm)), intent=intent.name,
                action="alarm_changed", card={"type": "alarm", "alarm": alarm.to_dict()},
            )  # fmt: skip
        if alarm.repeat is not None:
            now, moment = self.store.now(), dt.datetime.fromtimestamp(alarm.fire_at)
            return Response(
                ctx.say("alarm.set_repeating", time=alarm.time_hm,
                        repeat=spoken_repeat(ctx.replies, alarm.repeat),
                        next=next_day(ctx.replies, moment, now)),
                intent=intent.name, action="alarm_set",
                card={"type": "alarm", "alarm": alarm.to_dict()},
            )  # fmt: skip
        return Response(
            ctx.say("alarm.set", when=self._when(ctx, alarm)), intent=intent.name,
            action="alarm_set", card={"type": "alarm", "alarm": alarm.to_dict()},
        )  # fmt: skip

    def _same_alarm(
        self, time_hm: str, day: str | None, label: Any, repeat: Repeat | None
    ) -> Alarm | None:
        """An upcoming alarm that rings exactly when the one asked for would, if any."""
        try:
            at = clock_time(time_hm)
            moment = (
                repeat.next_occurrence(at, self.store.now())
                if repeat is not None
                else resolve_moment(time_hm, day, self.store.now())
            )
        except (AlarmInPastError, InputError):
            return None
        for alarm in self.store.upcoming():
            same_series = alarm.repeat == repeat
            same_name = (alarm.label or None) == (label or None)
            if same_series and same_name and abs(alarm.fire_at - moment.timestamp()) < 1:
                return alarm
        return None

    def _changing(self, intent: Intent, ctx: SkillContext) -> Alarm | None:
        """The alarm "make it 7:30" / "change it to tomorrow" is about, if any."""
        if not is_change(intent.text):
            return None
        last = ctx.conversation.get("last_alarm_id")
        return next((a for a in self.store.upcoming() if a.id == last), None)

    def _query(self, intent: Intent, ctx: SkillContext) -> Response:
        self.store.expire_due()
        alarms = self.store.matching(intent.slot("time"), intent.slot("date"))
        cards = [a.to_dict() for a in alarms]
        if not alarms:
            return Response(ctx.say("alarm.none"), intent=intent.name, action="alarm_query")
        moments = [self._when(ctx, a) for a in alarms]
        if _HOW_LONG.search(intent.text):  # "how long until my alarm": the time left
            left = max(0.0, alarms[0].fire_at - ctx.clock())
            return Response(
                ctx.say("alarm.time_left", when=moments[0], left=duration(ctx.replies, left)),
                intent=intent.name, action="alarm_query", card={"type": "alarms", "alarms": cards},
            )  # fmt: skip
        key = "alarm.one" if len(alarms) == 1 else "alarm.many"
        return Response(
            ctx.say(key, count=len(alarms), whens=join(ctx.replies, moments)),
            intent=intent.name, action="alarm_query", card={"type": "alarms", "alarms": cards},
        )  # fmt: skip

    def _cancel(self, intent: Intent, ctx: SkillContext) -> Response:
        ringing = self.store.ringing()
        upcoming = self.store.upcoming()
        if not upcoming and ringing:
            self.store.dismiss_ringing()
            return ctx.reply(intent, "alarm.silenced", action="alarm_silenced")
        if not upcoming:
            return Response(ctx.say("alarm.none"), intent=intent.name, success=False)
        time_hm, date = intent.slot("time"), intent.slot("date")
        if _ALL.search(intent.text) and not time_hm:
            if len(upcoming) > 1 and not ctx.confirmed:
                return ctx.ask_confirmation(intent, "alarm.confirm_cancel_all", count=len(upcoming))
            count = self.store.cancel_all()
            return ctx.reply(intent, "alarm.cancelled_all", action="alarms_cancelled", count=count)
        label = intent.slot("name")
        targets = self.store.matching(time_hm, date) if (time_hm or date) else upcoming
        if label:  # "cancel the gym alarm"
            targets = [a for a in targets if a.label and a.label.lower() == str(label).lower()]
        elif not (time_hm or date) and _THAT_ONE.search(intent.text):  # "cancel it"
            last = ctx.conversation.get("last_alarm_id")
            targets = [a for a in upcoming if a.id == last] or upcoming
        if not targets:
            return Response(
                ctx.say("alarm.no_such", time=label or time_hm or date), intent=intent.name,
                success=False, action="none",
            )  # fmt: skip
        if len(targets) > 1:
            options = join_or(ctx.replies, [self._when(ctx, a) for a in targets])
            return ctx.ask_for_slot(intent, "time", "alarm.which", options=options)
        alarm = targets[0]
        self.store.cancel(alarm.id)
        ctx.conversation.pop("last_alarm_id", None)
        return ctx.reply(
            intent, "alarm.cancelled", action="alarm_cancelled", when=self._when(ctx, alarm)
        )


_INTERVAL = re.compile(
    r"\b(?:every|each) (?:other|second|2nd|third|3rd|alternate|two|three|2|3) "
    r"(?:day|days|week|weeks|morning|mornings|night|nights|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b|\b(?:every )?fortnight(?:ly)?\b|\balternate days\b|\bbiweekly\b"
)
"""Series every n days or weeks ("every other day", "fortnightly"): an alarm repeats on
weekdays only, so these are refused with a clear reply rather than set once."""

_REPEAT_WORDS = frozenset(
    {"every", "each", "single", "day", "days", "daily", "morning", "mornings", "night",
     "nights", "evening", "weekday", "weekdays", "weekend", "weekends", "workday", "workdays"}
)  # fmt: skip
"""Words of a repeat phrase: a date slot made only of them is part of one the model cut
short ("every day" heard as the date "day")."""


def _repeat(text: str, date: str | None) -> Repeat | None:
    """The series the user asks for, or None for a one-off alarm."""
    said = Repeat.parse(text)
    if date and said is not None and set(date.lower().split()) <= _REPEAT_WORDS:
        return said  # "set an alarm for 7 every day": the model's date slot said only "day"
    if date and date not in WEEKDAYS and Repeat.parse(date) is None:
        return None  # "tomorrow", "2026-12-24": one alarm, whatever else the sentence says
    return said or Repeat.parse(date)


SKILLS = (AlarmSkill,)
