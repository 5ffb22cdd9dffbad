"""The time here is read by grammar (no model to load for the commonest question), as the
model reads it: time_query without slots, so the answer is the one the model gave."""

from __future__ import annotations

import pytest

from pipelines.language.loader import intent_model_dir
from pipelines.language.onnx_model import IntentModel
from pipelines.language.recognizer import OnnxIntentRecognizer
from pipelines.language.rules import match

LOCAL = (
    "what time is it",
    "What time is it?",
    "Hey, what time is it now?",
    "what's the time",
    "whats the time right now",
    "what is the current time",
    "what is the local time",
    "Do you know what time it is?",
    "what time is it at the moment",
)
NOT_LOCAL = (
    "what time is it in Tokyo",
    "what time is my alarm",
    "what time is it there",
    "what time is the timer",
    "what time is it when the timer ends",
    "the time",
)


@pytest.mark.parametrize("text", LOCAL)
def test_the_grammar_reads_the_time_here(text: str) -> None:
    found = match(text)
    assert found is not None
    assert (found.name, dict(found.slots), found.alternatives) == ("time_query", {}, ())


@pytest.mark.parametrize("text", NOT_LOCAL)
def test_other_time_questions_are_not_the_time_here(text: str) -> None:
    found = match(text)
    assert found is None or dict(found.slots), text


@pytest.mark.skipif(
    not IntentModel.available(intent_model_dir()), reason="models/intent/ has no bundled model"
)
def test_the_model_reads_them_the_same() -> None:
    model_only = OnnxIntentRecognizer(intent_model_dir(), use_rules=False)
    model_only.prepare()
    for text in LOCAL:
        read = model_only.recognize(text)
        assert (read.name, dict(read.slots)) == ("time_query", {}), text
        assert read.confidence >= model_only.threshold and not read.alternatives, text
