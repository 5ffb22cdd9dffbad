"""What the language stage hands to the skills: one intent, its normalised slots, a confidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# fmt: off
INTENTS: tuple[str, ...] = (
    "timer_start", "timer_cancel", "timer_pause", "timer_resume", "timer_status", "alarm_set",
    "alarm_query", "alarm_cancel", "list_add", "list_remove", "list_query", "list_clear",
    "time_query", "date_query", "light_on", "light_off", "light_set", "device_on",
    "device_off", "volume_up", "volume_down", "volume_set", "volume_mute", "media_play",
    "media_pause", "media_next", "media_previous", "recipe_find", "recipe_ingredients",
    "recipe_ingredient_query", "recipe_step_next", "recipe_step_previous",
    "recipe_step_repeat", "recipe_step_goto", "recipe_scale", "unit_convert", "object_locate",
    "greeting", "help", "stop", "affirm", "deny", "unsupported_online", "out_of_scope",
    "reminder_set", "reminder_query", "reminder_cancel", "alarm_snooze", "smalltalk",
)
SLOTS: tuple[str, ...] = (
    "duration", "time", "date", "name", "item", "list", "room", "device", "level", "color",
    "object", "ingredient", "quantity", "unit", "step", "factor", "recipe", "place",
)
# fmt: on
NO_ACTION_INTENTS = frozenset({"unsupported_online", "out_of_scope"})
GRAMMAR_INTENTS = frozenset({"calculate"})
"""Intents only a capability grammar reads (:mod:`pipelines.language.rules`), never the model:
a sum is exact or it is not one, so the model's head (``INTENTS``) does not carry them."""

SlotValue = str | int | float | list[str]
"""Normalised slot values: durations in seconds (int), numbers as int/float, clock times as
"HH:MM", dates as ISO "YYYY-MM-DD" or a weekday/relative word, ``item`` as a list of strings,
everything else as text."""


@dataclass(frozen=True)
class Intent:
    name: str
    slots: Mapping[str, SlotValue] = field(default_factory=dict)
    confidence: float = 1.0
    text: str = ""
    """The utterance the intent was recognised from."""
    raw_slots: Mapping[str, str] = field(default_factory=dict)
    """Slot text exactly as it appeared in the utterance, before normalisation."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """The next most likely intents with their confidences (for "Did you mean ...?")."""

    def slot(self, name: str, default: Any = None) -> Any:
        return self.slots.get(name, default)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": self.name,
            "confidence": round(float(self.confidence), 4),
            "slots": dict(self.slots),
            "alternatives": [
                {"intent": name, "confidence": round(float(c), 4)} for name, c in self.alternatives
            ],
        }
