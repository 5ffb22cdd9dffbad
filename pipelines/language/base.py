"""The recogniser contract and the honest fallback used when no intent model is installed."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..core.intent import Intent


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
