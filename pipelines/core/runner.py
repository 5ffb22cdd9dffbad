"""A small pipeline runner in the style of Home Assistant's assist pipeline.

Each stage has ``prepare()`` (load models and fail early with a clear message) and
``process(value, context)``. The runner times each stage, emits START/END/ERROR events on one
bus, wraps unexpected exceptions into :class:`StageProcessError` and keeps the last N runs.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .errors import HomebodyError, StagePrepareError, StageProcessError
from .events import EventBus, EventType, PipelineEvent


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
    """What stages left in ``RunContext.values`` (e.g. the intent of an "ask" run)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def latencies_ms(self) -> dict[str, float]:
        return {s.stage: round(s.latency_ms, 3) for s in self.stages}


class Pipeline:
    """Run a fixed sequence of stages over one input."""

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

    def run(self, value: Any, *, raise_errors: bool = True) -> RunRecord:
        if not self._prepared:
            self.prepare()
        run_id = uuid.uuid4().hex[:12]
        ctx = RunContext(run_id=run_id, bus=self.bus)
        started = time.time()
        self.bus.emit(PipelineEvent(EventType.RUN_START, self.name, started, run_id=run_id))
        records: list[StageRecord] = []
        error: HomebodyError | None = None
        for stage in self.stages:
            self.bus.emit(PipelineEvent(EventType.START, stage.name, time.time(), run_id=run_id))
            t0 = time.perf_counter()
            try:
                value = stage.process(value, ctx)
            except Exception as exc:
                latency = (time.perf_counter() - t0) * 1000
                if isinstance(exc, HomebodyError):
                    error = exc
                else:
                    error = StageProcessError(f"The {stage.name} stage failed: {exc}")
                    error.__cause__ = exc
                records.append(StageRecord(stage.name, latency, False, error.code))
                self.bus.emit(
                    PipelineEvent(
                        EventType.ERROR,
                        stage.name,
                        time.time(),
                        run_id=run_id,
                        latency_ms=latency,
                        error_code=error.code,
                        message=error.message,
                    )
                )
                break
            latency = (time.perf_counter() - t0) * 1000
            records.append(StageRecord(stage.name, latency, True))
            self.bus.emit(
                PipelineEvent(
                    EventType.END, stage.name, time.time(), run_id=run_id, latency_ms=latency
                )
            )
        record = RunRecord(run_id, self.name, started, tuple(records), value, error, ctx.values)
        self.history.append(record)
        self.bus.emit(
            PipelineEvent(
                EventType.RUN_END,
                self.name,
                time.time(),
                run_id=run_id,
                latency_ms=(time.time() - started) * 1000,
                error_code=error.code if error else None,
            )
        )
        if error is not None and raise_errors:
            raise error
        return record
