"""The ``object_locate`` skill: "where are my keys / is my phone / did I leave my glasses".

Kept import-light (the skill registry loads it at start-up); the work is in :mod:`.locate`.
"""

from __future__ import annotations

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

        return answer(ctx.app, ctx.replies, str(value), ctx.clock())


SKILLS = (ObjectLocateSkill,)
