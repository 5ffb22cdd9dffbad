""" "Make it 7:30", "change it to tomorrow": a follow-up that changes what was just set.

The dispatcher turns such an utterance into the previous intent when its slots are ones
that intent can change (:data:`AMENDABLE`); the skill then replaces the timer, alarm or
reminder it set last (``ctx.conversation["last_<thing>_id"]``) instead of adding a second
one, keeping what the follow-up did not mention (the timer's name, the reminder's task).
"""

from __future__ import annotations

import dataclasses
import re

from ..core.intent import Intent

CHANGE = re.compile(
    r"^(?:no,? |actually,? |oh,? |sorry,? |wait,? )*"
    r"(?:make (?:it|that)|change (?:it|that)(?: to)?|move (?:it|that)(?: to)?|"
    r"set (?:it|that) (?:to|for)|put (?:it|that) (?:to|at))\b"
)
AMENDABLE: dict[str, frozenset[str]] = {
    "timer_start": frozenset({"duration"}),
    "alarm_set": frozenset({"time", "date", "duration"}),
    "reminder_set": frozenset({"time", "date", "duration"}),
    "volume_set": frozenset({"level"}),
    "light_set": frozenset({"level", "color", "room"}),
}
"""Intents a follow-up can change, and the slots it may carry."""


def is_change(text: str) -> bool:
    return CHANGE.search(" ".join(text.lower().split())) is not None


def amended(intent: Intent, last: object) -> Intent | None:
    """``intent`` re-read as a change of the previous intent ``last``, or None."""
    if not isinstance(last, str) or last not in AMENDABLE or not is_change(intent.text):
        return None
    if intent.name == last or not intent.slots or not set(intent.slots) <= AMENDABLE[last]:
        return None
    return dataclasses.replace(intent, name=last)
