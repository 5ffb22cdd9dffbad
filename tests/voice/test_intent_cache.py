"""Understand each text once: the assistant's cache in front of the intent model."""

from __future__ import annotations

import copy

from pipelines.core.intent import Intent
from pipelines.core.intent_cache import IntentCache


class Model:
    name = "counting"
    labels = ("time_query",)

    def __init__(self) -> None:
        self.runs: list[str] = []

    def prepare(self) -> None:
        pass

    def recognize(self, text: str) -> Intent:
        self.runs.append(text)
        return Intent("time_query", {}, 0.9, text=text)


def test_each_distinct_text_reaches_the_model_once() -> None:
    model = Model()
    cache = IntentCache(model)
    for text in ("what time is it", "what  time is it ", "what time", "what time is it"):
        cache.recognize(text)
    assert model.runs == ["what time is it", "what time"] and cache.calls == 2


def test_the_oldest_texts_leave_a_full_cache() -> None:
    model = Model()
    cache = IntentCache(model, size=2)
    for text in ("a", "b", "a", "c", "b"):  # "a" was used again, so "b" left first
        cache.recognize(text)
    assert model.runs == ["a", "b", "c", "b"]


def test_the_cache_passes_the_models_name_and_attributes_on_and_copies() -> None:
    cache = IntentCache(Model())
    assert cache.name == "counting" and cache.labels == ("time_query",)
    assert copy.copy(cache).recognize("hi").name == "time_query"


def test_the_assistant_understands_through_one_cache(app: object) -> None:
    from pipelines.assistant import Assistant

    model = Model()
    assistant = Assistant(app, recognizer=model)  # type: ignore[arg-type]
    assistant.understand("what time is it")  # the endpointer / the chooser
    assistant.ask("what time is it", source="voice")  # act: no second run
    assert model.runs == ["what time is it"]


def test_teaching_the_model_forgets_old_answers() -> None:
    class Teachable(Model):
        def refresh_taught(self) -> None:
            pass

    model = Teachable()
    cache = IntentCache(model)
    cache.recognize("movie time")
    cache.refresh_taught()
    cache.prepare()  # understand() prepares every time: that keeps the answers
    cache.recognize("movie time")
    assert model.runs == ["movie time"] * 2
