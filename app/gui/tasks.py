"""Run pipeline work off the GUI thread and deliver results back through Qt signals.

One long-lived relay object per runner lives on the GUI thread; workers emit its signals with
a ticket number, Qt queues them to the GUI thread, and the runner calls the callbacks there.
No QObject is created or destroyed per task.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], ticket: int, relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.ticket = ticket
        self.relay = relay

    def run(self) -> None:  # worker thread
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI as a signal, never swallowed
            log.debug("background task failed", exc_info=True)
            self.relay.failed.emit(self.ticket, exc)
            return
        self.relay.done.emit(self.ticket, result)


class TaskRunner(QObject):
    """A pool of worker threads. ``serial=True`` runs one task at a time, in order."""

    def __init__(self, serial: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1 if serial else 2)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._relay.failed.connect(self._fail)
        self._tickets = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        ticket = next(self._tickets)
        self._pending[ticket] = (on_done, on_error)
        self.pool.start(_Job(fn, ticket, self._relay))

    def _deliver(self, ticket: int, result: Any) -> None:  # GUI thread
        on_done, _on_error = self._pending.pop(ticket, (None, None))
        if on_done is not None and _alive(on_done):
            on_done(result)

    def _fail(self, ticket: int, exc: BaseException) -> None:  # GUI thread
        _on_done, on_error = self._pending.pop(ticket, (None, None))
        if on_error is not None:
            if _alive(on_error):
                on_error(exc)
        else:
            log.error("background task failed: %s", exc)

    def forget_pending(self) -> None:
        """Drop the callbacks of tasks still in flight (their widgets are going away)."""
        self._pending.clear()

    @property
    def busy(self) -> bool:
        """True while a task has not delivered its result to the GUI thread yet."""
        return bool(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


def _alive(callback: Callable[..., Any]) -> bool:
    """False for a bound method of a widget that Qt has already deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
