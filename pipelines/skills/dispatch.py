"""Route an intent to its skill and turn failures into a clear spoken answer."""

from __future__ import annotations

import logging

from ..core.errors import HomebodyError
from ..core.intent import Intent
from .base import Response, SkillContext
from .registry import SkillRegistry

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(self, ctx: SkillContext, registry: SkillRegistry | None = None) -> None:
        self.ctx = ctx
        self.registry = registry or SkillRegistry.default()
        self._ready = False

    def prepare(self) -> None:
        if self._ready:
            return
        for skill in self.registry.skills:
            skill.setup(self.ctx)
        self._ready = True

    def handle(self, intent: Intent) -> Response:
        self.prepare()
        skill = self.registry.for_intent(intent.name)
        if skill is None:
            return Response(
                "Sorry, I didn't understand that." if intent.name == "out_of_scope"
                else f"I understood {intent.name.replace('_', ' ')}, but I can't do that yet.",
                intent=intent.name, success=False, action="none",
            )
        try:
            return skill.handle(intent, self.ctx)
        except HomebodyError as exc:
            log.warning("skill %s failed: %s", skill.name, exc)
            return Response(exc.message, intent=intent.name, success=False, action="error")
