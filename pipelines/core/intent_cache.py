"""Understand each text once: a bounded cache of intent-model results keyed by text.

One spoken command is judged by the endpointer on every partial transcript, by the chooser
between the recognisers' readings, and acted on by the assistant; each distinct text reaches
the intent model once (``calls`` counts how often it did). The model is a pure function of the
text, so a cached result is exactly what a second call would give.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from .intent import Intent

SIZE = 256


class IntentCache:
    """Wraps an intent recogniser (``prepare()``, ``recognize(text)``, ``name``)."""

    def __init__(self, recognizer: Any, size: int = SIZE) -> None:
        self.inner = recognizer
        self.name = str(getattr(recognizer, "name", "intent"))
        self.size = size
        self.calls = 0
        """How many times the wrapped model was run."""
        self._results: OrderedDict[str, Intent] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(self) -> None:
        # called before every understand() (idempotent on the model): keeps the results
        self.inner.prepare()

    def refresh_taught(self) -> None:
        """The user taught a phrasing: the model's answers may change, so start afresh."""
        self.inner.refresh_taught()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    def recognize(self, text: str) -> Intent:
        key = " ".join(text.split())
        with self._lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
                return hit
        intent: Intent = self.inner.recognize(key)
        with self._lock:
            self.calls += 1
            self._results[key] = intent
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return intent

    def __getattr__(self, name: str) -> Any:
        # anything else (labels, thresholds) is the wrapped recogniser's
        if name == "inner":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)
