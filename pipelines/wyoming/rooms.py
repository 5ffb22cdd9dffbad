"""Room context for requests from a satellite: "turn on the lights" said in the bedroom means
the bedroom's lights when no room is named. Done where the skills read it — the intent's
``room`` slot — without changing the skills."""

from __future__ import annotations

import dataclasses

from ..core.intent import Intent
from ..language.base import IntentRecognizer

ROOM_INTENTS = frozenset({"light_on", "light_off", "light_set", "device_on", "device_off"})
"""Intents whose skill reads a ``room`` slot."""


class RoomRecognizer:
    """The intent model, with the satellite's room filled in where none was said."""

    def __init__(self, base: IntentRecognizer, room: str) -> None:
        self.base = base
        self.room = room
        self.name = f"{getattr(base, 'name', 'intent')}@{room}"

    def prepare(self) -> None:
        self.base.prepare()

    def recognize(self, text: str) -> Intent:
        intent = self.base.recognize(text)
        if not self.room or intent.name not in ROOM_INTENTS or intent.slots.get("room"):
            return intent
        return dataclasses.replace(intent, slots={**intent.slots, "room": self.room})
