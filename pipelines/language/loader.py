"""Pick the intent recogniser: the bundled ONNX model when present, else the honest fallback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.paths import bundled_models_dir
from .base import IntentRecognizer, NoModelRecognizer

if TYPE_CHECKING:
    from ..app_context import AppContext


def intent_model_dir() -> Path:
    return bundled_models_dir() / "intent"


def load_recognizer(app: AppContext, on_demand: bool = False) -> IntentRecognizer:
    """The SqueezeBERT int8 recogniser (with the user's taught phrasings) when bundled;
    ``on_demand``: the model loads at the first request the grammars do not read."""
    # lazy: start-up speed (.onnx_model, .recognizer, .taught load only when load_recognizer() runs)
    from .onnx_model import IntentModel

    folder = intent_model_dir()
    if not IntentModel.available(folder):
        return NoModelRecognizer()
    # lazy: start-up speed (.recognizer loads only when load_recognizer() runs)
    from .recognizer import OnnxIntentRecognizer

    # lazy: start-up speed (.taught loads only when load_recognizer() runs)
    from .taught import TaughtExamples

    return OnnxIntentRecognizer(
        folder,
        threads=app.settings.nlu.threads,
        threshold=app.settings.nlu.confidence_threshold,
        taught=TaughtExamples(app),
        ledger=app.ledger,
        cache_dir=app.paths.cache_dir / "nlu",
        on_demand=on_demand,
    )
