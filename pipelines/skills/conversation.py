"""Small talk and conversation control: greeting, help, stop, yes/no, and honest refusals."""

from __future__ import annotations

import re
import time
from typing import ClassVar

from ..core.events import EventType, PipelineEvent
from ..core.intent import Intent
from .alarm_store import AlarmStore
from .base import Response, Skill, SkillContext
from .speech import join
from .timer_store import TimerStore

# Which topic an internet request is about: keywords (understanding), not wording.
ONLINE_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("weather", ("weather", "forecast", "rain", "snow", "sunny", "umbrella", "temperature out")),
    ("news", ("news", "headline")),
    ("email", ("email", "e-mail", "inbox", "mail")),
    ("social", ("facebook", "twitter", "instagram", "tweet", "tiktok", "social media")),
    ("ordering", ("order", "buy", "amazon", "deliver", "pizza from")),
    ("transport", ("train", "bus", "traffic", "flight", "taxi", "uber", "commute")),
    ("stocks", ("stock", "share price", "shares", "bitcoin", "market", "exchange rate")),
    ("sports", ("score", "match", "league", "won the", "game last night")),
    ("search", ("search", "google", "look up", "wikipedia", "who is", "who was", "what is the")),
)

# The help text groups intents by the word before the first "_" (timer_start -> timer).
CAPABILITY_ORDER = (
    "timer", "alarm", "list", "time", "date", "unit", "light", "device", "volume", "recipe",
    "object",
)  # fmt: skip


def online_topic(text: str) -> str:
    lowered = f" {text.lower()} "
    for topic, words in ONLINE_TOPICS:
        if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words):
            return topic
    return "generic"


class ConversationSkill(Skill):
    name = "conversation"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"greeting", "help", "stop", "affirm", "deny", "unsupported_online", "out_of_scope"}
    )

    def setup(self, ctx: SkillContext) -> None:
        self.timers = TimerStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)
        self.alarms = AlarmStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        name = intent.name
        if name == "greeting":
            return ctx.reply(intent, "conversation.greeting", action="greeted")
        if name == "help":
            return self._help(intent, ctx)
        if name == "stop":
            return self._stop(intent, ctx)
        if name == "affirm":
            return ctx.reply(intent, "conversation.nothing_to_confirm")
        if name == "deny":
            return ctx.reply(intent, "conversation.okay")
        if name == "unsupported_online":
            topic = online_topic(intent.text)
            return Response(
                ctx.say(f"online.{topic}"), intent=name, success=False, action="refused_online"
            )
        return Response(
            ctx.say("conversation.not_understood"), intent=name, success=False, action="none"
        )

    def _help(self, intent: Intent, ctx: SkillContext) -> Response:
        groups = [
            g
            for g in CAPABILITY_ORDER
            if g in {i.split("_", 1)[0] for i in ctx.handled_intents}
            and ctx.replies.has(f"capability.{g}")
        ]
        abilities = list(dict.fromkeys(ctx.phrase(f"capability.{g}") for g in groups))
        topics = list(dict.fromkeys(ctx.phrase(f"capability_short.{g}") for g in groups))
        return Response(
            ctx.say("conversation.help", abilities=join(ctx.replies, abilities)),
            intent=intent.name,
            speech=ctx.say("conversation.help_spoken", topics=join(ctx.replies, topics)),
            action="help",
            card={"type": "help", "capabilities": abilities},
        )

    def _stop(self, intent: Intent, ctx: SkillContext) -> Response:
        timers = self.timers.dismiss_ringing()
        alarms = self.alarms.dismiss_ringing()
        if timers or alarms:
            ctx.app.bus.emit(
                PipelineEvent(
                    EventType.NOTICE, "reminders", time.time(),
                    data={"kind": "reminder_stopped", "timers": [t.id for t in timers],
                          "alarms": [a.id for a in alarms]},
                )
            )  # fmt: skip
            return ctx.reply(intent, "conversation.stopped_ringing", action="ringing_stopped")
        return ctx.reply(intent, "conversation.okay", action="stopped")


SKILLS = (ConversationSkill,)
