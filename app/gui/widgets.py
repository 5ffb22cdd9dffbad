"""Small building blocks shared by the pages: cards, page headers, status labels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .fmt import human_duration, human_size

__all__ = [
    "Card",
    "ElidedLabel",
    "ask_yes_no",
    "human_duration",
    "human_size",
    "page_header",
    "row",
    "set_tone",
    "status_label",
]


class Card(QFrame):
    """A rounded panel with an optional title; add content to ``body``."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 14, 16, 14)
        self.body.setSpacing(8)
        self.title_label: QLabel | None = None
        if title:
            self.title_label = QLabel(title)
            self.title_label.setObjectName("CardTitle")
            self.body.addWidget(self.title_label)
            self.setAccessibleName(title)


def page_layout(page: QWidget) -> QVBoxLayout:
    """The outer layout every page uses: the same margins and spacing everywhere."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    return layout


def page_header(title: str, subtitle: str = "") -> tuple[QWidget, QLabel]:
    """A page title with a muted subtitle line; returns (widget, subtitle label)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    layout.setSpacing(2)
    heading = QLabel(title)
    heading.setObjectName("PageTitle")
    heading.setAccessibleName(f"{title} page")
    sub = QLabel(subtitle)
    sub.setObjectName("PageSubtitle")
    sub.setWordWrap(True)
    sub.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
    layout.addWidget(heading)
    layout.addWidget(sub)
    return box, sub


class ElidedLabel(QLabel):
    """One line that shortens itself in the middle ("/home/…/settings.toml") to fit its width;
    the whole text is the tooltip and the accessible description."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideMiddle, width)
        if shown != self.text():
            self.setText(shown)


def status_label(text: str = "", tone: str = "Muted") -> QLabel:
    label = QLabel(text)
    label.setObjectName(tone)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_tone(label: QLabel, tone: str) -> None:
    """Switch a label between the Good/Warn/Bad/Muted styles."""
    if label.objectName() != tone:
        label.setObjectName(tone)
        style = label.style()
        style.unpolish(label)
        style.polish(label)


class UpdatesOnSet:
    """A widget attribute that calls its owner's ``_update()`` when set, so the widget's
    buttons follow at once (e.g. a test handing in a fake microphone: "Listen" enables)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        return self if obj is None else getattr(obj, self.slot, None)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj, self.slot, value)
        obj._update()


def needs_text(button: QAbstractButton, entry: QLineEdit, reason: str) -> None:
    """Enable ``button`` only while ``entry`` holds text; disabled, its tooltip says why."""

    def update(text: str) -> None:
        button.setEnabled(bool(text.strip()))
        button.setToolTip("" if text.strip() else reason)

    entry.textChanged.connect(update)
    update(entry.text())


def row(*widgets: QWidget, stretch_last: bool = False) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setSpacing(8)
    for w in widgets:
        layout.addWidget(w)
    if not stretch_last:
        layout.addStretch(1)
    return layout


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question with No as the default (for deleting things)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
