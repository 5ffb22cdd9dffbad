"""The data inventory: what is stored per category, how long it is kept, and deleting it.

Deleting runs on a worker thread through :meth:`DataInventory.forget` /
:meth:`DataInventory.forget_all`, which re-count after deleting; the view then re-reads the
inventory and shows the re-count, so "deleted" is always verified, never assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..fmt import human_size, keep_text
from ..icons import icon
from ..session import GuiSession
from ..widgets import ask_yes_no, set_tone, status_label

COLUMNS = ("Category", "What it is", "Items", "Size", "Kept for", "Readable by", "")
DELETE_COLUMN = len(COLUMNS) - 1
READABLE_COLUMN = COLUMNS.index("Readable by")
DESCRIBE_FROM = 960
"""Table width (px) from which the "What it is" column is shown."""


class DataView(QWidget):
    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.confirm: Callable[[str], bool] = lambda text: ask_yes_no(self, "Delete data", text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.total = status_label("Counting…")
        self.total.setAccessibleName("Stored data total")
        self.delete_all = QPushButton(icon("trash", "#b83232"), "Delete everything…")
        self.delete_all.setObjectName("Danger")
        self.delete_all.setAccessibleName("Delete everything")
        self.delete_all.clicked.connect(self.forget_all)
        bar.addWidget(self.total, 1)
        bar.addWidget(self.delete_all)
        layout.addLayout(bar)
        self.result = status_label("")
        self.result.setAccessibleName("Deletion result")
        layout.addWidget(self.result)
        access = QHBoxLayout()
        self.access = status_label("Checking who can read the files…")
        self.access.setAccessibleName("Who can read the stored files")
        self.make_private = QPushButton("Make private")
        self.make_private.setAccessibleName("Make every file readable only by you")
        self.make_private.setToolTip("Remove other accounts' access to everything Homebody keeps")
        self.make_private.clicked.connect(self.protect)
        self.make_private.hide()
        access.addWidget(self.access, 1)
        access.addWidget(self.make_private)
        layout.addLayout(access)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Stored data by category")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.table, 1)
        self.usage: list[Any] = []
        session.data_changed.connect(self.refresh)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a narrow window the description moves into the category's tooltip, so the
        table never scrolls sideways."""
        narrow = event.size().width() < DESCRIBE_FROM
        self.table.setColumnHidden(1, narrow)
        header = self.table.horizontalHeader()  # the widest visible text column gives way
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            READABLE_COLUMN,
            QHeaderView.ResizeMode.Stretch if narrow else QHeaderView.ResizeMode.ResizeToContents,
        )
        super().resizeEvent(event)

    def refresh(self) -> None:
        app = self.session.app

        def read() -> tuple[list[Any], dict[str, Any], list[Any]]:
            # lazy: start-up speed (pipelines.privacy.protection loads only when read() runs)
            from pipelines.privacy.protection import category_protection, stores

            return app.inventory.report(), category_protection(app.paths), stores(app.paths)

        self.session.run(read, self._show)

    def _show(self, result: tuple[list[Any], dict[str, Any], list[Any]]) -> None:
        usage, protection, every_store = result
        self.usage = usage
        self._show_access(every_store)
        self.table.setRowCount(len(usage))
        for r, u in enumerate(usage):
            cat = u.category
            keep = keep_text(cat.name, u.retention_days)
            access = protection[cat.name]
            cells = (cat.label, cat.description, str(u.items), human_size(u.bytes), keep)
            for c, text in enumerate((*cells, access.status)):
                item = QTableWidgetItem(text)
                item.setToolTip(cat.description if c == 0 else text)
                self.table.setItem(r, c, item)
            if not access.private:
                self.table.item(r, len(cells)).setForeground(QColor("#b83232"))
            button = QPushButton("Delete")
            button.setAccessibleName(f"Delete all {cat.label.lower()}")
            button.setEnabled(u.items > 0)  # an empty table still takes a few KiB
            button.setToolTip("" if button.isEnabled() else f"No {cat.label.lower()} is stored.")
            button.clicked.connect(lambda _c=False, name=cat.name: self.forget(name))
            self.table.setCellWidget(r, DELETE_COLUMN, button)
        items = sum(u.items for u in usage)
        size = sum(u.bytes for u in usage)
        self.total.setText(
            f"{items} items in {len(usage)} categories, {human_size(size)}, all on this computer."
        )

    # -- who can read the files ------------------------------------------------------------------
    def _show_access(self, every_store: list[Any]) -> None:
        """Every store counts here, also those outside the table (settings, passwords file,
        models, cache, the folders themselves)."""
        loose = [s for s in every_store if not s.private]
        if loose:
            entries = len({path for s in loose for path in s.loose})
            self.access.setText(
                "⚠ Other accounts on this computer can read "
                f"{', '.join(s.label[:1].lower() + s.label[1:] for s in loose)} "
                f"({entries} files or folders). "
                "Make private fixes it."
            )
            set_tone(self.access, "Bad")
        else:
            self.access.setText("✔ Everything stored is readable only by you.")
            set_tone(self.access, "Good")
        self.make_private.setVisible(bool(loose))

    def protect(self) -> None:
        """The one-click fix: owner-only modes everywhere, ledgered, then checked again."""
        app = self.session.app
        self.make_private.setEnabled(False)

        def run() -> Any:
            # lazy: start-up speed (pipelines.privacy.protection loads only when run() runs)
            from pipelines.privacy.protection import fix

            return fix(app.paths, app.ledger)

        def done(_result: Any) -> None:
            self.make_private.setEnabled(True)
            self.refresh()

        self.session.run(run, done, lambda exc: (self._failed(exc), done(None)))

    def items(self, name: str) -> int:
        return next((u.items for u in self.usage if u.category.name == name), 0)

    # -- deleting -----------------------------------------------------------------------------
    def forget(self, name: str) -> None:
        label = next((u.category.label for u in self.usage if u.category.name == name), name)
        if not self.confirm(f"Delete all {label.lower()}? This cannot be undone."):
            return
        inventory = self.session.app.inventory

        def run() -> dict[str, int]:
            return {name: inventory.forget(name)}

        self._start(run)

    def forget_all(self) -> None:
        if not self.confirm("Delete everything Homebody has stored? This cannot be undone."):
            return
        self._start(self.session.app.inventory.forget_all)

    def _start(self, fn: Callable[[], dict[str, int]]) -> None:
        self.delete_all.setEnabled(False)
        self.result.setText("Deleting…")
        set_tone(self.result, "Muted")
        inventory = self.session.app.inventory

        def run() -> tuple[dict[str, int], dict[str, int]]:
            deleted = fn()
            recount = {u.category.name: u.items for u in inventory.report()}
            return deleted, {k: recount.get(k, 0) for k in deleted}

        self.session.run(run, self._deleted, self._failed)

    def _deleted(self, result: tuple[dict[str, int], dict[str, int]]) -> None:
        deleted, remaining = result
        self.delete_all.setEnabled(True)
        left = sum(remaining.values())
        total = sum(deleted.values())
        if left:
            self.result.setText(f"Deleted {total} items, but {left} remain. Try again.")
            set_tone(self.result, "Bad")
        else:
            self.result.setText(f"✔ Deleted {total} items. Re-counted: nothing is left.")
            set_tone(self.result, "Good")
        self.refresh()
        self.session.data_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.delete_all.setEnabled(True)
        self.result.setText(f"Deleting failed: {exc}")
        set_tone(self.result, "Bad")
        self.refresh()
