"""The "Where is" page: the object memory, cameras, zones and teach-an-object."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pipelines.core.events import PipelineEvent

from ..camera_service import CameraService
from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, page_header, page_layout, set_tone, status_label
from .teach_zones import TeachCard
from .zones_card import ZonesCard

COLUMNS = ("", "Object", "Last seen", "Where")


def ago(ts: float, now: float | None = None) -> str:
    seconds = max(0, int((now or time.time()) - ts))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return time.strftime("%a %d %b %H:%M", time.localtime(ts))


def read_memory(app: Any) -> list[Any]:
    # lazy: start-up speed (pipelines.vision.memory loads only when read_memory() runs)
    from pipelines.vision.memory import ObjectMemory

    memory = ObjectMemory(app.db, app.paths.data_dir, app.ledger)
    found = [memory.last_seen(label) for label in memory.labels()]
    return sorted((s for s in found if s is not None), key=lambda s: -s.ts)


class WhereIsPage(QWidget):
    title = "Where is"
    icon_name = "where"

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cameras: CameraService = session.app.services.setdefault(
            "cameras", CameraService(session.app)
        )
        outer = page_layout(self)
        header, _sub = page_header(
            "Where is", "Things your cameras noticed, and when. Only small blurred crops are kept."
        )
        outer.addWidget(header)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        memory = Card("Object memory")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Where is my…")
        self.filter.setAccessibleName("Find an object")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self._apply_filter())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Objects and where they were last seen")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        self.memory_state = status_label("Reading the object memory…")
        memory.body.addWidget(self.filter)
        memory.body.addWidget(self.table, 1)
        memory.body.addWidget(self.memory_state)
        columns.addWidget(memory, 3)

        side = QVBoxLayout()
        cams = Card("Cameras")
        self.camera_state = status_label("")
        self.camera_state.setAccessibleName("Camera state")
        self.watch_button = QPushButton("Start watching")
        self.watch_button.setObjectName("Primary")
        self.watch_button.setAccessibleName("Start or stop watching the cameras")
        self.watch_button.clicked.connect(self.toggle_watching)
        self.detector_button = QPushButton("Install the object detector…")
        self.detector_button.setAccessibleName("Install the object detector")
        self.detector_button.setToolTip("YOLOX-Nano, 3.5 MiB, from its public address or a folder")
        self.detector_button.clicked.connect(self.install_detector)
        self.detector_button.hide()
        self.has_detector = True
        cams.body.addWidget(self.camera_state)
        cams.body.addWidget(self.detector_button)
        cams.body.addWidget(self.watch_button)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(cams)
        self.zones = ZonesCard(session)
        self.teach = TeachCard(session)
        # zones and teaching share one tabbed card, so the column fits without scrolling
        self.tools = QTabWidget()
        self.tools.setAccessibleName("Zones and taught objects")
        self.tools.addTab(self.zones, "Zones")
        self.tools.addTab(self.teach, "Teach an object")
        for card in (self.zones, self.teach):
            if card.title_label is not None:
                card.title_label.hide()  # the tab says it
        side.addWidget(self.tools, 1)
        holder = QWidget()
        holder.setLayout(side)
        holder.setFixedWidth(380)
        columns.addWidget(holder)
        outer.addLayout(columns, 1)

        self.sightings: list[Any] = []
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(500)
        self._debounce.timeout.connect(self.refresh)
        session.data_changed.connect(self._debounce.start)
        session.bridge.notice.connect(self._notice)
        session.switches_changed.connect(self.update_camera_state)
        session.settings_changed.connect(self._settings_changed)
        self.update_camera_state()
        self.refresh()
        self.check_detector()

    # -- memory -------------------------------------------------------------------------------
    def refresh(self) -> None:
        app = self.session.app
        self.session.run(lambda: read_memory(app), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.memory_state.setText(f"The object memory could not be read: {exc}")
        set_tone(self.memory_state, "Bad")

    def _show(self, sightings: list[Any]) -> None:
        self.sightings = sightings
        self.table.setRowCount(len(sightings))
        now = time.time()
        for r, s in enumerate(sightings):
            thumb = QTableWidgetItem()
            if s.thumbnail is not None and s.thumbnail.exists():
                pix = QPixmap(str(s.thumbnail))
                if not pix.isNull():
                    thumb.setData(
                        Qt.ItemDataRole.DecorationRole,
                        pix.scaled(
                            56,
                            56,
                            Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation,
                        ),
                    )
            self.table.setItem(r, 0, thumb)
            where = f"{s.zone or 'in view'} · {s.camera}"
            for c, text in enumerate((s.label, ago(s.ts, now), where), start=1):
                self.table.setItem(r, c, QTableWidgetItem(text))
            self.table.setRowHeight(r, 60)
        if sightings:
            self.memory_state.setText(f"{len(sightings)} kinds of objects remembered.")
        else:
            self.memory_state.setText(
                "Nothing seen yet. Add a camera in Settings and press Start watching."
            )
        set_tone(self.memory_state, "Muted")
        self._apply_filter()

    def _apply_filter(self) -> None:
        text = self.filter.text().strip().lower()
        for r, s in enumerate(self.sightings):
            self.table.setRowHidden(r, bool(text) and text not in s.label.lower())

    def labels(self) -> list[str]:
        return [s.label for s in self.sightings]

    # -- cameras --------------------------------------------------------------------------------
    def update_camera_state(self) -> None:
        app = self.session.app
        cameras = [c for c in app.settings.vision.cameras if c.enabled]
        running = self.cameras.running
        self.watch_button.setText("Stop watching" if running else "Start watching")
        if not self.session.camera_allowed:
            self._camera("Cameras are switched off in the privacy dashboard.", "Warn")
            self.watch_button.setEnabled(running)
        elif not cameras:
            self._camera("No cameras configured. Add one in Settings → Cameras.", "Muted")
            self.watch_button.setEnabled(False)
        elif not self.has_detector:
            self._camera(
                "No object detector yet, so cameras can't find things. Install it (3.5\u00a0MiB, "
                "checked against its sha256) and Homebody learns where things are.",
                "Warn",
            )
            self.watch_button.setEnabled(False)
            self.watch_button.setToolTip("Install the object detector first.")
        else:
            names = ", ".join(c.name for c in cameras)
            self.watch_button.setToolTip("")
            self._camera(
                f"Watching {names}." if running else f"Ready: {names}.",
                "Good" if running else "Muted",
            )
            self.watch_button.setEnabled(True)
        if self.cameras.errors:
            self._camera("; ".join(self.cameras.errors), "Bad")

    def check_detector(self) -> None:
        # lazy: start-up speed (app loads only when check_detector() runs)
        from app import first_run

        app = self.session.app
        self.session.run(lambda: first_run.detector_installed(app), self._detector_state)

    def _detector_state(self, installed: bool) -> None:
        self.has_detector = installed
        self.detector_button.setVisible(not installed)
        self.update_camera_state()

    def install_detector(self) -> None:
        """The welcome's detector step (public URL or a folder), then look again."""
        # lazy: start-up speed (..welcome loads only when install_detector() runs)
        from ..welcome import WelcomeDialog

        dialog = WelcomeDialog(self.session, self)
        dialog.go(dialog.steps.index(dialog.detector))
        dialog.detector.installed.connect(self.check_detector)
        dialog.show()
        self.welcome = dialog

    def _settings_changed(self, _settings: Any) -> None:
        """Cameras or zones changed elsewhere (``homebody setup``, the settings file)."""
        self.update_camera_state()
        self.zones.reload()

    def _camera(self, text: str, tone: str) -> None:
        self.camera_state.setText(text)
        set_tone(self.camera_state, tone)

    def toggle_watching(self) -> None:
        service = self.cameras
        self.watch_button.setEnabled(False)
        if service.running:
            self.session.run(service.stop, lambda _r: self.update_camera_state())
            return

        def failed(exc: BaseException) -> None:
            self.update_camera_state()
            self._camera(error_text(exc), "Bad")

        self.session.run(service.start, lambda _n: self.update_camera_state(), failed)

    def _notice(self, event: PipelineEvent) -> None:
        if event.stage == "camera":
            self.update_camera_state()
            self._debounce.start()
