"""Microphone and camera status with kill switches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from ..icons import pixmap
from ..pages.voice_panel import probe_microphones
from ..session import GuiSession
from ..widgets import Card, set_tone, status_label


class DevicesCard(Card):
    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Microphone and cameras", parent)
        self.session = session
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.mic_icon = QLabel()
        self.cam_icon = QLabel()
        self.mic_state = status_label("Looking for microphones…")
        self.cam_state = status_label("")
        self.mic_switch = QCheckBox("Allow the microphone")
        self.mic_switch.setAccessibleName("Microphone kill switch")
        self.cam_switch = QCheckBox("Allow the cameras")
        self.cam_switch.setAccessibleName("Camera kill switch")
        self.mic_switch.setChecked(session.mic_allowed)
        self.cam_switch.setChecked(session.camera_allowed)
        self.mic_switch.toggled.connect(lambda on: session.set_switch("microphone", on))
        self.cam_switch.toggled.connect(lambda on: session.set_switch("camera", on))
        for r, (ico, state, switch) in enumerate(
            (
                (self.mic_icon, self.mic_state, self.mic_switch),
                (self.cam_icon, self.cam_state, self.cam_switch),
            )
        ):
            grid.addWidget(ico, 2 * r, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(switch, 2 * r, 1)
            grid.addWidget(state, 2 * r + 1, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        # microphones in other rooms: Wyoming satellites, Home Assistant, remote engines
        self.peers = status_label("")
        self.peers.setAccessibleName("Latest Wyoming peer")
        self.peers.setWordWrap(True)
        self.peers.hide()
        self.body.addWidget(self.peers)
        session.bridge.notice.connect(self._on_notice)
        self.body.addStretch(1)
        self.microphones: list[str] | None = None
        session.switches_changed.connect(self.update_state)
        session.run(probe_microphones, self._found, lambda _e: self._found([]))
        self.update_state()
        self._live = QTimer(self)  # "in use" follows the voice loop and the cameras
        self._live.setInterval(1000)
        self._live.timeout.connect(self.update_state)
        self._live.start()

    def _on_notice(self, event: Any) -> None:
        """The latest Wyoming peer exchange in words (issue 19: a line on the live monitor)."""
        if getattr(event, "stage", "") != "wyoming":
            return
        data = dict(event.data)
        message = str(data.get("message") or event.message or "")
        if message:
            self.peers.setText("Other rooms: " + message)
            set_tone(self.peers, "Good" if data.get("allowed", True) else "Warn")
            self.peers.show()

    def _found(self, microphones: list[str]) -> None:
        self.microphones = microphones
        self.update_state()

    def update_state(self) -> None:
        s = self.session
        self.mic_switch.blockSignals(True)
        self.mic_switch.setChecked(s.mic_allowed)
        self.mic_switch.blockSignals(False)
        self.cam_switch.blockSignals(True)
        self.cam_switch.setChecked(s.camera_allowed)
        self.cam_switch.blockSignals(False)
        self.mic_icon.setPixmap(
            pixmap("microphone" if s.mic_allowed else "microphone-off", "#5f6b67", 28)
        )
        self.cam_icon.setPixmap(
            pixmap("camera" if s.camera_allowed else "camera-off", "#5f6b67", 28)
        )
        voice = s.app.services.get("voice")
        listening = bool(getattr(voice, "listening", False))
        if not s.mic_allowed:
            self._say(self.mic_state, "Off: nothing can open the microphone.", "Warn")
        elif self.microphones is None:
            self._say(self.mic_state, "Looking for microphones…", "Muted")
        elif not self.microphones:
            self._say(self.mic_state, "No microphone found on this computer.", "Muted")
        else:
            names = ", ".join(self.microphones[:2])
            what = "in use (listening)" if listening else "not in use"
            self._say(self.mic_state, f"{names}: {what}.", "Good" if not listening else "Warn")
        cameras = [c for c in s.app.settings.vision.cameras if c.enabled]
        running = s.app.services.get("cameras")
        active = bool(getattr(running, "running", False))
        if not s.camera_allowed:
            self._say(self.cam_state, "Off: no camera can be opened.", "Warn")
        elif not cameras:
            self._say(self.cam_state, "No cameras configured (Settings → Cameras).", "Muted")
        else:
            names = ", ".join(c.name for c in cameras)
            what = "watching" if active else "not running"
            self._say(self.cam_state, f"{names}: {what}.", "Warn" if active else "Good")

    @staticmethod
    def _say(label: QLabel, text: str, tone: str) -> None:
        label.setText(text)
        set_tone(label, tone)
