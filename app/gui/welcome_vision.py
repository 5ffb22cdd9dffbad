"""The welcome's camera and detector steps: a snapshot to check the camera, one-click install
of the object detector (public URL or a local folder, sha256-checked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton

from app import first_run

from .fmt import error_text, human_size
from .session import GuiSession
from .welcome_steps import Step


class CameraStep(Step):
    title = "A camera"

    def __init__(self, session: GuiSession) -> None:
        super().__init__(
            session,
            "Homebody remembers where it last saw things. A camera is a webcam number (0), "
            "an rtsp:// address on your network, a video file or a folder of photos.",
        )
        self.name = QLineEdit("kitchen")
        self.name.setAccessibleName("Camera name")
        self.source = QLineEdit()
        self.source.setPlaceholderText("0, rtsp://… or a folder")
        self.source.setAccessibleName("Camera source")
        folder = QPushButton("Folder…")
        folder.setAccessibleName("Choose a folder of photos as the camera")
        folder.clicked.connect(self._choose)
        self.snap_button = QPushButton("Take a snapshot")
        self.snap_button.setAccessibleName("Show one picture from the camera")
        self.snap_button.clicked.connect(self.snap)
        self.add_button = QPushButton("Add the camera")
        self.add_button.setObjectName("Primary")
        self.add_button.setAccessibleName("Add this camera")
        self.add_button.clicked.connect(self.add)
        self.picture = QLabel()
        self.picture.setAccessibleName("Camera snapshot")
        self.picture.setFixedHeight(180)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.name, self.source):
            w.textChanged.connect(lambda _t: self._sync())
        row = QHBoxLayout()
        row.addWidget(self.name)
        row.addWidget(self.source, 2)
        row.addWidget(folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.snap_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self.column.addLayout(row)
        self.column.addLayout(buttons)
        self.column.addWidget(self.picture)
        self.finish_layout()
        self._sync()

    def _sync(self) -> None:
        has = bool(self.source.text().strip())
        self.snap_button.setEnabled(has)
        self.add_button.setEnabled(has and bool(self.name.text().strip()))
        for b in (self.snap_button, self.add_button):
            b.setToolTip("" if b.isEnabled() else "Type a camera source (and a name) first.")

    def _choose(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "A folder of photos", str(Path.home()))
        if path:
            self.source.setText(path)

    def snap(self) -> None:
        app, source = self.session.app, self.source.text()
        self.say("Taking a picture…")
        self.session.run(lambda: first_run.snapshot(app, source), self._show,
                         lambda exc: self.say(error_text(exc), "Bad"))  # fmt: skip

    def _show(self, image: Any) -> None:
        rgb = image[:, :, ::-1].copy()
        height, width = rgb.shape[:2]
        qimage = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
        pixmap = QPixmap.fromImage(qimage.copy())
        self.picture.setPixmap(
            pixmap.scaledToHeight(180, Qt.TransformationMode.SmoothTransformation)
        )
        self.say(f"✔ {width}×{height} picture. It is shown here only, never stored.", "Good")

    def add(self) -> None:
        try:
            first_run.add_camera(self.session.app, self.name.text(), self.source.text())
        except Exception as exc:
            self.say(error_text(exc), "Bad")
            return
        self.say(f"✔ Added the {self.name.text().strip().lower()} camera.", "Good")


class DetectorStep(Step):
    title = "The object detector"
    installed = Signal()

    def __init__(self, session: GuiSession) -> None:
        super().__init__(
            session,
            "YOLOX-Nano (Apache-2.0, 3.5 MiB) recognises 80 kinds of things — cups, keys, "
            "phones, glasses — on this computer. It is downloaded from its public address and "
            "checked against its sha256; nothing else is sent.",
        )
        self.install_button = QPushButton("Install the detector")
        self.install_button.setObjectName("Primary")
        self.install_button.setAccessibleName("Download and install the object detector")
        self.install_button.clicked.connect(lambda: self.install(None))
        self.folder_button = QPushButton("From a folder…")
        self.folder_button.setAccessibleName("Install the detector from a folder")
        self.folder_button.clicked.connect(self._choose)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Detector download progress")
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.install_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addWidget(self.progress)
        self.finish_layout()
        session.run(lambda: first_run.detector_installed(session.app), self._state)

    def _state(self, installed: bool) -> None:
        for b in (self.install_button, self.folder_button):
            b.setEnabled(not installed)
            b.setToolTip("The detector is installed." if installed else "")
        if installed:
            self.say("✔ The detector is installed: “where is my cup?” works.", "Good")

    def _choose(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "The folder with the model", str(Path.home()))
        if path:
            self.install(Path(path))

    progressed = Signal(int, int)

    def install(self, folder: Path | None) -> None:
        app = self.session.app
        for b in (self.install_button, self.folder_button):
            b.setEnabled(False)
        self.progress.show()
        self.progressed.connect(self._progress, Qt.ConnectionType.UniqueConnection)
        self.say("Installing…")

        def done(_path: Any) -> None:
            self._state(True)
            self.progress.setValue(self.progress.maximum())
            self.installed.emit()

        def failed(exc: BaseException) -> None:
            self._state(False)
            self.say(error_text(exc), "Bad")

        self.session.run(
            lambda: first_run.install_detector(
                app, folder, lambda _n, d, t: self.progressed.emit(d, t)
            ),
            done,
            failed,
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{human_size(done)} of {human_size(total)}")
