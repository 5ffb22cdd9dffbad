"""Detect and log UI stalls: a heartbeat timer that measures how late it fires."""

from __future__ import annotations

import logging
import time
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("homebody.gui.stall")

STALL_MS = 50.0


class StallMonitor(QObject):
    """Fires every ``interval_ms``; a beat arriving more than ``threshold_ms`` late is a stall."""

    stalled = Signal(float)

    def __init__(
        self, interval_ms: int = 20, threshold_ms: float = STALL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.threshold_ms = threshold_ms
        self.stalls: deque[tuple[float, float]] = deque(maxlen=200)
        """(wall time, lateness in ms) of recent stalls."""
        self.beats = 0
        self.lateness: deque[float] = deque(maxlen=100_000)
        """Lateness (ms) of every beat, for benchmarks."""
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        late_ms = (now - self._last) * 1000.0 - self.interval_ms
        self._last = now
        self.beats += 1
        self.lateness.append(late_ms)
        if late_ms > self.threshold_ms:
            self.stalls.append((time.time(), late_ms))
            log.warning("UI stall: the event loop was blocked for %.0f ms", late_ms)
            self.stalled.emit(late_ms)
