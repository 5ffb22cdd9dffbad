"""A small pipeline runner in the style of Home Assistant's assist pipeline.

Each stage has ``prepare()`` (load models and fail early with a clear message) and
``process(value, context)``. One :class:`PipelineRun` is one request (a typed question, one
spoken turn) with one ``run_id``: every stage of it emits START, then END or ERROR, on one bus;
unexpected exceptions become :class:`StageProcessError`; the pipeline keeps the last N runs.

Stages that work on a stream (the wake word, speech recognition) are driven from outside with
:meth:`PipelineRun.start` / :meth:`PipelineRun.end` / :meth:`PipelineRun.fail`; the stages
that turn one value into the next run with :meth:`PipelineRun.process` (``start_stage`` /
``end_stage`` choose which: a text turn enters at "understand").
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, runtime_checkable

from .errors import HomebodyError, StagePrepareError, StageProcessError
from .events import EventBus, EventType, Payload, PipelineEvent

T = TypeVar("T")


@runtime_checkable
class Stage(Protocol):
    name: str

    def prepare(self) -> None:
        """Load what the stage needs; raise a HomebodyError with a clear message if it can't."""

    def process(self, value: Any, context: RunContext) -> Any:
        """Turn the previous stage's output into this stage's output."""


@dataclass
class RunContext:
    """Mutable per-run scratch space shared by the stages of one run."""

    run_id: str
    bus: EventBus
    values: dict[str, Any] = field(default_factory=dict)

    def progress(self, stage: str, **data: Any) -> None:
        self.bus.emit(
            PipelineEvent(EventType.PROGRESS, stage, time.time(), run_id=self.run_id, data=data)
        )


@dataclass(frozen=True)
class StageRecord:
    stage: str
    latency_ms: float
    ok: bool
    error_code: str | None = None


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    pipeline: str
    started: float
    stages: tuple[StageRecord, ...]
    output: Any
    error: HomebodyError | None
    values: dict[str, Any] = field(default_factory=dict)
    """What stages left in ``RunContext.values`` (e.g. the intent of a turn)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def latencies_ms(self) -> dict[str, float]:
        return {s.stage: round(s.latency_ms, 3) for s in self.stages}


def as_homebody_error(stage: str, exc: BaseException) -> HomebodyError:
    """``exc`` itself when it is one of ours (its stable code), else wrapped with its cause."""
    if isinstance(exc, HomebodyError):
        return exc
    error = StageProcessError(f"The {stage} stage failed: {exc}")
    error.__cause__ = exc
    return error


class PipelineRun:
    """One request through the pipeline: one run_id, stage events, then one history record."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.run_id = os.urandom(6).hex()  # 12 random hex digits (uuid: ~5 ms to import)
        self.context = RunContext(self.run_id, pipeline.bus)
        self.started = time.time()
        self.records: list[StageRecord] = []
        self.error: HomebodyError | None = None
        self.finished = False
        self._t0: dict[str, float] = {}
        self._emit(EventType.RUN_START, pipeline.name)

    @property
    def values(self) -> dict[str, Any]:
        return self.context.values

    def _emit(self, kind: EventType, stage: str, **fields: Any) -> None:
        self.pipeline.bus.emit(
            PipelineEvent(kind, stage, time.time(), run_id=self.run_id, **fields)
        )

    def start(self, stage: str) -> None:
        self._t0[stage] = time.perf_counter()
        self._emit(EventType.START, stage)

    def end(
        self, stage: str, payload: Payload | None = None, latency_ms: float | None = None
    ) -> None:
        """The stage is done; ``latency_ms`` overrides the time since :meth:`start` (a
        streaming stage reports the part the user waited for)."""
        if latency_ms is None:
            latency_ms = (time.perf_counter() - self._t0.pop(stage, time.perf_counter())) * 1000
        self.records.append(StageRecord(stage, latency_ms, True))
        self._emit(EventType.END, stage, latency_ms=latency_ms, payload=payload)

    def fail(self, stage: str, exc: BaseException) -> HomebodyError:
        """The stage failed: an ERROR event with the error's stable code; the run is failed."""
        error = as_homebody_error(stage, exc)
        latency = (time.perf_counter() - self._t0.pop(stage, time.perf_counter())) * 1000
        self.records.append(StageRecord(stage, latency, False, error.code))
        self._emit(
            EventType.ERROR, stage, latency_ms=latency, error_code=error.code, message=error.message
        )
        self.error = error
        return error

    def call(self, stage: str, fn: Callable[[], T], payload: Callable[[T], Payload | None]) -> T:
        """Run ``fn`` as ``stage`` (START, then END with ``payload(result)`` or ERROR);
        re-raises the error as a HomebodyError."""
        self.start(stage)
        try:
            result = fn()
        except Exception as exc:
            raise self.fail(stage, exc) from exc
        self.end(stage, payload(result))
        return result

    def process(
        self, value: Any, start_stage: str | None = None, end_stage: str | None = None
    ) -> Any:
        """Run the pipeline's stages from ``start_stage`` through ``end_stage`` (default: all)
        on ``value``; stops at the first failing one (``self.error`` is then set)."""
        for stage in self.pipeline.stages_between(start_stage, end_stage):
            self.start(stage.name)
            try:
                value = stage.process(value, self.context)
            except Exception as exc:
                self.fail(stage.name, exc)
                return None
            self.end(stage.name, getattr(stage, "payload", _no_payload)(value))
        return value

    def finish(self, output: Any = None) -> RunRecord:
        """End the run (idempotent): its record joins the capped history."""
        record = RunRecord(
            self.run_id,
            self.pipeline.name,
            self.started,
            tuple(self.records),
            output,
            self.error,
            self.context.values,
        )
        if self.finished:
            return record
        self.finished = True
        self.pipeline.history.append(record)
        self._emit(
            EventType.RUN_END,
            self.pipeline.name,
            latency_ms=(time.time() - self.started) * 1000,
            error_code=self.error.code if self.error else None,
        )
        return record


def _no_payload(_value: Any) -> None:
    return None


class Pipeline:
    """A fixed sequence of stages; each request is one :class:`PipelineRun`."""

    def __init__(
        self,
        name: str,
        stages: Sequence[Stage],
        bus: EventBus | None = None,
        history_size: int = 50,
    ) -> None:
        self.name = name
        self.stages = tuple(stages)
        self.bus = bus or EventBus()
        self.history: deque[RunRecord] = deque(maxlen=history_size)
        self._prepared = False

    def prepare(self) -> None:
        for stage in self.stages:
            try:
                stage.prepare()
            except HomebodyError:
                raise
            except Exception as exc:
                raise StagePrepareError(f"The {stage.name} stage could not start: {exc}") from exc
        self._prepared = True

    def stages_between(self, start: str | None, end: str | None) -> tuple[Stage, ...]:
        names = [s.name for s in self.stages]
        first = names.index(start) if start is not None else 0
        last = names.index(end) if end is not None else len(names) - 1
        return self.stages[first : last + 1]

    def begin(self) -> PipelineRun:
        """Open a run (RUN_START); stages then report into it; :meth:`PipelineRun.finish`."""
        if not self._prepared:
            self.prepare()
        return PipelineRun(self)

    def run(
        self,
        value: Any,
        *,
        start_stage: str | None = None,
        end_stage: str | None = None,
        raise_errors: bool = True,
    ) -> RunRecord:
        run = self.begin()
        output = run.process(value, start_stage, end_stage)
        record = run.finish(output)
        if record.error is not None and raise_errors:
            raise record.error
        return record
