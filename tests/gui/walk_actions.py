"""Press every enabled button of a page the way a user would, and list what went wrong.

A button that looks clickable must do its job: after each press (questions answered "Yes",
file choosers cancelled, windows it opens closed again) nothing may raise, nothing may log an
error, and no new "Bad" message may appear on the page. A button that cannot succeed must be
disabled and say why in its tooltip instead (``disabled_without_reason``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QWidget,
)

from .walk import visible

PressCheck = Callable[[], None]


def button_key(button: QAbstractButton) -> str:
    return button.accessibleName() or button.text() or button.objectName()


def pressable(root: QWidget) -> list[QAbstractButton]:
    """The visible, enabled buttons a user can press under ``root`` (not a form's toggles,
    not the inner arrows of tab bars, spin boxes, combo boxes and scroll bars)."""
    found = []
    for button in root.findChildren(QAbstractButton):
        if isinstance(button, QCheckBox | QRadioButton) or not visible(button):
            continue
        if not button.isEnabled() or button.isCheckable():
            continue
        parent = button.parentWidget()
        if isinstance(parent, QTabBar | QAbstractSpinBox | QComboBox | QScrollBar):
            continue
        found.append(button)
    return found


def bad_messages(root: QWidget) -> set[str]:
    """The texts of the page's visible error messages (labels in the "Bad" tone)."""
    return {
        label.text()
        for label in root.findChildren(QLabel)
        if label.objectName() == "Bad" and visible(label) and label.text().strip()
    }


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({record.exc_info[1]!r})"
        self.messages.append(message)


@contextmanager
def safe_seams(monkeypatch: Any, save_to: Any) -> Iterator[None]:
    """Questions are answered "Yes" (the action itself runs), open-file choosers are cancelled,
    a save-file chooser names a file under ``save_to``, and no dialog blocks the walk."""
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: yes))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda _p, _t, name="", *a, **k: (str(save_to / (name or "file")), "")),
    )
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    yield


def press_all(
    root: QWidget, qtbot: Any, settle: Callable[[], None], skip: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Press each enabled button under ``root`` once (buttons that appear after a press are
    pressed too). Returns (problems, the buttons pressed)."""
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    problems: list[str] = []
    pressed: list[str] = []
    try:
        while True:
            todo = [b for b in pressable(root) if button_key(b) not in {*pressed, *skip}]
            if not todo:
                break
            button = todo[0]
            key = button_key(button)
            pressed.append(key)
            before = bad_messages(root)
            windows = set(QApplication.topLevelWidgets())
            errors.messages.clear()
            with qtbot.capture_exceptions() as raised:
                button.click()
                settle()
            new_bad = bad_messages(root) - before
            problems += [f"{key!r}: raised {exc!r}" for _t, exc, _tb in raised]
            problems += [f"{key!r}: logged {m!r}" for m in errors.messages]
            problems += [f"{key!r}: showed {m!r}" for m in sorted(new_bad)]
            for window in set(QApplication.topLevelWidgets()) - windows:
                if window.isVisible():
                    problems += [f"{key!r}: opened {t!r}" for t in bad_messages(window)]
                    window.close()
    finally:
        logging.getLogger().removeHandler(errors)
    return problems, pressed


def disabled_without_reason(root: QWidget) -> list[str]:
    """Visible disabled buttons must say in their tooltip why they are disabled."""
    return [
        f"{button_key(b)!r}: disabled without saying why"
        for b in root.findChildren(QAbstractButton)
        if visible(b)
        and not b.isEnabled()
        and not b.toolTip()
        and not isinstance(b.parentWidget(), QTabBar | QAbstractSpinBox | QComboBox | QScrollBar)
    ]


def select_first_rows(root: QWidget) -> list[str]:
    """Select the first row of every visible list or table under ``root`` that has one (the
    buttons that act on "the selected …" are pressed next); returns the views' names."""
    from PySide6.QtWidgets import QAbstractItemView

    chosen = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not visible(view) or model is None or model.rowCount() == 0:
            continue
        if view.selectionMode() == QAbstractItemView.SelectionMode.NoSelection:
            continue
        view.setCurrentIndex(model.index(0, 0))
        view.selectionModel().select(
            model.index(0, 0),
            view.selectionModel().SelectionFlag.ClearAndSelect
            | view.selectionModel().SelectionFlag.Rows,
        )
        chosen.append(view.accessibleName() or type(view).__name__)
    return chosen
