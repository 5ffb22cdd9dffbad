"""`homebody ask` starts building the intent model's session before the assistant is put
together, when the grammars will not read the request: the same answers, errors on the
caller's thread, nothing started for a request the grammars read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.errors import ModelError
from pipelines.language.loader import intent_model_dir
from pipelines.language.onnx_model import MODEL_FILE, IntentModel
from pipelines.language.recognizer import OnnxIntentRecognizer

pytestmark = pytest.mark.skipif(
    not IntentModel.available(intent_model_dir()),
    reason="models/intent/ has no bundled model (rebuild: python -m training.build)",
)


def test_a_preloaded_model_answers_as_one_loaded_on_demand(tmp_path: Path) -> None:
    text = "add milk and eggs to my shopping list"
    early = OnnxIntentRecognizer(intent_model_dir(), cache_dir=tmp_path, on_demand=True)
    early.preload(text)
    assert early.model._pending is not None  # building on its own thread
    assert early.model.session is None
    late = OnnxIntentRecognizer(intent_model_dir(), cache_dir=tmp_path, on_demand=True)
    first, second = early.recognize(text), late.recognize(text)
    assert early.model._pending is None and early.model.session is not None
    assert (first.name, dict(first.slots)) == (second.name, dict(second.slots))
    assert first.confidence == pytest.approx(second.confidence, abs=1e-6)


def test_a_request_the_grammars_read_starts_no_model(tmp_path: Path) -> None:
    recognizer = OnnxIntentRecognizer(intent_model_dir(), cache_dir=tmp_path, on_demand=True)
    for text in ("what time is it in Tokyo", "convert 5 miles to km", "  ", "?!"):
        recognizer.preload(text)
        assert recognizer.model._pending is None, text
    assert recognizer.recognize("what time is it in Tokyo").name == "time_query"
    assert recognizer.model.session is None


def test_a_damaged_model_fails_the_request_not_the_preload(tmp_path: Path) -> None:
    for name in ("labels.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((intent_model_dir() / name).read_bytes())
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    broken = OnnxIntentRecognizer(tmp_path, on_demand=True)
    broken.preload("add milk to my shopping list")  # raises nothing here
    with pytest.raises(ModelError, match="could not load the intent model"):
        broken.recognize("add milk to my shopping list")
    assert broken.model._pending is None
