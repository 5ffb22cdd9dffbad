"""The zone editor of the "Where is" page: draw a rectangle on the camera's picture.

The picture is the camera's current view with faces blurred, as sightings are stored, shown
here and never written anywhere; "Live" refreshes it a few times a second while the card is on
screen. The edge spin boxes are the same rectangle for keyboard users.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from pipelines.core.errors import HomebodyError
from pipelines.core.settings import save_settings
from pipelines.services import services

from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, set_tone, status_label
from .teach_zones import with_zone
from .zone_canvas import ZoneCanvas, pixmap_from_bgr

LIVE_INTERVAL_MS = 400
"""The live preview's refresh (a few frames a second; nothing is stored)."""


def private_picture(app: Any, source: str) -> Any:
    """The camera's current view, faces blurred (like stored thumbnails), at most 640 px."""
    # lazy: start-up speed (app etc. load only when private_picture() runs)
    from app import first_run
    from pipelines.vision.privacy_crop import FaceFinder, make_thumbnail

    image = first_run.snapshot(app, source)
    height, width = image.shape[:2]
    try:
        faces = FaceFinder().find(image)
    except Exception:  # no face model in this build: the picture is kept small instead
        faces = []
    return make_thumbnail(image, (0, 0, width, height), faces, max_side=640)


class ZonesCard(Card):
    """Name rectangular areas of a camera's view ("counter", "sofa") for "where" answers."""

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Zones", parent)
        self.session = session
        self.camera = QComboBox()
        self.camera.setAccessibleName("Camera for zones")
        self.camera.currentIndexChanged.connect(lambda _i: self._camera_changed())
        self.live = QCheckBox("Live")
        self.live.setAccessibleName("Live preview of the camera (never stored)")
        self.live.toggled.connect(self._live_toggled)
        self.canvas = ZoneCanvas()
        self.canvas.drawn.connect(self._drawn)
        self.zone_list = QListWidget()
        self.zone_list.setAccessibleName("Zones of this camera")
        self.zone_list.setMaximumHeight(56)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Zone name, e.g. kitchen counter")
        self.name.setAccessibleName("Zone name")
        grid = QGridLayout()
        self.edges: list[QSpinBox] = []
        for i, label in enumerate(("Left", "Top", "Right", "Bottom")):
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix("\u00a0%")
            spin.setValue((0, 0, 100, 100)[i])
            spin.setAccessibleName(f"Zone {label.lower()} edge in percent")
            spin.setToolTip(f"{label} edge, percent of the picture")
            spin.valueChanged.connect(lambda _v: self.canvas.set_rect(self.zone_rect()))
            spin.valueChanged.connect(lambda _v: self.sync_buttons())
            edge = status_label(label)  # the spin boxes say which edge they are
            edge.setWordWrap(False)
            edge.setBuddy(spin)
            grid.addWidget(edge, 0, i)
            grid.addWidget(spin, 1, i)
            self.edges.append(spin)
        self.save_button = QPushButton("Save zone")
        self.save_button.setAccessibleName("Save the zone")
        self.remove_button = QPushButton("Remove zone")
        self.remove_button.setAccessibleName("Remove the selected zone")
        self.save_button.clicked.connect(self.save_zone)
        self.remove_button.clicked.connect(self.remove_zone)
        self.name.textChanged.connect(lambda _t: self.sync_buttons())
        self.zone_list.itemSelectionChanged.connect(self.sync_buttons)
        self.message = status_label("Drag on the picture to mark a zone, name it, save.")
        top = QHBoxLayout()
        top.addWidget(self.camera, 1)
        top.addWidget(self.live)
        naming = QHBoxLayout()
        naming.addWidget(self.name, 1)
        naming.addWidget(self.save_button)
        saved = QHBoxLayout()
        saved.addWidget(self.zone_list, 1)
        saved.addWidget(self.remove_button)
        self.body.addLayout(top)
        self.body.addWidget(self.canvas, 1)
        self.body.addLayout(grid)
        self.body.addLayout(naming)
        self.body.addLayout(saved)
        self.body.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setInterval(LIVE_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh_picture)
        self._fetching = False
        self.reload()

    # -- the camera and its picture ---------------------------------------------------------------
    def reload(self) -> None:
        current = self.camera.currentText()
        self.camera.blockSignals(True)
        self.camera.clear()
        for c in self.session.app.settings.vision.cameras:
            self.camera.addItem(c.name)
        if current:
            self.camera.setCurrentText(current)
        self.camera.blockSignals(False)
        has = self.camera.count() > 0
        for w in (self.name, self.live, *self.edges):
            w.setEnabled(has)
        if not has:
            self.message.setText("Add a camera in Settings to draw zones.")
        self._camera_changed()

    def _source(self) -> str:
        for c in self.session.app.settings.vision.cameras:
            if c.name == self.camera.currentText():
                return c.source
        return ""

    def _camera_changed(self) -> None:
        self._list_zones()
        self.canvas.set_picture(None, "Taking a picture…" if self._source() else "No camera")
        self.refresh_picture()

    def refresh_picture(self) -> None:
        source, app = self._source(), self.session.app
        if not source or self._fetching or not self.session.camera_allowed:
            return
        self._fetching = True

        def shown(image: Any) -> None:
            self._fetching = False
            self.canvas.set_picture(pixmap_from_bgr(image))

        def failed(exc: BaseException) -> None:
            self._fetching = False
            self.canvas.set_picture(None, error_text(exc))

        self.session.run(lambda: private_picture(app, source), shown, failed)

    def _live_toggled(self, on: bool) -> None:
        if on:
            self._timer.start()
        else:
            self._timer.stop()

    def hideEvent(self, event: Any) -> None:  # no preview while nobody is looking
        self.live.setChecked(False)
        super().hideEvent(event)

    # -- zones ------------------------------------------------------------------------------------
    def _list_zones(self) -> None:
        self.zone_list.clear()
        for c in self.session.app.settings.vision.cameras:
            if c.name == self.camera.currentText():
                self.zone_list.addItems(sorted(c.zones))
                self.canvas.set_zones(c.zones)
        self.sync_buttons()

    def sync_buttons(self) -> None:
        """Save needs a camera, a rectangle and a name; Remove needs a selected zone (the
        reason as a tip)."""
        has = self.camera.count() > 0
        left, top, right, bottom = self.zone_rect()
        why_not = (
            "Add a camera in Settings first." if not has
            else "The right and bottom edges must be beyond the left and top."
            if right <= left or bottom <= top
            else "" if self.name.text().strip() else "Name the zone."
        )  # fmt: skip
        self.save_button.setEnabled(not why_not)
        self.save_button.setToolTip(why_not)
        chosen = self.zone_list.currentItem() is not None and bool(self.zone_list.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.remove_button.setToolTip("" if chosen else "Select a zone to remove.")

    def _drawn(self, left: float, top: float, right: float, bottom: float) -> None:
        for spin, value in zip(self.edges, (left, top, right, bottom), strict=True):
            spin.blockSignals(True)
            spin.setValue(round(value * 100))
            spin.blockSignals(False)
        self.name.setFocus()

    def zone_rect(self) -> tuple[float, float, float, float]:
        left, top, right, bottom = (s.value() / 100.0 for s in self.edges)
        return (left, top, right, bottom)

    def polygon(self) -> list[list[float]]:
        left, top, right, bottom = self.zone_rect()
        return [[left, top], [right, top], [right, bottom], [left, bottom]]

    def save_zone(self) -> None:
        left, top, right, bottom = (s.value() for s in self.edges)
        name = " ".join(self.name.text().lower().split())
        if not name:
            self._say("Give the zone a name.", "Bad")
            return
        if right <= left or bottom <= top:
            self._say("The right and bottom edges must be beyond the left and top.", "Bad")
            return
        self._store(name, self.polygon())

    def remove_zone(self) -> None:
        item = self.zone_list.currentItem()
        if item is not None:
            self._store(item.text(), None)

    def _store(self, zone: str, polygon: list[list[float]] | None) -> None:
        app = self.session.app
        try:
            new = with_zone(app.settings, self.camera.currentText(), zone, polygon)
            save_settings(new, app.paths.config_file)
        except HomebodyError as exc:
            self._say(exc.message, "Bad")
            return
        services(app).apply_settings(new)
        self.session.record("settings_changed", "settings", sections=["vision"])
        self._say(f"Zone {zone} {'saved' if polygon else 'removed'}.", "Good")
        self.name.clear()
        self._list_zones()

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)
