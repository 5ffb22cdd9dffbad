"""end_of_turn.recognisers_agree: when PocketSphinx's partial backs Whisper's complete reading
of a pause (the early agreement of utterance_recognition)."""

from __future__ import annotations

import pytest

from pipelines.core.intent import Intent
from pipelines.speech.pipeline import end_of_turn
from pipelines.speech.pipeline.end_of_turn import recognisers_agree

INTENTS = {
    "what month is this": Intent("date_query", confidence=0.97),
    "what month is the": Intent("date_query", confidence=0.7),
    "yes go for": Intent("affirm", confidence=0.9),
    "yes go for it": Intent("affirm", confidence=0.99),
    "film wake me up twenty first": Intent("alarm_set", confidence=0.8),
    "don't wake me up the twenty first": Intent("alarm_cancel", confidence=0.95),
}


def understand(text: str) -> Intent:
    return INTENTS.get(text, Intent("out_of_scope", confidence=0.2))


@pytest.mark.parametrize(
    ("partial", "whisper", "likely", "agree"),
    [
        ("what month is the", "what month is this", False, True),  # same intent, ends on "the"
        ("yes go for", "yes go for it", False, True),  # the last word not yet in the partial
        ("film wake me up twenty first", "don't wake me up the twenty first", True, True),
        ("film wake me up twenty first", "don't wake me up the twenty first", False, False),
        ("will you quickly", "don't wake me up the twenty first", False, False),  # garbled
        ("", "what month is this", True, False),
    ],
)
def test_agreement(partial: str, whisper: str, likely: bool, agree: bool) -> None:
    assert recognisers_agree(partial, whisper, understand, likely) is agree


def test_the_earlier_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(end_of_turn, "AGREE_ON_LIKELY", False)
    monkeypatch.setattr(end_of_turn, "AGREE_MID_PHRASE", False)
    assert not recognisers_agree("what month is the", "what month is this", understand, False)
    assert not recognisers_agree(
        "film wake me up twenty first", "don't wake me up the twenty first", understand, True
    )
    assert recognisers_agree("yes go for it", "yes go for it", understand, False)
