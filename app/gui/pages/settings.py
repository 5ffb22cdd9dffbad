"""The Settings page: writes the TOML settings file through ``save_settings``.

The cards live in their own modules (settings_sections, settings_audio, settings_mqtt,
settings_cameras, settings_devices, rooms_card, voice_profile_card); this page lays them out,
loads them from the settings, and validates and saves their values in one go.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pipelines.core.errors import HomebodyError
from pipelines.core.settings import save_settings
from pipelines.core.settings_schema import Settings
from pipelines.services import services

from .. import autostart
from ..session import GuiSession
from ..theme import apply_theme
from ..widgets import ElidedLabel, page_header, page_layout, set_tone, status_label
from .rooms_card import RoomsCard
from .settings_audio import AudioCard, probe_audio_devices
from .settings_cameras import CamerasCard
from .settings_devices import DevicesCard
from .settings_form import apply_changes, cameras_to_rows, rows_to_cameras
from .settings_mqtt import MqttCard
from .settings_sections import AppearanceCard, PrivacyCard
from .voice_profile_card import VoiceProfileCard

ONE_COLUMN_BELOW = 900
"""Page width (px) below which the cards stack in one column."""

FORM_CONTROLS = {
    "appearance": ("theme", "start_minimised", "start_at_login"),
    "audio": ("input_device", "output_device", "wake_enabled", "wake_word", "sensitivity",
              "engine", "whisper", "noise_reduction", "vosk_model", "tts", "volume", "audio_note"),
    "privacy": ("record_history", "retention"),
    "mqtt": ("mqtt_enabled", "mqtt_host", "mqtt_port", "mqtt_user", "mqtt_password",
             "mqtt_password_note"),
}  # fmt: skip
"""The cards' controls the page also offers by name (``page.theme``, ``page.mqtt_port``)."""


class SettingsPage(QWidget):
    title = "Settings"
    icon_name = "settings"
    saved = Signal(object)

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        outer = page_layout(self)
        top = QHBoxLayout()
        header, sub = page_header("Settings")
        sub.hide()
        self.saved_to = ElidedLabel(f"Saved to {session.app.paths.config_file}")
        self.saved_to.setObjectName("PageSubtitle")
        self.saved_to.setAccessibleName("Settings file")
        header.layout().addWidget(self.saved_to)
        top.addWidget(header, 1)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setAccessibleName("Revert unsaved changes")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("Primary")
        self.save_button.setAccessibleName("Save settings")
        self.welcome_button = QPushButton("Welcome…")
        self.welcome_button.setAccessibleName("Open the first-run welcome again")
        self.welcome_button.setToolTip("Microphone, wake word, voice, a camera and the detector")
        self.welcome_button.clicked.connect(self.open_welcome)
        top.addWidget(self.welcome_button)
        self.revert_button.clicked.connect(self.load)
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.revert_button)
        top.addWidget(self.save_button)
        outer.addLayout(top)
        self.message = status_label("")
        self.message.setAccessibleName("Settings message")
        self.message.hide()  # shown with a message only: no empty gap above the cards
        outer.addWidget(self.message)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        # two columns of cards stacked from the top (a grid row would stretch a short card
        # to its neighbour's height and push its title down)
        left, right = QVBoxLayout(), QVBoxLayout()
        for column in (left, right):
            column.setSpacing(12)
        self.appearance = AppearanceCard()
        self.audio = AudioCard()
        self.privacy = PrivacyCard()
        self.mqtt = MqttCard(session.app.paths.config_dir)
        for card_name, controls in FORM_CONTROLS.items():
            for control in controls:
                setattr(self, control, getattr(getattr(self, card_name), control))
        left.addWidget(self.appearance)
        left.addWidget(self.privacy)
        self.cameras = CamerasCard()
        left.addWidget(self.cameras)
        right.addWidget(self.audio)
        self.voice_profile = VoiceProfileCard(session)
        right.addWidget(self.voice_profile)
        right.addWidget(self.mqtt)
        self.devices = DevicesCard(session)
        right.addWidget(self.devices)
        self.rooms = RoomsCard(session)
        left.addWidget(self.rooms)
        for column in (left, right):
            column.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self.grid, self.right_column, self.one_column = grid, right, False
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)
        self.load()
        session.run(probe_audio_devices, self._devices_found)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """One column of cards on a narrow window (two would need sideways scrolling)."""
        one = event.size().width() < ONE_COLUMN_BELOW
        if one != self.one_column:
            self.one_column = one
            self.grid.removeItem(self.right_column)
            self.grid.addLayout(self.right_column, *((1, 0) if one else (0, 1)))
        super().resizeEvent(event)

    def open_welcome(self) -> None:
        # lazy: start-up speed (..welcome loads only when open_welcome() runs)
        from ..welcome import WelcomeDialog

        self.welcome = WelcomeDialog(self.session, self)
        self.welcome.finished.connect(lambda _r: self.load())  # show what it changed
        self.welcome.show()

    # -- load / save ----------------------------------------------------------------------------
    def _devices_found(self, found: tuple[list[str], list[str]]) -> None:
        self.audio.devices_found(found, self.session.app.settings)

    def load(self) -> None:
        s = self.session.app.settings
        for card in (self.appearance, self.audio, self.privacy, self.mqtt):
            card.load(s)
        self.cameras.set_rows(cameras_to_rows(s.vision.cameras))
        self.rooms.load(s)
        self._say("", "Muted")

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)
        self.message.setVisible(bool(text))

    def values(self) -> dict[str, Any]:
        s = self.session.app.settings
        values: dict[str, Any] = {}
        for card in (self.appearance, self.audio, self.privacy, self.mqtt):
            values.update(card.values(s))
        values["vision.cameras"] = rows_to_cameras(self.cameras.rows(), s.vision.cameras)
        return {**values, **self.rooms.values()}

    def save(self) -> None:
        app = self.session.app
        old: Settings = app.settings
        try:
            new = apply_changes(old, self.values())
            if new.general.start_at_login != old.general.start_at_login or (
                new.general.start_at_login != autostart.is_enabled()
            ):
                autostart.set_enabled(new.general.start_at_login)
            save_settings(new, app.paths.config_file)
        except HomebodyError as exc:
            self._say(f"Not saved: {exc.message}", "Bad")
            return
        # the one way new settings reach the running app: retention, allowed hosts, and the
        # voice and camera loops restarted with new devices, wake word or cameras
        sections = services(app).apply_settings(new)
        self.mqtt.show_password(new)
        self.cameras.set_rows(cameras_to_rows(new.vision.cameras))  # a typed password: •••
        if sections:
            self.session.record("settings_changed", "settings", sections=sections)
        if new.general.theme != old.general.theme:
            qapp = QApplication.instance()
            if isinstance(qapp, QApplication):
                apply_theme(qapp, new.general.theme)
        self._say(
            "✔ Saved." + (" Changed: " + ", ".join(sections) + "." if sections else ""), "Good"
        )
        self.saved.emit(new)
