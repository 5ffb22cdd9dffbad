"""The conversation history: what was said, what Homebody understood, what it answered."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from pipelines.services import HistoryTurn

from ..fmt import describe_understanding, keep_units

__all__ = ["ConversationView", "describe_understanding"]

EMPTY_HINT = (
    "Say “Okay Nabu” or type below. Try:\n"
    "• set a pasta timer for 10 minutes\n"
    "• add eggs and basil to the shopping list\n"
    "• wake me up at 6:30 on weekdays\n"
    "• how many grams is a cup of flour?\n"
    "• where are my keys?"
)
BUBBLE_SHARE = 0.85
"""A bubble is at most this share of the conversation's width."""


def satellite_name(source: str) -> str:
    """The room a turn came from when a Wyoming satellite heard it (history source
    ``satellite:<name>``), else ""."""
    return source.removeprefix("satellite:").strip() if source.startswith("satellite:") else ""


class _Bubble(QWidget):
    def __init__(self, text: str, mine: bool, note: str = "", when: float | None = None) -> None:
        super().__init__()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 2)
        frame = QFrame()
        frame.setObjectName("UserBubble" if mine else "BotBubble")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(12, 8, 12, 8)
        inner.setSpacing(2)
        self.text = QLabel(keep_units(text))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.text)
        self.note = QLabel(note)
        self.note.setObjectName("Understood")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        inner.addWidget(self.note)
        self.frame = frame
        metrics = self.text.fontMetrics()
        self.widest = max(
            metrics.horizontalAdvance(text), self.note.fontMetrics().horizontalAdvance(note)
        )
        self.fit(460)
        stamp = time.strftime("%H:%M", time.localtime(when or time.time()))
        speaker = "You" if mine else "Homebody"
        self.setAccessibleName(f"{speaker} at {stamp}: {text}" + (f". {note}" if note else ""))
        if mine:
            outer.addStretch(1)
            outer.addWidget(frame)
        else:
            outer.addWidget(frame)
            outer.addStretch(1)

    def fit(self, room: int) -> None:
        """At most ``room`` px wide; wide enough that short replies don't wrap needlessly."""
        room = max(120, room)
        self.frame.setMaximumWidth(room)
        self.frame.setMinimumWidth(min(int(self.widest * 1.25) + 60, room))  # before styling


class ConversationView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Conversation history")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        self.column = QVBoxLayout(holder)
        self.column.setContentsMargins(4, 4, 12, 4)
        self.column.setSpacing(4)
        self.column.addStretch(1)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("What you can say")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.hint)
        self.column.addStretch(1)
        self.setWidget(holder)
        self.bubbles: list[_Bubble] = []
        self._pending: _Bubble | None = None
        self._follow = True
        """Keep the newest bubble in view (until the user scrolls up to read older ones)."""
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._scrolled)

    def _room(self) -> int:
        return int(self.viewport().width() * BUBBLE_SHARE)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for bubble in self.bubbles:
            bubble.fit(self._room())

    def _add(self, bubble: _Bubble) -> _Bubble:
        self.hint.hide()
        bubble.fit(self._room())
        self.column.addWidget(bubble)
        self.bubbles.append(bubble)
        self._follow = True  # a new turn: show it
        self._scroll_to_end()
        return bubble

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _range_changed(self, _low: int, _high: int) -> None:
        if self._follow:
            self._scroll_to_end()

    def _scrolled(self, value: int) -> None:
        self._follow = value >= self.verticalScrollBar().maximum() - 4

    def newest_in_view(self) -> bool:
        """True when the last bubble is wholly visible."""
        if not self.bubbles:
            return True
        last = self.bubbles[-1]
        top = last.mapTo(self.viewport(), last.rect().topLeft()).y()
        return last.height() > 0 and top >= 0 and top + last.height() <= self.viewport().height()

    def add_user(self, text: str, when: float | None = None) -> None:
        self._add(_Bubble(text, True, when=when))

    def add_thinking(self) -> None:
        self._pending = self._add(_Bubble("…", False))

    def add_reply(self, text: str, note: str = "", when: float | None = None) -> None:
        if self._pending is not None:
            self.column.removeWidget(self._pending)
            self.bubbles.remove(self._pending)
            self._pending.deleteLater()
            self._pending = None
        self._add(_Bubble(text, False, note, when))

    def add_turn(self, turn: Any) -> None:
        intent = turn.intent
        note = describe_understanding(intent.name, dict(intent.slots), float(intent.confidence))
        self.add_reply(turn.response.text, note)

    def add_history_turn(self, turn: HistoryTurn) -> None:
        note = describe_understanding(turn.intent, turn.slots, turn.confidence)
        room = satellite_name(turn.source)
        self.add_user(turn.text, turn.ts)
        self.add_reply(turn.response, f"heard by {room} · {note}" if room else note, turn.ts)

    def clear(self) -> None:
        """Remove every bubble (the history was deleted)."""
        for bubble in self.bubbles:
            self.column.removeWidget(bubble)
            bubble.deleteLater()
        self.bubbles = []
        self._pending = None
        self.hint.show()

    @property
    def waiting(self) -> bool:
        """True while a reply is still being worked out."""
        return self._pending is not None

    def texts(self) -> list[str]:
        return [b.text.text() for b in self.bubbles]

    def notes(self) -> list[str]:
        return [b.note.text() for b in self.bubbles if b.note.text()]
