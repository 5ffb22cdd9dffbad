"""Two small cards of the "Where is" page: the zone editor and teach-an-object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from pipelines.core.errors import HomebodyError, InputError
from pipelines.core.settings import save_settings
from pipelines.core.settings_schema import Settings

from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, set_tone, status_label
from .settings_form import apply_changes

IMAGE_FILES = "Photos (*.jpg *.jpeg *.png *.bmp *.webp)"


def with_zone(
    settings: Settings, camera: str, zone: str, polygon: list[list[float]] | None
) -> Settings:
    """Settings with ``zone`` of ``camera`` set to ``polygon`` (None: removed)."""
    cameras = []
    found = False
    for c in settings.vision.cameras:
        zones = {k: [list(p) for p in v] for k, v in c.zones.items()}
        if c.name == camera:
            found = True
            if polygon is None:
                zones.pop(zone, None)
            else:
                zones[zone] = polygon
        cameras.append(
            {
                "name": c.name,
                "source": c.source,
                "sample_fps": c.sample_fps,
                "enabled": c.enabled,
                "zones": zones,
            }
        )
    if not found:
        raise InputError(f"There is no camera called {camera!r}.")
    return apply_changes(settings, {"vision.cameras": cameras})


class ZonesCard(Card):
    """Name rectangular areas of a camera's view ("counter", "sofa") for "where" answers."""

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Zones", parent)
        self.session = session
        self.camera = QComboBox()
        self.camera.setAccessibleName("Camera for zones")
        self.camera.currentIndexChanged.connect(lambda _i: self._list_zones())
        self.zone_list = QListWidget()
        self.zone_list.setAccessibleName("Zones of this camera")
        self.zone_list.setMaximumHeight(80)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Zone name, e.g. kitchen counter")
        self.name.setAccessibleName("Zone name")
        grid = QGridLayout()
        self.edges: list[QSpinBox] = []
        for i, label in enumerate(("Left %", "Top %", "Right %", "Bottom %")):
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setValue((0, 0, 100, 100)[i])
            spin.setAccessibleName(f"Zone {label[:-2].lower()} edge in percent")
            grid.addWidget(QLabel(label), 0, i)
            grid.addWidget(spin, 1, i)
            self.edges.append(spin)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save zone")
        self.save_button.setAccessibleName("Save the zone")
        self.remove_button = QPushButton("Remove zone")
        self.remove_button.setAccessibleName("Remove the selected zone")
        self.save_button.clicked.connect(self.save_zone)
        self.remove_button.clicked.connect(self.remove_zone)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        self.name.textChanged.connect(lambda _t: self.sync_buttons())
        self.zone_list.itemSelectionChanged.connect(self.sync_buttons)
        self.message = status_label("")
        for w in (self.camera, self.zone_list, self.name):
            self.body.addWidget(w)
        self.body.addLayout(grid)
        self.body.addLayout(buttons)
        self.body.addWidget(self.message)
        self.reload()

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
        for w in (self.name, *self.edges):
            w.setEnabled(has)
        if not has:
            self.message.setText("Add a camera in Settings to draw zones.")
        self._list_zones()

    def sync_buttons(self) -> None:
        """Save needs a camera and a name; Remove needs a selected zone (the reason as a tip)."""
        has = self.camera.count() > 0
        named = has and bool(self.name.text().strip())
        self.save_button.setEnabled(named)
        self.save_button.setToolTip(
            "" if named else ("Add a camera in Settings first." if not has else "Name the zone.")
        )
        chosen = self.zone_list.currentItem() is not None and bool(self.zone_list.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.remove_button.setToolTip("" if chosen else "Select a zone to remove.")

    def _list_zones(self) -> None:
        self.zone_list.clear()
        for c in self.session.app.settings.vision.cameras:
            if c.name == self.camera.currentText():
                self.zone_list.addItems(sorted(c.zones))
        self.sync_buttons()

    def polygon(self) -> list[list[float]]:
        left, top, right, bottom = (s.value() / 100.0 for s in self.edges)
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
        app.settings = new
        self.session.record("settings_changed", "settings", sections=["vision"])
        self._say(f"Zone {zone} {'saved' if polygon else 'removed'}.", "Good")
        self.name.clear()
        self._list_zones()

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)


class TeachCard(Card):
    """Teach an object from a few photos (experimental: textured, rigid things work best)."""

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Teach an object", parent)
        self.session = session
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name, e.g. my wallet")
        self.name.setAccessibleName("Name of the object to teach")
        self.photos_button = QPushButton("Choose photos…")
        self.photos_button.setAccessibleName("Choose photos of the object")
        self.photos_button.clicked.connect(self.choose_photos)
        row.addWidget(self.name, 1)
        row.addWidget(self.photos_button)
        self.taught = QListWidget()
        self.taught.setAccessibleName("Taught objects")
        self.taught.setMaximumHeight(90)
        self.forget_button = QPushButton("Forget selected")
        self.forget_button.setAccessibleName("Forget the selected taught object")
        self.forget_button.clicked.connect(self.forget_selected)
        self.taught.itemSelectionChanged.connect(self._selection)
        self.message = status_label(
            "Show 2–5 close-up photos of a textured object (a book, a patterned mug)."
        )
        self.body.addLayout(row)
        self.body.addWidget(self.taught)
        self.body.addWidget(self.forget_button)
        self.body.addWidget(self.message)
        self.refresh()

    def _objects(self) -> Any:
        from pipelines.vision.teach import TaughtObjects

        app = self.session.app
        return TaughtObjects(app.db, app.paths.data_dir, app.ledger)

    def refresh(self) -> None:
        from pipelines.vision.teach import taught_names

        db = self.session.app.db
        self.session.run(lambda: taught_names(db), self._show)

    def _show(self, names: list[str]) -> None:
        self.taught.clear()
        self.taught.addItems(names)
        self._selection()

    def _selection(self) -> None:
        chosen = bool(self.taught.selectedItems())
        self.forget_button.setEnabled(chosen)
        self.forget_button.setToolTip(
            ""
            if chosen
            else ("Select an object to forget." if self.taught.count() else "Nothing taught yet.")
        )

    def names(self) -> list[str]:
        return [self.taught.item(i).text() for i in range(self.taught.count())]

    def choose_photos(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(
            self, "Photos of the object", str(Path.home()), IMAGE_FILES
        )
        if paths:
            self.teach([Path(p) for p in paths])

    def teach(self, paths: list[Path]) -> None:
        name = self.name.text().strip()
        objects = self._objects()

        def run() -> int:
            import cv2

            images = []
            for p in paths:
                image = cv2.imread(str(p))
                if image is None:
                    raise InputError(f"{p.name} is not a photo Homebody can read.")
                images.append(image)
            return int(objects.teach(name, images))

        def done(kept: int) -> None:
            self._say(f"Learned {name} from {kept} photos.", "Good")
            self.name.clear()
            self.refresh()

        self.session.run(
            run,
            done,
            lambda exc: self._say(error_text(exc), "Bad"),
        )

    def forget_selected(self) -> None:
        item = self.taught.currentItem()
        if item is None:
            return
        name = item.text()
        objects = self._objects()
        self.session.run(lambda: objects.forget(name), lambda _n: self.refresh())

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)
