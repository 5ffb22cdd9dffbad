"""Active timers counting down, read from the real :class:`TimerStore`.

The store is read on a worker thread (on start and whenever the session reports a data change,
from this app or another process); between reads the countdowns tick locally from each
timer's deadline.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..session import GuiSession
from ..widgets import Card, human_duration, status_label


def open_timer_store(app: Any) -> Any:
    """The app's timer store, or None when the timers capability is not part of this build."""
    try:
        # lazy: start-up speed (loaded only when open_timer_store() runs)
        from pipelines.skills.timer_store import TimerStore
    except ImportError:
        return None
    store = app.services.get("timer_store")
    if store is None:
        store = TimerStore(app.db, ledger=app.ledger)
        app.services["timer_store"] = store
    return store


class _TimerRow(QWidget):
    cancel_requested = Signal(int)

    def __init__(self, timer: Any) -> None:
        super().__init__()
        self.timer = timer
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        text = QVBoxLayout()
        self.name = QLabel((timer.name or "Timer").capitalize())
        self.name.setObjectName("CardTitle")
        self.name.setWordWrap(True)  # a long step name takes two lines instead of being cut
        self.detail = status_label("")
        text.addWidget(self.name)
        text.addWidget(self.detail)
        self.time = QLabel()
        self.time.setObjectName("TimerTime")
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName(f"Cancel the {timer.name or 'unnamed'} timer")
        self.cancel.clicked.connect(lambda: self.cancel_requested.emit(self.timer.id))
        layout.addLayout(text, 1)
        layout.addWidget(self.time)
        layout.addWidget(self.cancel)
        self.setAccessibleName(f"Timer {timer.name or ''}".strip())
        self.tick(time.time())

    def tick(self, now: float) -> None:
        left = self.timer.remaining(now)
        self.time.setText(human_duration(left))
        state = (
            "paused"
            if self.timer.state == "paused"
            else f"of {human_duration(self.timer.duration_s)}"
        )
        self.detail.setText(state)
        self.time.setAccessibleName(f"{human_duration(left)} left")


class TimersPanel(Card):
    """The "Timers" card: one row per running or paused timer, soonest first."""

    refreshed = Signal(int)
    """Emitted after each read with the number of active timers."""

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Timers", parent)
        self.session = session
        self.store = open_timer_store(session.app)
        self.rows: list[_TimerRow] = []
        self.empty = status_label(
            "No timers running. Try “set a timer for 10 minutes”."
            if self.store is not None
            else "Timers are not part of this build."
        )
        self.list = QVBoxLayout()
        self.list.setSpacing(4)
        self.body.addLayout(self.list)
        self.body.addWidget(self.empty)
        self._loading = False
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._tick)
        if self.store is not None:
            session.data_changed.connect(self.refresh)
            session.turn_finished.connect(lambda _turn: self.refresh())
            self._ticker.start()
            self.refresh()

    def refresh(self) -> None:
        if self.store is None or self._loading:
            return
        self._loading = True
        self.session.run(self.store.active, self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.empty.setText(f"Could not read timers: {exc}")
        self.empty.show()

    def _show(self, timers: list[Any]) -> None:
        self._loading = False
        for row in self.rows:
            self.list.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for timer in timers:
            row = _TimerRow(timer)
            row.cancel_requested.connect(self._cancel)
            self.list.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not timers)
        self.refreshed.emit(len(timers))

    def _tick(self) -> None:
        now = time.time()
        for row in self.rows:
            row.tick(now)

    def _cancel(self, timer_id: int) -> None:
        store = self.store
        if store is not None:
            self.session.run(lambda: store.cancel(timer_id), lambda _r: self.refresh())

    def names(self) -> list[str]:
        """The names shown, in order (used by tests and the accessibility tree)."""
        return [row.name.text() for row in self.rows]
