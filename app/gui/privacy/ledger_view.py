"""The privacy ledger: searchable, filterable, live, with hash-chain verification."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pipelines.privacy.ledger import KINDS, LedgerEntry

from ..session import GuiSession
from ..widgets import set_tone, status_label
from .ledger_text import describe_entry

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("#", "When", "What happened", "Category", "Details")
DETAILS = 4


class LedgerModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[LedgerEntry] = []

    def set_rows(self, rows: list[LedgerEntry]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(e.id),
                _dt.datetime.fromtimestamp(e.ts).strftime("%a %d %b %H:%M:%S"),
                describe_entry(e.kind, e.category, e.detail),
                e.category.replace("_", " "),
                json.dumps(e.detail, sort_keys=True),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{e.kind} · {json.dumps(e.detail, sort_keys=True)}\n"
                f"hash {e.hash}\nprevious {e.prev_hash}"
            )
        return None


class LedgerView(QWidget):
    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the ledger (kind, category, detail)")
        self.search.setAccessibleName("Search the ledger")
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Filter by kind")
        self.kind.addItem("Everything", "")
        for k in KINDS:
            self.kind.addItem(k.replace("_", " ").capitalize(), k)
        self.verify_button = QPushButton("Verify chain")
        self.verify_button.setAccessibleName("Verify the ledger's hash chain")
        bar.addWidget(self.search, 1)
        bar.addWidget(self.kind)
        self.details = QCheckBox("Details")
        self.details.setAccessibleName("Show the raw details (JSON) of each entry")
        self.details.setToolTip("Show each entry's raw detail, exactly as stored and hashed.")
        bar.addWidget(self.verify_button)
        bar.addWidget(self.details)
        layout.addLayout(bar)
        self.chain = status_label("Chain not checked yet.")
        self.chain.setAccessibleName("Ledger chain state")
        layout.addWidget(self.chain)
        self.model = LedgerModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Privacy ledger entries")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setColumnHidden(DETAILS, True)
        self.details.toggled.connect(lambda on: self.table.setColumnHidden(DETAILS, not on))
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.verify_button.clicked.connect(self.verify)
        session.bridge.ledger_entry.connect(lambda _e: self._debounce.start())
        session.data_changed.connect(self._debounce.start)  # rows written by other processes
        self._reverify = QTimer(self)
        self._reverify.setSingleShot(True)
        self._reverify.setInterval(1000)
        self._reverify.timeout.connect(self.verify)
        session.bridge.ledger_entry.connect(lambda _e: self._reverify.start())
        self._generation = 0
        self.refresh()
        self.verify()

    def refresh(self) -> None:
        ledger = self.session.app.ledger
        search = self.search.text().strip() or None
        kind = self.kind.currentData() or None
        self._generation += 1
        generation = self._generation

        def show(rows: list[LedgerEntry]) -> None:
            if generation == self._generation:  # drop answers to outdated searches
                self.model.set_rows(rows)

        self.session.run(lambda: ledger.entries(limit=500, kind=kind, search=search), show)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.chain.setText("Verifying…")
        set_tone(self.chain, "Muted")
        self.session.run(self.session.app.ledger.verify, self._verified, self._verify_failed)

    def _verified(self, check: Any) -> None:
        self.verify_button.setEnabled(True)
        if check.ok:
            self.chain.setText(f"✔ Hash chain verified: all {check.rows} entries are intact.")
            set_tone(self.chain, "Good")
        else:
            self.chain.setText(f"✘ The ledger was tampered with: {check.problem}.")
            set_tone(self.chain, "Bad")

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.chain.setText(f"Could not verify the ledger: {exc}")
        set_tone(self.chain, "Bad")
