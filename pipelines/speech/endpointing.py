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
OPEN_ENDED = frozenset({"list_add", "list_remove", "recipe_find", "unit_convert"})
"""Intents whose slot may run on ("eggs ... and milk"): complete only once a closing phrase
has been heard (see :func:`_closed`)."""
SHORT_ANSWERS = frozenset({"affirm", "deny"})
"""Complete when short ("yes", "no thanks"); a longer answer may go on ("no, I meant ...")."""


def _closed(intent: Intent, text: str) -> bool:
    """An open-ended request whose closing phrase has been said."""
    if intent.name in ("list_add", "list_remove"):
        # "... to the shopping list" / "... from my to-do list": the list name comes last
        return "list" in intent.slots and text.endswith("list")
    if intent.name == "unit_convert":
        # "how many ml is two cups": both units and the amount are there
        unit = intent.slots.get("unit")
        return isinstance(unit, list) and len(unit) == 2 and "quantity" in intent.slots
    return False


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
        verdict = self._judge(self.understand(text), text)
        self._last = (text, verdict)
        return verdict

    def _judge(self, intent: Intent, text: str) -> bool:
        if intent.name in NO_ACTION_INTENTS or intent.confidence < self.threshold:
            return False
        if intent.name in OPEN_ENDED:
            return _closed(intent, text)
        if intent.name in SHORT_ANSWERS:
            return len(text.split()) <= 3
        needed = REQUIRED_SLOTS.get(intent.name)
        return needed is None or any(slot in intent.slots for slot in needed)
