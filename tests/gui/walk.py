"""Walk the real app's pages with real data and find what a user would see as broken.

``populate`` fills a fresh home the way a household would (a saved recipe page imported and
open in cooking mode, timers, alarms, a list, a camera reading a folder of photos, ledger rows);
``fit_problems`` lists every visible label or button whose text does not fit its widget, and
every number split from its unit by a breakable space.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QToolButton,
    QWidget,
)

SIZES = ((1280, 800), (1024, 700))
LONG_TIMER = "Step 4: arrange the patties"

UNIT_SPLIT = re.compile(r"\d (?:%|°[CF]|[kKMG]i?B\b|min\b|s\b|h\b|g\b|kg\b|ml\b)")
"""A number and its unit joined by an ordinary (breakable) space."""


def populate(app: Any, shared: Path) -> dict[str, Any]:
    """Real data through the real stores (each write leaves its privacy-ledger row)."""
    from pipelines.core.settings import save_settings
    from pipelines.core.settings_schema import CameraSettings
    from pipelines.recipes.library import RecipeLibrary
    from pipelines.recipes.session import SessionStore
    from pipelines.skills.alarm_repeat import WEEKDAYS_ONLY
    from pipelines.skills.alarm_store import AlarmStore
    from pipelines.skills.list_store import ListStore
    from pipelines.skills.timer_store import TimerStore

    page = shared / "data" / "recipes" / "html" / "budgetbytes.com" / "budgetbytes.testhtml"
    (result,) = RecipeLibrary(app.db, app.ledger).import_files([page])
    SessionStore(app.db).open(result.id)
    timers = TimerStore(app.db, ledger=app.ledger)
    timers.start(600, "pasta")
    timers.start(754, LONG_TIMER)
    alarms = AlarmStore(app.db, ledger=app.ledger)
    alarms.set("06:30", label="work", repeat=WEEKDAYS_ONLY)
    alarms.set("07:15", "tomorrow", label="bins")
    ListStore(app.db, ledger=app.ledger).add("shopping", ["eggs", "oat milk", "basil"])
    photos = shared / "data" / "photos" / "permissive"
    camera = CameraSettings(name="kitchen", source=str(photos))
    settings = app.settings
    vision = type(settings.vision)(**{**settings.vision.__dict__, "cameras": (camera,)})
    app.settings = type(settings)(**{**settings.__dict__, "vision": vision})
    save_settings(app.settings, app.paths.config_file)
    # the detector from ../shared/models watches the photo folder: real sightings to show
    from pipelines.models.manager import ModelManager
    from pipelines.vision.catalog import open_detector
    from pipelines.vision.watcher import CameraWatcher

    old_umask = os.umask(0o077)  # as the app's entry points do (private_fs.private_process)
    try:
        ModelManager.from_app(app).install("yolox-nano", from_dir=shared / "models")
    finally:
        os.umask(old_umask)
    CameraWatcher(app, camera, open_detector(app)).run(max_frames=4)
    return {"recipe_id": result.id, "recipe_title": result.title}


def visible(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window()) and widget.width() > 0


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and bool(re.search(r"<[a-zA-Z/][^>]*>", text))
    ):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def label_problem(label: QLabel) -> str:
    text = _plain(label)
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return ""
    metrics = QFontMetrics(label.font())
    room = label.contentsRect().adjusted(
        label.margin(), label.margin(), -label.margin(), -label.margin()
    )
    if label.wordWrap():
        longest = max((metrics.horizontalAdvance(w) for w in text.split()), default=0)
        if longest > room.width() + 1:
            return f"a word of {text!r} is wider ({longest}px) than its label ({room.width()}px)"
        needed = metrics.boundingRect(
            QRect(0, 0, max(1, room.width()), 100000), Qt.TextFlag.TextWordWrap, text
        ).height()
        if needed > room.height() + 2:
            return f"{text!r} needs {needed}px of height, has {room.height()}px"
        return ""
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [text])
    if widest > room.width() + 1:
        return f"{text!r} is {widest}px wide, its label {room.width()}px"
    return ""


def button_problem(button: QAbstractButton) -> str:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text.strip():
        return ""
    metrics = QFontMetrics(button.font())
    need = metrics.horizontalAdvance(text)
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    room = button.width()
    if isinstance(button, QPushButton):
        # the style's own content box: the style sheet's padding and the border taken off
        option = QStyleOptionButton()
        button.initStyleOption(option)
        contents = button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
        room = contents.width()
    elif isinstance(button, QCheckBox | QRadioButton):
        need += 20  # the indicator
    elif isinstance(button, QToolButton):
        need += 8
    if need > room + 2:  # 2 px: a focused button's thicker border eats into the content box
        return f"button {text!r} needs {need}px, has {room}px"
    return ""


def overlap_problems(parent: QWidget) -> list[str]:
    """Visible sibling widgets laid over each other (a layout squeezed below its minimum)."""
    kids = [
        w
        for w in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if visible(w) and not w.isWindow() and not isinstance(w, QScrollBar)
    ]
    if isinstance(parent, QAbstractScrollArea | QStackedWidget | QTabBar):
        return []  # viewports, scroll bars and stacked pages overlap by design
    problems = []
    for i, a in enumerate(kids):
        for b in kids[i + 1 :]:
            both = a.geometry().intersected(b.geometry())
            if both.width() > 2 and both.height() > 2:
                problems.append(
                    f"{_name(a)} and {_name(b)} overlap ({both.width()}x{both.height()}px)"
                )
    return problems


def _name(widget: QWidget) -> str:
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


def header_problems(header: QHeaderView) -> list[str]:
    """Column titles cut by their column (a title nobody can read is a missing title)."""
    model = header.model()
    if model is None:
        return []
    metrics = QFontMetrics(header.font())
    problems = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        need = metrics.horizontalAdvance(text) + 8
        if text and need > header.sectionSize(section):
            problems.append(
                f"{_name(header.parentWidget())}: column title {text!r} needs {need}px, "
                f"has {header.sectionSize(section)}px"
            )
    return problems


def cut_at_the_right(widget: QWidget) -> list[str]:
    """A table whose columns are wider than its view while it cannot scroll sideways: the
    last columns (often a row's buttons) are cut off at the right edge."""
    header = getattr(widget, "horizontalHeader", lambda: None)()
    if not isinstance(widget, QAbstractItemView) or not isinstance(header, QHeaderView):
        return []
    if visible(widget.horizontalScrollBar()) or header.isHidden():
        return []
    problems = []
    room = widget.viewport().width()
    if header.length() > room + 1:
        problems.append(f"{_name(widget)}: columns need {header.length()}px, shows {room}px")
    model = widget.model()
    for row in range(model.rowCount() if model is not None else 0):
        for column in range(model.columnCount()):
            cell = widget.indexWidget(model.index(row, column))
            if cell is None or header.isSectionHidden(column):
                continue
            need, has = cell.sizeHint().width(), header.sectionSize(column)
            if need > has + 1:
                problems.append(f"{_name(cell)} needs {need}px, its column has {has}px")
    return problems


def fit_problems(root: QWidget) -> list[str]:
    """Every visible label/button under ``root`` whose text is clipped or split from its unit,
    every overlap of sibling widgets, every list or table that scrolls sideways."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not visible(widget):
            continue
        problems += overlap_problems(widget)
        if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            problems += header_problems(widget)
            continue
        if isinstance(widget, QAbstractScrollArea) and visible(widget.horizontalScrollBar()):
            problems.append(f"{_name(widget)}: scrolls sideways")
            continue
        problems += cut_at_the_right(widget)
        if isinstance(widget, QLabel):
            found = label_problem(widget)
            text = _plain(widget)
        elif isinstance(widget, QAbstractButton):
            found = button_problem(widget)
            text = widget.text()
        else:
            continue
        if not found and widget.__class__ is not QCheckBox and UNIT_SPLIT.search(text):
            found = f"{text!r} can break between a number and its unit"
        if found:
            problems.append(f"{_name(widget)}: {found}")
    return problems


def fake_enabled(root: QWidget) -> list[str]:
    """With nothing selected anywhere, every "…the selected…" button must be disabled and say
    why in its tooltip (instead of looking clickable and doing nothing)."""
    for view in root.findChildren(QAbstractItemView):
        view.clearSelection()
        view.setCurrentIndex(QModelIndex())
    problems = []
    for button in root.findChildren(QAbstractButton):
        if not visible(button) or "selected" not in button.accessibleName():
            continue
        if button.isEnabled():
            problems.append(f"{_name(button)}: enabled with nothing selected")
        elif not button.toolTip():
            problems.append(f"{_name(button)}: disabled without saying why")
    return problems
