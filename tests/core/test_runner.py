from __future__ import annotations

from typing import Any

import pytest

from pipelines.core.errors import HomebodyError, StagePrepareError, StageProcessError
from pipelines.core.events import EventBus, EventType, PipelineEvent
from pipelines.core.runner import Pipeline, RunContext


class Upper:
    name = "upper"

    def prepare(self) -> None:
        pass

    def process(self, value: Any, context: RunContext) -> Any:
        context.values["seen"] = value
        return str(value).upper()


class Boom:
    name = "boom"

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def prepare(self) -> None:
        pass

    def process(self, value: Any, context: RunContext) -> Any:
        raise self.exc


class BadPrepare(Upper):
    name = "bad"

    def prepare(self) -> None:
        raise FileNotFoundError("model.onnx")


def test_events_and_latencies() -> None:
    bus = EventBus()
    events: list[PipelineEvent] = []
    bus.subscribe(events.append)
    record = Pipeline("p", [Upper()], bus=bus).run("hi")
    assert record.output == "HI" and record.ok
    assert record.values["seen"] == "hi"
    types = [e.type for e in events]
    assert types == [EventType.RUN_START, EventType.START, EventType.END, EventType.RUN_END]
    end = events[2]
    assert end.stage == "upper" and end.latency_ms is not None and end.latency_ms >= 0
    assert set(record.latencies_ms) == {"upper"}


def test_error_event_carries_code_and_stops_run() -> None:
    bus = EventBus()
    events: list[PipelineEvent] = []
    bus.subscribe(events.append)
    pipe = Pipeline("p", [Boom(HomebodyError("nope", code="x_failed")), Upper()], bus=bus)
    with pytest.raises(HomebodyError):
        pipe.run("hi")
    errors = [e for e in events if e.type is EventType.ERROR]
    assert errors[0].error_code == "x_failed" and errors[0].message == "nope"
    assert not any(e.stage == "upper" for e in events)
    record = pipe.run("hi", raise_errors=False)
    assert not record.ok and record.error is not None


def test_unexpected_exception_is_wrapped_with_cause() -> None:
    pipe = Pipeline("p", [Boom(ValueError("bad"))])
    with pytest.raises(StageProcessError) as info:
        pipe.run(1)
    assert isinstance(info.value.__cause__, ValueError)
    assert "boom" in info.value.message


def test_prepare_fails_early_with_clear_message() -> None:
    with pytest.raises(StagePrepareError, match="bad stage could not start"):
        Pipeline("p", [BadPrepare()]).prepare()


def test_history_is_capped() -> None:
    pipe = Pipeline("p", [Upper()], history_size=3)
    for i in range(5):
        pipe.run(str(i))
    assert [r.output for r in pipe.history] == ["2", "3", "4"]


def test_broken_subscriber_does_not_break_pipeline() -> None:
    bus = EventBus()

    def broken(event: PipelineEvent) -> None:
        raise RuntimeError("subscriber bug")

    seen: list[PipelineEvent] = []
    bus.subscribe(broken)
    unsubscribe = bus.subscribe(seen.append)
    assert Pipeline("p", [Upper()], bus=bus).run("a").output == "A"
    assert seen
    unsubscribe()
    count = len(seen)
    Pipeline("p", [Upper()], bus=bus).run("a")
    assert len(seen) == count
