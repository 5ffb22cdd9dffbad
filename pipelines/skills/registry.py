"""Find skills and route intents to them.

Skills live one per module in :mod:`pipelines.skills`; each module is listed in
``SKILL_MODULES`` and exposes its :class:`Skill` subclasses through ``SKILLS``. The capability
packages built on skills (recipes, vision) have skills too: the assistant, a layer above them,
adds those modules (:data:`pipelines.assistant.SKILL_MODULES`), so this package never names
the packages that import it. Listing modules explicitly keeps start-up predictable.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable

from ..core.errors import HomebodyError
from .base import Skill

log = logging.getLogger(__name__)

SKILL_MODULES: tuple[str, ...] = (
    "pipelines.skills.timers",
    "pipelines.skills.alarms",
    "pipelines.skills.reminder_skill",
    "pipelines.skills.lists",
    "pipelines.skills.clock",
    "pipelines.skills.units",
    "pipelines.skills.calculator",
    "pipelines.skills.devices",
    "pipelines.skills.volume",
    "pipelines.skills.conversation",
)
"""This package's modules that define ``SKILLS: tuple[type[Skill], ...]``."""


def discover(modules: Iterable[str] = SKILL_MODULES) -> list[type[Skill]]:
    found: list[type[Skill]] = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            log.warning("skill module %s could not be loaded: %s", name, exc)
            continue
        found.extend(getattr(module, "SKILLS", ()))
    return found


class SkillRegistry:
    def __init__(self, skills: Iterable[Skill]) -> None:
        self.skills = list(skills)
        self._by_intent: dict[str, Skill] = {}
        for skill in self.skills:
            for intent in skill.intents:
                if intent in self._by_intent:
                    raise HomebodyError(
                        f"Intent {intent} is claimed by both {self._by_intent[intent].name} "
                        f"and {skill.name}",
                        code="skill_conflict",
                    )
                self._by_intent[intent] = skill

    @classmethod
    def default(cls, modules: Iterable[str] = SKILL_MODULES) -> SkillRegistry:
        return cls(skill_cls() for skill_cls in discover(modules))

    def for_intent(self, intent: str) -> Skill | None:
        return self._by_intent.get(intent)

    @property
    def handled_intents(self) -> frozenset[str]:
        return frozenset(self._by_intent)
