"""The recogniser contract and the honest fallback used when no intent model is installed."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..core.intent import Intent, SlotValue

GRAMMAR_CONFIDENCE = 0.99
"""The confidence of a request a capability grammar read completely (:mod:`.rules`)."""


def grammar_intent(
    name: str, text: str, slots: dict[str, SlotValue], raw: dict[str, str]
) -> Intent:
    """The intent a capability grammar read: its slots normalised, the words as said."""
    return Intent(name, slots, GRAMMAR_CONFIDENCE, text=text, raw_slots=raw)


@runtime_checkable
class IntentRecognizer(Protocol):
    name: str

    def prepare(self) -> None:
        """Load the model (one warm session); raise ModelError with a clear message."""

    def recognize(self, text: str) -> Intent:
        """Map one utterance to its intent and normalised slots."""


class NoModelRecognizer:
    """Used when the intent model is missing: understands nothing, and says so."""

    name = "none"

    def prepare(self) -> None:
        return None

    def recognize(self, text: str) -> Intent:
        return Intent("out_of_scope", {}, 0.0, text=text)
