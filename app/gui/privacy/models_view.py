"""The model inventory: name, licence, sha256, size and whether it runs on this computer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..session import GuiSession
from ..widgets import set_tone, status_label
from .models import model_rows

COLUMNS = ("Model", "Kind", "Licence", "Size", "sha256", "On this computer")


INSTALL_TIP = (
    "Downloads the model from its public address (or copies it from the folder in "
    "HOMEBODY_MODEL_MIRROR) and checks its sha256. Nothing else is sent."
)
COLUMN_SHARES = (0.24, 0.11, 0.17, 0.09, 0.15, 0.24)


class ModelsView(QWidget):
    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.summary = status_label("Reading the model manifest…")
        self.verify_button = QPushButton("Verify installed models")
        self.verify_button.setAccessibleName("Verify the sha256 of installed models")
        self.verify_button.clicked.connect(self.verify)
        self.install_button = QPushButton("Install selected")
        self.install_button.setAccessibleName("Install the selected model")
        self.install_button.setToolTip("Select a model to install.")
        self.install_button.setEnabled(False)
        self.install_button.clicked.connect(self.install_selected)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.install_button)
        bar.addWidget(self.verify_button)
        layout.addLayout(bar)
        self.status = status_label("")
        self.status.setAccessibleName("Model action result")
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Models")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection)
        layout.addWidget(self.table, 1)
        self.rows: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        app = self.session.app
        self.session.run(lambda: model_rows(app), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(f"The model manifest could not be read: {exc}")
        set_tone(self.summary, "Bad")

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, m in enumerate(rows):
            sha = ", ".join(h[:10] + "…" for h in m["sha256"][:1]) or "—"
            if len(m["sha256"]) > 1:
                sha += f" +{len(m['sha256']) - 1}"
            cells = (
                m["title"] or m["name"],
                m["kind"],
                m["licence"],
                m["size_text"],
                sha,
                m["status"],
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(f"{m['name']}\n{m['source']}")
                if c == 4:
                    item.setToolTip("\n".join(m["sha256"]))
                elif c != 0:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
        self._fit_columns()
        self.table.resizeRowsToContents()
        installed = sum(1 for m in rows if m["installed"])
        self.summary.setText(
            f"{installed} of {len(rows)} models installed. Every model runs on this computer; "
            "none sends anything anywhere."
        )
        set_tone(self.summary, "Muted")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
        self.table.resizeRowsToContents()

    def _fit_columns(self) -> None:
        """Share the table's width between the columns: no sideways scrolling, text wraps."""
        room = self.table.viewport().width()
        for column, share in enumerate(COLUMN_SHARES):
            self.table.setColumnWidth(column, int(room * share))

    def selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selection(self) -> None:
        m = self.selected()
        can = m is not None and m["runtime"] == "download" and not m["installed"]
        self.install_button.setEnabled(can)
        if m is None:
            why = "Select a model to install."
        elif m["installed"]:
            why = f"{m['name']} is installed already."
        elif m["runtime"] != "download":
            why = f"{m['name']} comes with a Python package or is test data, not a download."
        self.install_button.setToolTip(
            INSTALL_TIP if can else why  # the reason it can't be pressed
        )

    def install_selected(self) -> None:
        m = self.selected()
        if m is None:
            return
        # lazy: start-up speed (pipelines.models.manager loads only when install_selected() runs)
        from pipelines.models.manager import ModelManager

        manager = ModelManager.from_app(self.session.app)
        name = m["name"]
        self.install_button.setEnabled(False)
        self.status.setText(f"Installing {name}…")
        set_tone(self.status, "Muted")

        def done(_path: Any) -> None:
            self.status.setText(f"✔ Installed {name}; its sha256 was verified.")
            set_tone(self.status, "Good")
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.status.setText(f"✘ {getattr(exc, 'message', '') or exc}")
            set_tone(self.status, "Bad")
            self._selection()

        self.session.run(lambda: manager.install(name), done, failed)

    def verify(self) -> None:
        # lazy: start-up speed (pipelines.models.manager loads only when verify() runs)
        from pipelines.models.manager import ModelManager

        manager = ModelManager.from_app(self.session.app)
        self.verify_button.setEnabled(False)
        self.status.setText("Verifying sha256 of installed models…")
        set_tone(self.status, "Muted")
        self.session.run(manager.verify, self._verified, self._verify_failed)

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.status.setText(f"✘ Verification failed: {getattr(exc, 'message', '') or exc}")
        set_tone(self.status, "Bad")

    def _verified(self, results: list[Any]) -> None:
        self.verify_button.setEnabled(True)
        bad = [r for r in results if not r.ok]
        if bad:
            self.status.setText("✘ " + "; ".join(r.message for r in bad))
            set_tone(self.status, "Bad")
        else:
            self.status.setText(f"✔ {len(results)} installed models match their sha256.")
            set_tone(self.status, "Good")
