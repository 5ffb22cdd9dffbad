"""Small talk and conversation control: greeting, help, stop, yes/no, and honest refusals."""

from __future__ import annotations

import re
import time
from typing import ClassVar

from ..core.events import EventType, PipelineEvent
from ..core.intent import Intent
from ..language.unit_parsing import not_units
from .alarm_store import AlarmStore
from .base import Response, Skill, SkillContext
from .reminder_store import ReminderStore
from .speech import join
from .timer_store import TimerStore

# Which topic an internet request is about: keywords (understanding), not wording.
ONLINE_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # An explicit search names the request, whatever it searches for ("... cheap flights").
    ("search", ("search", "google", "the web", "the internet", "wikipedia", "look up")),
    ("weather", ("weather", "forecast", "rain", "snow", "sunny", "umbrella", "temperature out")),
    (
        "dictionary",
        (
            "define ",
            "definition",
            "meaning of",
            "synonym",
            "antonym",
            "rhymes with",
            "in a sentence",
        ),
    ),
    (
        "places",
        (
            "nearest",
            "closest",
            "near me",
            "near here",
            "where can i buy",
            "where can i get",
            "where can we buy",
            "who sells",
            "open now",
            "in my area",
        ),
    ),
    ("song_id", ("who sings", "who sang", "song is this", "song is playing", "name of this song")),
    ("news", ("news", "headline")),
    ("email", ("email", "e-mail", "inbox", "mail")),
    ("social", ("facebook", "twitter", "instagram", "tweet", "tiktok", "social media")),
    ("ordering", ("order", "buy", "amazon", "deliver", "pizza from")),
    ("transport", ("train", "bus", "traffic", "flight", "taxi", "uber", "commute")),
    ("stocks", ("stock", "share price", "shares", "bitcoin", "market", "exchange rate")),
    ("sports", ("score", "match", "league", "won the", "game last night")),
    ("search", ("who is", "who was", "what is the")),
    (
        "streaming",
        ("play", "listen to", "hear", "stream", "shuffle", "queue", "spotify", "podcast"),
    ),
)

# A request for a calendar (out of scope: Homebody keeps reminders, not events), by keywords.
_CALENDAR = re.compile(
    r"\b(?:calendar|diary|agenda|meetings?|appointments?|events?|engagements?|planned|scheduled|"
    r"booked)\b|^what(?:'s| is) (?:going )?on (?:today|tonight|tomorrow|(?:this |next )?"
    r"(?:week|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day))\b"
)

# The help text groups intents by the word before the first "_" (timer_start -> timer).
CAPABILITY_ORDER = (
    "timer", "alarm", "reminder", "list", "time", "date", "unit", "calculate", "light", "device",
    "volume", "recipe", "object",
)  # fmt: skip


def online_topic(text: str) -> str:
    lowered = f" {text.lower()} "
    for topic, words in ONLINE_TOPICS:
        if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words):
            return topic
    return "generic"


def _not_units(intent: Intent, ctx: SkillContext, words: list[str]) -> Response:
    """ "Convert 5 apples to pears": a conversion, but of things that are no units."""
    said = join(ctx.replies, [f"\u201c{w}\u201d" for w in words])
    key = "units.not_a_unit" if len(words) == 1 else "units.not_units"
    return Response(ctx.say(key, words=said), intent=intent.name, success=False, action="none")


class ConversationSkill(Skill):
    name = "conversation"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"greeting", "help", "stop", "affirm", "deny", "unsupported_online", "out_of_scope",
         "smalltalk"}
    )  # fmt: skip

    def setup(self, ctx: SkillContext) -> None:
        self.timers = TimerStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)
        self.alarms = AlarmStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)
        self.reminders = ReminderStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)

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
        if name == "smalltalk":
            # lazy: start-up speed (..language.rules etc. load only when handle() runs)
            from ..language.rules import tidy
            from ..language.small_talk import small_talk_kind

            kind = small_talk_kind(tidy(intent.text)) or "other"
            if kind == "spell":  # "how do you spell necessary": letter by letter
                return _spelled(intent, ctx, tidy(intent.text))
            return Response(self._variety(ctx, f"smalltalk.{kind}"), intent=name,
                            action="small_talk")  # fmt: skip
        strangers = not_units(intent.text)
        if strangers and name in ("unsupported_online", "out_of_scope"):
            return _not_units(intent, ctx, strangers)
        if name == "unsupported_online":
            topic = online_topic(intent.text)
            return Response(
                ctx.say(f"online.{topic}"), intent=name, success=False, action="refused_online"
            )
        if name == "out_of_scope" and _CALENDAR.search(intent.text.lower()):
            return Response(ctx.say("conversation.no_calendar"), intent=name, success=False,
                            action="none")  # fmt: skip
        return Response(
            ctx.say("conversation.not_understood", examples=self._examples(ctx)), intent=name,
            success=False, action="none",
        )  # fmt: skip

    @staticmethod
    def _variety(ctx: SkillContext, key: str) -> str:
        """A random variant, never the one this conversation heard last (each ``homebody ask``
        is a new process, so the replies' own rotation would always start at the first)."""
        variants = ctx.replies.templates[key]
        last = ctx.conversation.get(f"last_{key}")
        choices = [i for i in range(len(variants)) if i != last] or [0]
        import random  # lazy: start-up speed (only small talk needs it)

        index = random.choice(choices)
        ctx.conversation[f"last_{key}"] = index
        return variants[index]

    @staticmethod
    def _examples(ctx: SkillContext) -> str:
        """A few things Homebody can do, for "Sorry, I can't do that. Try: ..."."""
        handled = {i.split("_", 1)[0] for i in ctx.handled_intents}
        said = [ctx.phrase(f"example.{g}") for g in CAPABILITY_ORDER if g in handled
                and ctx.replies.has(f"example.{g}")]  # fmt: skip
        return join(ctx.replies, [f"\u201c{s}\u201d" for s in said[:3]])

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
        reminders = self.reminders.dismiss_ringing()
        if timers or alarms or reminders:
            ctx.app.bus.emit(
                PipelineEvent(
                    EventType.NOTICE, "reminders", time.time(),
                    data={"kind": "reminder_stopped", "timers": [t.id for t in timers],
                          "alarms": [a.id for a in alarms],
                          "reminders": [r.id for r in reminders]},
                )
            )  # fmt: skip
            return ctx.reply(intent, "conversation.stopped_ringing", action="ringing_stopped")
        return ctx.reply(intent, "conversation.okay", action="stopped")


SKILLS = (ConversationSkill,)


def _spelled(intent: Intent, ctx: SkillContext, clean: str) -> Response:
    from ..language.small_talk import word_to_spell  # lazy, as in handle()

    word = word_to_spell(clean) or ""
    letters = ", ".join(c.upper() if c.isalpha() else {"'": "apostrophe", "-": "hyphen"}[c]
                        for c in word)  # fmt: skip
    return Response(
        ctx.say("smalltalk_spell.spelled", word=word.capitalize(), letters=letters),
        intent=intent.name, action="small_talk", card={"type": "spelling", "word": word},
    )  # fmt: skip
