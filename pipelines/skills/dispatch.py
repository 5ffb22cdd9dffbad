"""Route an intent to its skill, keep the conversation going, and turn failures into answers.

Conversation rules, in order:

1. A pending yes/no question: "yes" runs the held intent with ``ctx.confirmed``; "no" drops it.
   A pending "Did you mean ...?": "yes" runs the first candidate. A pending slot question
   ("For how long?"): an answer carrying that slot completes the held intent.
   Anything else simply drops the question and is handled on its own.
2. "stop" / "never mind" always work: they go straight to their skill and clear any question.
   ("Cancel it" heard as "stop" with nothing ringing cancels the timer/alarm just discussed.)
3. A low-confidence intent with alternatives gets "Did you mean X, or Y?".
4. An out-of-scope utterance that still carries slots ("what about the rice timer?") continues
   the previous intent with the new slots.
5. Otherwise the skill that claims the intent handles it.

The memory lives in ``ctx.conversation`` and is persisted for a few minutes
(:class:`ConversationMemory`), so follow-ups work across ``homebody ask`` runs too.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from ..core.errors import HomebodyError
from ..core.intent import NO_ACTION_INTENTS, Intent
from .amend import amended
from .base import Response, SkillContext, intent_from_json, intent_to_json
from .choice_answer import pick
from .conversation_memory import ConversationMemory
from .registry import SkillRegistry
from .ringing import ACKNOWLEDGE, dismiss_all, ringing_note

log = logging.getLogger(__name__)

ALWAYS = frozenset({"stop"})
NEVER_MIND = frozenset(
    {"never mind", "nevermind", "forget it", "cancel that", "no thanks", "no thank you",
     "don't bother", "leave it"}
)  # fmt: skip
"""Safety net: these always cancel a question, even if the intent model missed them."""


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").strip(" .!?,").split())


_CANCEL_WORDS = re.compile(r"\b(?:cancel|delete|remove|get rid of|turn off|switch off)\b")


def _cancel_meant(intent: Intent, last: Any, conv: dict[str, Any]) -> Intent | None:
    """The user said "cancel it" (heard as "stop") right after talking about a timer/alarm."""
    if not isinstance(last, str) or not _CANCEL_WORDS.search(_plain(intent.text)):
        return None
    for family in ("timer", "alarm"):
        if last.startswith(family + "_") and conv.get(f"last_{family}_id") is not None:
            return dataclasses.replace(intent, name=f"{family}_cancel", slots={})
    return None


_NO_CLARIFY = frozenset({"out_of_scope", "stop", "affirm", "deny", "greeting"})
_TIMER = frozenset({"name"})
_DEVICE = frozenset({"device", "room", "level", "color"})
FOLLOW_UP_SLOTS: dict[str, frozenset[str]] = {
    "timer_start": frozenset({"duration", "name"}),
    "timer_status": _TIMER, "timer_cancel": _TIMER, "timer_pause": _TIMER, "timer_resume": _TIMER,
    "alarm_set": frozenset({"time", "date", "name"}), "alarm_query": frozenset({"time", "date"}),
    "alarm_cancel": frozenset({"time", "date"}),
    "list_add": frozenset({"item", "list"}), "list_remove": frozenset({"item", "list"}),
    "list_query": frozenset({"list"}), "date_query": frozenset({"date"}),
    "time_query": frozenset({"place"}), "reminder_set": frozenset({"time", "date", "duration"}),
    "light_on": _DEVICE, "light_off": _DEVICE, "light_set": _DEVICE,
    "device_on": _DEVICE, "device_off": _DEVICE, "volume_set": frozenset({"level"}),
    "unit_convert": frozenset({"quantity", "unit", "ingredient"}),
}  # fmt: skip
"""Which slots, said on their own, continue the previous intent ("and the rice one?")."""


SLOT_ANSWERS: dict[str, frozenset[str]] = {
    "time": frozenset({"time", "date", "duration"}), "date": frozenset({"time", "date"}),
}  # fmt: skip
"""Slots that answer a question about another: "When?" -> "tomorrow at 9" or "in an hour"."""
_FILLER = frozenset(
    {"at", "on", "in", "for", "by", "the", "a", "an", "it", "make", "change", "to", "and",
     "about", "around", "please", "um", "uh", "then", "o'clock", "just", "oh", "ok", "okay"}
)  # fmt: skip


def _bare_answer(intent: Intent) -> bool:
    """The utterance is only slot values ("at 5pm", "tomorrow at 9"), not a new command
    ("set a timer for 5 minutes"), whatever intent the model gave it."""
    words = _plain(intent.text)
    for raw in intent.raw_slots.values():
        words = words.replace(_plain(raw), " ")
    rest = [w for w in re.findall(r"[a-z']+|\d+", words) if w not in _FILLER]
    return len(rest) <= 1 and bool(intent.raw_slots)


def _slot_answer(slot: str, held: Intent, intent: Intent) -> dict[str, Any] | None:
    """The slots of ``intent`` that answer the pending question about ``slot`` of ``held``."""
    choices = held.slots.get("choices")
    if isinstance(choices, list) and choices:  # "Which one: A, B or C?" -> "the second one"
        picked = pick([str(c) for c in choices], intent.text)
        return None if picked is None else {slot: picked, "choices": []}
    if slot == "name" and intent.name == "out_of_scope" and not intent.slots:
        text = intent.text.strip()
        return {"name": text} if text else None  # "the pasta one"
    accepted = SLOT_ANSWERS.get(slot, frozenset({slot}))
    task = intent.slots.get("name")
    if intent.name == held.name and task and held.slots.get("name") and task != held.slots["name"]:
        return None  # "remind me on friday to pay the rent": a new request, not the answer
    answer = {k: v for k, v in intent.slots.items() if k in accepted}
    if not answer:
        return None
    if intent.name in (held.name, "out_of_scope", "affirm") or _bare_answer(intent):
        return answer
    return None


class Dispatcher:
    def __init__(self, ctx: SkillContext, registry: SkillRegistry | None = None) -> None:
        self.ctx = ctx
        self.registry = registry or SkillRegistry.default()
        self.memory: ConversationMemory | None = None
        self._ready = False

    def prepare(self) -> None:
        if self._ready:
            return
        self.ctx.handled_intents = self.registry.handled_intents
        self.memory = ConversationMemory(
            self.ctx.app.db, self.ctx.clock, ledger=self.ctx.app.ledger
        )
        for skill in self.registry.skills:
            skill.setup(self.ctx)
        self._ready = True

    def close(self) -> None:
        for skill in self.registry.skills:
            try:
                skill.close()
            except Exception:  # closing must not hide the real problem
                log.exception("skill %s failed to close", skill.name)

    def handle(self, intent: Intent) -> Response:
        self.prepare()
        assert self.memory is not None
        self.ctx.conversation.clear()
        self.ctx.conversation.update(self.memory.load())
        try:
            response = self._route(intent)
        finally:
            self.memory.save(self.ctx.conversation)
        return response

    # -- routing ------------------------------------------------------------------------------
    def _route(self, intent: Intent) -> Response:
        conv = self.ctx.conversation
        pending: dict[str, Any] | None = conv.pop("pending", None)
        if intent.name == "out_of_scope" and _plain(intent.text) in NEVER_MIND:
            intent = dataclasses.replace(intent, name="deny", slots={})
        noted = conv.pop("ringing_noted", False) and pending is None
        if noted and intent.name in ACKNOWLEDGE and dismiss_all(self.ctx):
            return Response(  # "okay" / "thanks" after "By the way, a timer went off"
                self.ctx.say("conversation.acknowledged"), intent=intent.name,
                action="ringing_stopped",
            )  # fmt: skip
        if intent.name in ALWAYS:
            last = conv.get("last_intent")
            response = self._run(intent)
            if response.action == "stopped" and pending is None:  # nothing was ringing
                meant = _cancel_meant(intent, last, conv)
                if meant is not None and self.registry.for_intent(meant.name) is not None:
                    return self._run(meant)
            return response
        if pending is not None:
            answered = self._answer_pending(pending, intent)
            if answered is not None:
                return answered
        changed = amended(intent, conv.get("last_intent"))  # "make it 7:30" after an alarm
        if changed is not None and self.registry.for_intent(changed.name) is not None:
            return self._run(changed)
        claimed = self._in_context(intent)  # "next" while cooking: sure, whatever the model
        if claimed is intent and self._unsure(intent):
            return self._clarify(intent)
        return self._run(self._follow_up(claimed))

    def _in_context(self, intent: Intent) -> Intent:
        """Let a skill whose context is active claim an ambiguous intent (see Skill.reinterpret)."""
        for skill in self.registry.skills:
            claimed = skill.reinterpret(intent, self.ctx)
            if claimed is not None and self.registry.for_intent(claimed.name) is skill:
                return claimed
        return intent

    def _follow_up(self, intent: Intent) -> Intent:
        """Continue the previous intent with an utterance that only carries its slots:
        "what about the rice timer?" or "and one for ten minutes" right after a timer."""
        last = self.ctx.conversation.get("last_intent")
        if intent.name != "out_of_scope" or not intent.slots or not isinstance(last, str):
            return intent
        fits = FOLLOW_UP_SLOTS.get(last, frozenset())
        if set(intent.slots) <= fits and self.registry.for_intent(last) is not None:
            return dataclasses.replace(intent, name=last)
        return intent

    def _answer_pending(self, pending: dict[str, Any], intent: Intent) -> Response | None:
        held = intent_from_json(pending["intent"])
        kind = pending.get("kind")
        if kind in ("confirm", "clarify") and intent.name == "affirm":
            return self._run(held, confirmed=kind == "confirm")
        if kind in ("confirm", "clarify", "slot") and intent.name == "deny":
            key = "conversation.rephrase" if kind == "clarify" else "conversation.cancelled"
            return Response(self.ctx.say(key), intent=intent.name, action="cancelled")
        if kind == "slot":
            slot = str(pending.get("slot", ""))
            answer = _slot_answer(slot, held, intent)
            if answer is not None:
                return self._run(dataclasses.replace(held, slots={**held.slots, **answer}))
        return None

    def _unsure(self, intent: Intent) -> bool:
        threshold = self.ctx.app.settings.nlu.confidence_threshold
        last = self.ctx.conversation.get("last_intent")
        continues = (  # "and in meters?" right after a conversion continues it: no "Did you mean"
            intent.name == last and bool(intent.slots)
            and set(intent.slots) <= FOLLOW_UP_SLOTS.get(intent.name, frozenset())
        )  # fmt: skip
        return (
            not continues
            and intent.name not in _NO_CLARIFY
            and intent.confidence < threshold
            and bool(intent.alternatives)
        )

    def _clarify(self, intent: Intent) -> Response:
        candidates = [intent.name] + [
            name for name, _ in intent.alternatives if name not in (intent.name, "out_of_scope")
        ]
        candidates = [
            c for c in candidates
            if c not in NO_ACTION_INTENTS and self.registry.for_intent(c) is not None
            and self.ctx.replies.has(f"intent_description.{c}")
        ][:2]  # fmt: skip
        if not candidates:
            return self._run(intent)
        self.ctx.conversation["pending"] = {
            "kind": "clarify",
            "intent": intent_to_json(dataclasses.replace(intent, name=candidates[0])),
        }
        described = [self.describe(c) for c in candidates]
        key = (
            "conversation.did_you_mean_two" if len(described) == 2 else "conversation.did_you_mean"
        )
        return Response(
            self.ctx.say(key, first=described[0], second=described[-1]),
            intent=intent.name,
            expects_reply=True,
            action="clarification_requested",
        )

    def describe(self, intent_name: str) -> str:
        """The user's words for an intent ("set a timer"); never its internal name."""
        key = f"intent_description.{intent_name}"
        return self.ctx.phrase(key if self.ctx.replies.has(key) else "intent_description.other")

    def _run(self, intent: Intent, *, confirmed: bool = False) -> Response:
        skill = self.registry.for_intent(intent.name)
        if skill is None:
            key = (
                "conversation.not_understood"
                if intent.name == "out_of_scope"
                else "conversation.cannot_yet"
            )
            return Response(
                self.ctx.say(key, what=self.describe(intent.name)),
                intent=intent.name,
                success=False,
                action="none",
            )
        self.ctx.confirmed = confirmed
        try:
            response = skill.handle(intent, self.ctx)
        except HomebodyError as exc:
            log.debug("skill %s refused: %s", skill.name, exc)  # the user reads the message
            return Response(exc.message, intent=intent.name, success=False, action="error")
        finally:
            self.ctx.confirmed = False
        self.ctx.conversation["last_intent"] = intent.name
        note = ringing_note(self.ctx, intent.name)
        if note:
            speech = None if response.speech is None else f"{_sentence(response.speech)} {note}"
            text = f"{_sentence(response.text)} {note}"  # "24 × 17 = 408." then the note
            response = dataclasses.replace(response, text=text, speech=speech)
        return response


def _sentence(text: str) -> str:
    """``text`` ending like a sentence, so a note can follow it."""
    return text if text.rstrip().endswith((".", "!", "?", "…")) else f"{text.rstrip()}."
