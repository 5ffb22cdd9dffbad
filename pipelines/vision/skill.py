"""The ``object_locate`` skill: "where are my keys / is my phone / did I leave my glasses".

Kept import-light (the skill registry loads it at start-up); the work is in :mod:`.locate`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar

from ..core.intent import Intent
from ..skills.base import Response, Skill, SkillContext


class ObjectLocateSkill(Skill):
    name = "object_locate"
    intents: ClassVar[frozenset[str]] = frozenset({"object_locate"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        value = intent.slot("object") or intent.raw_slots.get("object") or ""
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if not str(value).strip():
            return ctx.ask_for_slot(intent, "object", "vision.which_object")
        from .locate import answer  # numpy, SQLite memory: only when someone asks

        response = answer(ctx.app, ctx.replies, str(value), ctx.clock())
        return _whose(response, intent.text, str(value))


_POSSESSIVE = re.compile(r"\b(?:my|our|mine)\b")


def _whose(response: Response, said: str, thing: str) -> Response:
    """ "Your keys" only when the user said "my keys": "where is the person" or "have you seen
    a cat" get "The person was last seen ...", never "Your person"."""
    name = thing.strip().lower()
    name = re.sub(r"^(?:my|our|the|a|an)\s+", "", name)
    if not name or _POSSESSIVE.search(said.lower()):
        return response
    mine = re.compile(rf"\b([Yy])our ({re.escape(name)})\b")

    def swap(text: str) -> str:
        return mine.sub(lambda m: ("The" if m.group(1) == "Y" else "the") + f" {m.group(2)}", text)

    speech = None if response.speech is None else swap(response.speech)
    return dataclasses.replace(response, text=swap(response.text), speech=speech)


SKILLS = (ObjectLocateSkill,)
