"""The Privacy dashboard page: network, devices, ledger, stored data, models, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QWidget,
)

from ..icons import icon
from ..session import GuiSession
from ..widgets import page_header, page_layout, set_tone, status_label
from .data_view import DataView
from .devices_card import DevicesCard
from .ledger_view import LedgerView
from .models_view import ModelsView
from .network_card import NetworkCard
from .report import write_report


class PrivacyPage(QWidget):
    title = "Privacy"
    icon_name = "privacy"

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        outer = page_layout(self)
        top = QHBoxLayout()
        header, _sub = page_header(
            "Privacy", "Everything Homebody hears, sees, stores and sends — checked live."
        )
        top.addWidget(header, 1)
        self.export_button = QPushButton(icon("export", "#ffffff"), "Export report…")
        self.export_button.setObjectName("Primary")
        self.export_button.setAccessibleName("Export the privacy report")
        self.export_button.clicked.connect(self.choose_export)
        top.addWidget(self.export_button)
        outer.addLayout(top)
        self.export_state = status_label("")
        self.export_state.hide()
        outer.addWidget(self.export_state)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        self.network = NetworkCard(session)
        self.devices = DevicesCard(session)
        self.devices.setFixedWidth(330)
        cards.addWidget(self.network, 1)
        cards.addWidget(self.devices)
        outer.addLayout(cards, 2)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Privacy details")
        self.ledger = LedgerView(session)
        self.data = DataView(session)
        self.models = ModelsView(session)
        self.tabs.addTab(self.ledger, "Ledger")
        self.tabs.addTab(self.data, "Your data")
        self.tabs.addTab(self.models, "Models")
        outer.addWidget(self.tabs, 3)

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            "Export the privacy report",
            str(Path.home() / "homebody-privacy-report.json"),
            "Privacy report (*.json)",
        )
        if path:
            self.export(Path(path))

    def export(self, json_path: Path) -> None:
        app = self.session.app
        self.export_button.setEnabled(False)
        self.session.run(lambda: write_report(app, json_path), self._exported, self._failed)

    def _exported(self, paths: tuple[Path, Path]) -> None:
        self.export_button.setEnabled(True)
        self.export_state.setText(f"✔ Saved {paths[0]} and the readable {paths[1].name}.")
        set_tone(self.export_state, "Good")
        self.export_state.show()

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.export_state.setText(f"The report could not be saved: {exc}")
        set_tone(self.export_state, "Bad")
        self.export_state.show()
