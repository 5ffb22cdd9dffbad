"""Keyboard use of a page: every control has a name a screen reader says and is reached by Tab.

``keyboard_problems`` presses Tab from the page's first control until focus has gone round the
window, and lists the visible, enabled controls focus never reached (or cannot take), and the
ones without an accessible name (nor a button text to read instead).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QKeySequenceEdit,
    QLineEdit,
    QSlider,
    QTabBar,
    QWidget,
)

from .walk import visible

KINDS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QSlider, QAbstractItemView)


def controls(root: QWidget) -> list[QWidget]:
    """The visible, enabled controls a user works with under ``root`` (not the parts Qt builds
    inside its own widgets: a combo box's editor, a spin box's arrows, a key sequence edit's
    line edit, a tab bar's scroll arrows, a table's corner button)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, KINDS) or not visible(widget) or not widget.isEnabled():
            continue
        if widget.window() is not root.window() or isinstance(widget, QHeaderView):
            continue  # a combo box's open list; a table's column titles (read with the table)
        parent = widget.parentWidget()
        if isinstance(
            parent, QComboBox | QAbstractSpinBox | QTabBar | QLineEdit | QKeySequenceEdit
        ):
            continue
        if type(widget) is QAbstractButton or parent is None:
            continue
        found.append(widget)
    return found


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return widget.accessibleName() or text


def keyboard_problems(root: QWidget, qtbot: Any) -> list[str]:
    wanted = controls(root)
    problems = [
        f"{type(w).__name__} {w.objectName() or ''} in {type(w.parentWidget()).__name__}: "
        "no accessible name"
        for w in wanted
        if not _name(w).strip()
    ]
    tabbable = [w for w in wanted if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    problems += [f"{_name(w)!r}: cannot take keyboard focus" for w in wanted if w not in tabbable]
    if not tabbable:
        return problems
    tabbable[0].setFocus(Qt.FocusReason.TabFocusReason)
    reached: set[QWidget] = set()
    order: list[QWidget] = []
    for _ in range(3 * len(root.window().findChildren(QWidget))):
        focused = QApplication.focusWidget()
        if focused is None:
            break
        if focused not in reached:
            order.append(focused)
        reached.add(focused)
        if all(w in reached for w in tabbable):
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    missed = [w for w in tabbable if w not in reached]
    if missed:
        path = " → ".join(_name(w) or type(w).__name__ for w in order)
        problems += [f"{_name(w)!r}: never reached with Tab (went {path})" for w in missed]
    return problems
