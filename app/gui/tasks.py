"""Run pipeline work off the GUI thread and deliver results back through Qt signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI as a signal, never swallowed
            log.debug("background task failed", exc_info=True)
            self.relay.failed.emit(exc)
            return
        self.relay.done.emit(result)


class TaskRunner(QObject):
    """A named pool of worker threads. ``serial=True`` runs one task at a time, in order."""

    def __init__(self, serial: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1 if serial else 2)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        relay = _Relay(self)  # lives on the GUI thread: its signals are queued to it
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        if on_done is not None:
            relay.done.connect(on_done)
        if on_error is not None:
            relay.failed.connect(on_error)
        else:
            relay.failed.connect(lambda exc: log.error("background task failed: %s", exc))
        relay.done.connect(finish)
        relay.failed.connect(finish)
        self.pool.start(_Job(fn, relay))

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
