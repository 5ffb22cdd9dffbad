"""The Settings page's camera table: name, source, on/off and health per camera.

The status column shows each camera's latest state change in words ("kitchen camera: no
picture for 30 s, retrying (2 min ago)"), read every few seconds from the file the camera
watchers keep (``pipelines.vision.health``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..widgets import Card, status_label


class CamerasCard(Card):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Cameras", parent)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(("Name", "Source", "On", "Status"))
        self.table.setAccessibleName("Cameras")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        self._health = QTimer(self)
        self._health.timeout.connect(self.refresh_health)
        self._health.start(5000)
        buttons = QHBoxLayout()
        add = QPushButton("Add camera")
        add.setAccessibleName("Add a camera")
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove the selected camera")
        add.clicked.connect(lambda: self.add_row("", "", True))
        remove.clicked.connect(self.remove_selected)
        self.remove_button = remove
        self.table.itemSelectionChanged.connect(self._selection)
        self._selection()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.body.addWidget(self.table)
        self.body.addLayout(buttons)
        self.body.addWidget(
            status_label(
                "A source is a webcam number (0), an rtsp:// or http:// address on your "
                "network, a video file or a folder of images."
            )
        )

    def add_row(self, name: str, source: str, enabled: bool) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(name))
        self.table.setItem(r, 1, QTableWidgetItem(source))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
        self.table.setItem(r, 2, check)
        status = QTableWidgetItem("")
        status.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(r, 3, status)
        self.refresh_health()

    def refresh_health(self) -> None:
        # lazy: start-up speed (pipelines.core.paths etc. load only when refresh_health() runs)
        from pipelines.core.paths import AppPaths
        from pipelines.vision.health import latest_line

        data_dir = AppPaths.from_environment().data_dir
        for r in range(self.table.rowCount()):
            name, status = self.table.item(r, 0), self.table.item(r, 3)
            if name is not None and status is not None:
                line = latest_line(data_dir, name.text()) if name.text() else ""
                status.setText(line.split(": ", 1)[-1] if line else "not watched yet")
                status.setToolTip(line)

    def _selection(self) -> None:
        chosen = bool(self.table.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.remove_button.setToolTip("" if chosen else "Select a camera to remove.")

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_rows(self, rows: list[tuple[str, str, bool]]) -> None:
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(*row)

    def rows(self) -> list[tuple[str, str, bool]]:
        out = []
        for r in range(self.table.rowCount()):
            name = self.table.item(r, 0)
            source = self.table.item(r, 1)
            on = self.table.item(r, 2)
            out.append(
                (
                    name.text() if name else "",
                    source.text() if source else "",
                    bool(on and on.checkState() == Qt.CheckState.Checked),
                )
            )
        return out
