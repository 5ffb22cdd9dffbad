"""Timers by voice: start (named or not), cancel one or all, pause, resume, "how long left"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import ClassVar

from ..core.intent import Intent
from ..core.storage import Database
from ..language.numbers import words_to_numbers
from .alarm_store import AlarmStore
from .base import Response, Skill, SkillContext
from .speech import clock, duration, join, join_or, time_left
from .timer_extend import extend_timer
from .timer_store import MAX_SECONDS, PAUSED, Timer, TimerStore, normalise_name

_CHANGE = re.compile(
    r"^(?:no,? |actually,? |oh,? )*(?:make (?:it|that)|change (?:it|that|the timer)(?: to)?)\b"
)
_AMOUNT = re.compile(r"\d|\b(?:a|an|half|quarter|couple|few)\b")
_NEGATIVE = re.compile(r"\bminus\b|\bnegative\b|-(?=\s*\d)")
_PLURAL = re.compile(r"\btimers\b")
_ALL = re.compile(r"\b(?:all|every|everything)\b", re.IGNORECASE)
_SNOOZE_WORDS = re.compile(r"\b(?:snooze|snoozing|alarm|alarms|sleep|wake)\b", re.IGNORECASE)


def _label(ctx: SkillContext, timer: Timer) -> str:
    if timer.name:
        return ctx.phrase("timer.label_named", name=timer.name)
    return ctx.phrase("timer.label_unnamed", duration=duration(ctx.replies, timer.duration_s))


def _short(ctx: SkillContext, timer: Timer) -> str:
    """The name, or "the one for 10 minutes" (for "Which timer: pasta or ...?")."""
    if timer.name:
        return timer.name
    return ctx.phrase("timer.short_unnamed", duration=duration(ctx.replies, timer.duration_s))


class TimerSkill(Skill):
    name = "timers"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"timer_start", "timer_cancel", "timer_pause", "timer_resume", "timer_status"}
    )

    def setup(self, ctx: SkillContext) -> None:
        self.store = TimerStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)

    def reinterpret(self, intent: Intent, ctx: SkillContext) -> Intent | None:
        """With no alarm ringing, "and another one for five minutes" read as a snooze is a new
        timer: an ``alarm_snooze`` with a duration that never says snooze/alarm becomes
        ``timer_start`` (the mirror of ``AlarmSkill.reinterpret``; nothing could be snoozed)."""
        if intent.name != "alarm_snooze" or intent.slot("duration") is None:
            return None
        if _SNOOZE_WORDS.search(intent.text):
            return None
        alarms = AlarmStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)
        alarms.expire_due()
        if alarms.ringing():
            return None
        return dataclasses.replace(intent, name="timer_start")

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        if intent.name == "timer_start":
            return self._start(intent, ctx)
        if intent.name == "timer_status":
            return self._status(intent, ctx)
        return self._change(intent, ctx)

    # -- start ------------------------------------------------------------------------------
    def _start(self, intent: Intent, ctx: SkillContext) -> Response:
        if intent.slot("timers"):  # "two timers, one for 5 and one for 10 minutes"
            return self._start_several(intent, ctx)
        seconds = intent.slot("duration")
        name = intent.slot("name")
        raw = intent.raw_slots.get("duration")
        if raw and not _AMOUNT.search(words_to_numbers(raw.lower())):  # "banana minutes"
            slots = {k: v for k, v in intent.slots.items() if k != "duration"}
            if name and f"{name} {raw}".lower() in intent.text.lower():
                slots.pop("name", None)  # "banana" was the length, not a name
            held = dataclasses.replace(intent, slots=slots, raw_slots={})
            return ctx.ask_for_slot(held, "duration", "timer.ask_duration")
        if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds <= 0:
            said = raw or duration(ctx.replies, abs(seconds))
            negative = _NEGATIVE.search(intent.text.lower())
            if negative and negative.group(0) not in said.lower():
                sign = negative.group(0)
                said = f"{sign}{said}" if sign == "-" else f"{sign} {said}"
            key = "timer.negative_duration" if negative else "timer.bad_duration"
            return Response(
                ctx.say(key, said=said), intent=intent.name, success=False, action="none",
            )  # fmt: skip
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            step = _recipe_step_timer(intent, ctx)
            if step is None:
                return ctx.ask_for_slot(intent, "duration", "timer.ask_duration")
            seconds, name = step
        if seconds > MAX_SECONDS:
            return Response(ctx.say("timer.too_long"), intent=intent.name, success=False)
        extended = extend_timer(intent, ctx, self.store, _label)
        if extended is not None:  # "add 5 minutes to the pasta timer": that one runs longer
            return extended
        changed = self._changing(intent, ctx)
        if changed is not None:  # "make it 10 minutes": the timer just set, not a second one
            self.store.cancel(changed.id)
            name = name or changed.name
        timer = self.store.start(int(seconds), str(name) if name else None)
        if changed is not None:
            ctx.conversation["last_timer_id"] = timer.id
            return Response(
                ctx.say("timer.changed", label=_label(ctx, timer)), intent=intent.name,
                action="timer_changed", card={"type": "timer", "timer": timer.to_dict(ctx.clock())},
            )  # fmt: skip
        ctx.conversation["last_timer_id"] = timer.id
        others = len(self.store.active()) - 1
        key = "timer.started_named" if timer.name else "timer.started"
        text = ctx.say(key, name=timer.name, duration=duration(ctx.replies, timer.duration_s))
        if others:
            text += " " + ctx.say("timer.others_running", count=others + 1)
        return Response(
            text, intent=intent.name, action="timer_started",
            card={"type": "timer", "timer": timer.to_dict(ctx.clock())},
        )  # fmt: skip

    def _start_several(self, intent: Intent, ctx: SkillContext) -> Response:
        wanted = [str(t).partition("|") for t in intent.slot("timers")]
        if any(int(seconds) > MAX_SECONDS for seconds, _, _ in wanted):
            return Response(ctx.say("timer.too_long"), intent=intent.name, success=False)
        started = [self.store.start(int(seconds), name or None) for seconds, _, name in wanted]
        ctx.conversation["last_timer_id"] = started[-1].id
        said = [
            ctx.phrase(
                "timer.one_of_several_named",
                name=t.name,
                duration=duration(ctx.replies, t.duration_s),
            )
            if t.name
            else duration(ctx.replies, t.duration_s)
            for t in started
        ]
        key, timers = "timer.started_several", join(ctx.replies, said)
        if len(set(said)) == 1:  # "three timers for 5 minutes": "3 timers set, 5 minutes each."
            key, timers = "timer.started_several_same", said[0]
        return Response(
            ctx.say(key, count=len(started), timers=timers),
            intent=intent.name, action="timer_started",
            card={"type": "timer", "timer": started[-1].to_dict(ctx.clock()),
                  "timers": [t.to_dict(ctx.clock()) for t in started]},
        )  # fmt: skip

    def _changing(self, intent: Intent, ctx: SkillContext) -> Timer | None:
        """The timer "make it 10 minutes" / "change it to 3 minutes" is about, if any."""
        if not _CHANGE.search(intent.text.lower()):
            return None
        last = ctx.conversation.get("last_timer_id")
        return next((t for t in self.store.active() if t.id == last), None)

    # -- cancel / pause / resume --------------------------------------------------------------
    def _change(self, intent: Intent, ctx: SkillContext) -> Response:
        verb = intent.name.removeprefix("timer_")
        active = self.store.active()
        if verb == "cancel" and self._silence(intent, active):
            return ctx.reply(intent, "timer.silenced", action="timer_silenced")
        if not active:
            return Response(ctx.say("timer.none"), intent=intent.name, success=False, action="none")
        if verb == "cancel" and _ALL.search(intent.text) and not intent.slot("name"):
            if len(active) > 1 and not ctx.confirmed:
                return ctx.ask_confirmation(intent, "timer.confirm_cancel_all", count=len(active))
            count = self.store.cancel_all()
            ctx.conversation.pop("last_timer_id", None)
            return ctx.reply(intent, "timer.cancelled_all", action="timers_cancelled", count=count)
        if verb in ("pause", "resume") and _ALL.search(intent.text) and not intent.slot("name"):
            changed = [
                self.store.pause(t.id) if verb == "pause" else self.store.resume(t.id)
                for t in active
                if (t.state == PAUSED) == (verb == "resume")
            ]
            key = "timer.paused_all" if verb == "pause" else "timer.resumed_all"
            return ctx.reply(intent, key, action=f"timers_{verb}d", count=len(changed))
        targets = self._targets(intent, ctx, active)
        if targets is None:
            return Response(self._no_such(intent, ctx), intent=intent.name, success=False)
        alike = len({_short(ctx, t) for t in targets}) == 1
        if len(targets) > 1 and verb == "cancel" and _PLURAL.search(intent.text.lower()):
            for timer in targets:  # "cancel the 5 minute timers": every one of them
                self.store.cancel(timer.id)
            ctx.conversation.pop("last_timer_id", None)
            return ctx.reply(intent, "timer.cancelled_all", action="timers_cancelled",
                             count=len(targets))  # fmt: skip
        if len(targets) > 1 and not alike:
            names = join_or(ctx.replies, [_short(ctx, t) for t in targets])
            return ctx.ask_for_slot(intent, "name", "timer.which", options=names)
        timer = targets[0]  # alike timers are interchangeable: the one due first
        ctx.conversation["last_timer_id"] = timer.id
        label = _label(ctx, timer)
        if verb == "cancel":
            self.store.cancel(timer.id)
            ctx.conversation.pop("last_timer_id", None)
            return ctx.reply(intent, "timer.cancelled", action="timer_cancelled", label=label)
        if verb == "pause":
            if timer.state == PAUSED:
                return ctx.reply(intent, "timer.already_paused", label=label)
            timer = self.store.pause(timer.id)
            left = time_left(ctx.replies, timer.remaining(ctx.clock()))
            return ctx.reply(intent, "timer.paused", action="timer_paused", label=label, left=left)
        if timer.state != PAUSED:
            return ctx.reply(intent, "timer.not_paused", label=label)
        timer = self.store.resume(timer.id)
        left = time_left(ctx.replies, timer.remaining(ctx.clock()))
        return ctx.reply(intent, "timer.resumed", action="timer_resumed", label=label, left=left)

    def _silence(self, intent: Intent, active: list[Timer]) -> bool:
        """Cancelling a ringing timer by name (or with no running ones) silences it."""
        name = intent.slot("name")
        ringing = self.store.ringing()
        if name:
            ringing = [t for t in ringing if t.name and t.name == normalise_name(str(name))]
        elif active:
            return False
        for timer in ringing:
            self.store.cancel(timer.id)
        return bool(ringing)

    def _targets(
        self, intent: Intent, ctx: SkillContext, active: list[Timer]
    ) -> list[Timer] | None:
        """The timer(s) meant: by name, else the one we last talked about, else the only one."""
        name, seconds = intent.slot("name"), intent.slot("duration")
        if name:
            found = self.store.find(str(name))
            return found or None
        if isinstance(seconds, int) and seconds > 0:  # "cancel the ten minute timer"
            return [t for t in active if t.duration_s == seconds] or None
        if intent.name == "timer_resume":
            paused = [t for t in active if t.state == PAUSED]
            active = paused or active
        last = ctx.conversation.get("last_timer_id")
        for timer in active:
            if timer.id == last:
                return [timer]
        return active

    @staticmethod
    def _no_such(intent: Intent, ctx: SkillContext) -> str:
        name, seconds = intent.slot("name"), intent.slot("duration")
        if name:
            return ctx.say("timer.no_such", name=normalise_name(str(name)))
        return ctx.say("timer.no_such_duration", duration=duration(ctx.replies, float(seconds)))

    # -- status -------------------------------------------------------------------------------
    def _status(self, intent: Intent, ctx: SkillContext) -> Response:
        self.store.expire_due()
        now = ctx.clock()
        parts: list[str] = []
        rung: dict[tuple[str, str], list[Timer]] = {}  # alike timers said once, counted
        for timer in self.store.ringing():
            went_off = clock(dt.datetime.fromtimestamp(timer.deadline))
            rung.setdefault((_label(ctx, timer), went_off), []).append(timer)
        for (label, went_off), alike in rung.items():
            if len(alike) > 1:
                first = alike[0]
                label = ctx.phrase(
                    "timer.label_several_named" if first.name else "timer.label_several",
                    count=len(alike), name=first.name or "",
                    duration=duration(ctx.replies, first.duration_s),
                )  # fmt: skip
            parts.append(ctx.say("timer.went_off", label=label, time=went_off))
        name = intent.slot("name")
        active = self.store.find(str(name)) if name else self.store.active()
        if name and not active:
            parts.append(self._no_such(intent, ctx))
        elif not active and not parts:
            parts.append(ctx.say("timer.none"))
        elif len(active) == 1:
            timer = active[0]
            ctx.conversation["last_timer_id"] = timer.id
            parts.append(self._left(ctx, timer, now))
        elif active:
            items = [
                ctx.phrase(
                    "timer.item_paused" if t.state == PAUSED else "timer.item",
                    what=_short(ctx, t), left=time_left(ctx.replies, t.remaining(now)),
                )
                for t in active
            ]  # fmt: skip
            parts.append(
                ctx.say("timer.status_many", count=len(active), items=join(ctx.replies, items))
            )
        return Response(
            " ".join(parts), intent=intent.name, action="timer_status",
            card={"type": "timers", "timers": [t.to_dict(now) for t in active]},
        )  # fmt: skip

    def _left(self, ctx: SkillContext, timer: Timer, now: float) -> str:
        key = "timer.left_paused" if timer.state == PAUSED else "timer.left"
        return ctx.say(
            key, label=_label(ctx, timer), left=time_left(ctx.replies, timer.remaining(now))
        )


SKILLS = (TimerSkill,)


_THIS_STEP = re.compile(r"\b(this|that|the|current)\s+step\b|\bfor (this|that|it)\b")


StepTimer = Callable[[Database], "tuple[int, str] | None"]
STEP_TIMERS: list[StepTimer] = []
"""Where "a timer for this step" finds how long: the recipe capability adds the open recipe's
current step when its skill loads (:mod:`pipelines.recipes.skill`), so this skill never
imports recipes (they sit a layer above skills)."""


def _recipe_step_timer(intent: Intent, ctx: SkillContext) -> tuple[int, str] | None:
    """ "Set a timer for this step" while cooking: the open recipe's current step says how long."""
    if not _THIS_STEP.search(intent.text.lower()):
        return None
    for source in STEP_TIMERS:
        found = source(ctx.app.db)
        if found is not None:
            return found
    return None
