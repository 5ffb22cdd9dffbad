"""Adaptive endpointing: does what the user said so far already form a complete command?

Waiting a fixed 700 ms of silence after every command is most of the voice latency. When the
partial transcript is understood with confidence and carries the slots its intent needs
("set a timer for five minutes" has its duration; "set a timer for five" does not), a short
pause is enough to answer. Open-ended requests (lists, recipes by name, unit questions) and
anything uncertain keep the full trailing silence, so a thinking pause never cuts them off.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.intent import NO_ACTION_INTENTS, Intent

REQUIRED_SLOTS: dict[str, tuple[str, ...]] = {
    "timer_start": ("duration",),
    "alarm_set": ("time",),
    "light_set": ("level", "color"),  # either one
    "volume_set": ("level",),
    "recipe_step_goto": ("step",),
    "recipe_scale": ("factor", "quantity"),
}
OPEN_ENDED = frozenset(
    {"list_add", "list_remove", "recipe_find", "unit_convert", "object_locate", "affirm", "deny"}
)
"""Intents whose slot may run on ("eggs ... and milk"): always wait for the full silence."""


class CommandCompleteness:
    def __init__(self, understand: Callable[[str], Intent], threshold: float = 0.8) -> None:
        self.understand = understand
        self.threshold = threshold
        self._last: tuple[str, bool] = ("", False)

    def __call__(self, text: str) -> bool:
        text = text.strip()
        if not text:
            return False
        if text == self._last[0]:
            return self._last[1]
        verdict = self._judge(self.understand(text))
        self._last = (text, verdict)
        return verdict

    def _judge(self, intent: Intent) -> bool:
        if intent.name in NO_ACTION_INTENTS or intent.name in OPEN_ENDED:
            return False
        if intent.confidence < self.threshold:
            return False
        needed = REQUIRED_SLOTS.get(intent.name)
        return needed is None or any(slot in intent.slots for slot in needed)
