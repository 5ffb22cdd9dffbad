"""Marshal pipeline events onto the GUI thread.

:class:`~pipelines.core.events.EventBus` callbacks and ledger listeners fire on whatever thread
the pipeline runs on. The bridge's callbacks only *emit Qt signals*; because the bridge lives
on the GUI thread, Qt queues those signals and delivers them to widgets on the GUI thread.
Widgets never touch the bus directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from pipelines.core.events import EventType, PipelineEvent
from pipelines.privacy.ledger import LedgerEntry


class EventBridge(QObject):
    pipeline_event = Signal(object)
    """Every :class:`PipelineEvent`."""
    progress = Signal(object)
    """PROGRESS events: partial transcripts, wake-word scores."""
    notice = Signal(object)
    """NOTICE events: timers finished, cameras dropped, egress decisions."""
    ledger_entry = Signal(object)
    """A new :class:`LedgerEntry` was written."""

    def __init__(self, app: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False
        self._unsubscribe: Callable[[], None] = app.bus.subscribe(self._on_event)
        app.ledger.subscribe(self._on_ledger)

    def _on_event(self, event: PipelineEvent) -> None:  # any thread
        if self._closed:
            return
        self.pipeline_event.emit(event)
        if event.type is EventType.PROGRESS:
            self.progress.emit(event)
        elif event.type is EventType.NOTICE:
            self.notice.emit(event)

    def _on_ledger(self, entry: LedgerEntry) -> None:  # any thread
        if not self._closed:
            self.ledger_entry.emit(entry)

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()
