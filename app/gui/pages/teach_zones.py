"""Teach-an-object for the "Where is" page, and ``with_zone`` (the zone editor's settings edit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from pipelines.core.errors import InputError
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
            "Choose 3–10 close-up photos of the object on a plain surface, from different "
            "sides (front, back, top, ends): I recognise it best from the sides I have seen."
        )
        self.body.addLayout(row)
        self.body.addWidget(self.taught)
        self.body.addWidget(self.forget_button)
        self.body.addWidget(self.message)
        self.refresh()

    def _objects(self) -> Any:
        # lazy: start-up speed (pipelines.vision.teach loads only when _objects() runs)
        from pipelines.vision.teach import TaughtObjects

        app = self.session.app
        return TaughtObjects(app.db, app.paths.data_dir, app.ledger)

    def refresh(self) -> None:
        # lazy: start-up speed (pipelines.vision.teach loads only when refresh() runs)
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
            # lazy: start-up speed (cv2 loads only when run() runs)
            import cv2

            images = []
            for p in paths:
                image = cv2.imread(str(p))
                if image is None:
                    raise InputError(f"{p.name} is not a photo Homebody can read.")
                images.append(image)
            return int(objects.teach(name, images))

        def done(kept: int) -> None:
            more = " Photos of more sides help me find it from other angles." if kept < 5 else ""
            self._say(f"Learned {name} from {kept} photos.{more}", "Good")
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
