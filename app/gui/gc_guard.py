"""Cyclic garbage collected on the GUI thread only.

Python's cycle collector runs on whichever thread happens to allocate when a threshold is
passed. A cycle that holds Qt objects (a widget and a lambda connected to its signal) collected
on a worker thread destroys those objects off the GUI thread, and Qt crashes: CI saw a
segmentation fault while a worker built the assistant ("Garbage-collecting" in the worker's
stack). While a window is open, automatic collection is therefore off, and a timer on the GUI
thread collects whenever the allocation counts pass the same thresholds Python uses.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Runs ``gc.collect`` on the GUI thread as often as Python itself would have."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(_INTERVAL_MS)

    def check(self) -> int:
        """Collect the oldest generation whose count passed its threshold; the generation
        collected, or -1 when none had."""
        first, second, third = gc.get_threshold()
        young, middle, old = gc.get_count()
        if young < first:
            return -1
        generation = 2 if old >= third else 1 if middle >= second else 0
        gc.collect(generation)
        return generation

    def stop(self) -> None:
        """Stop the timer, collect once here, and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
