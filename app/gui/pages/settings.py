"""The Settings page: writes the TOML settings file through ``save_settings``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pipelines.audio.devices import audio_devices
from pipelines.core import registry
from pipelines.core.errors import HomebodyError
from pipelines.core.settings import save_settings
from pipelines.core.settings_schema import Settings
from pipelines.services import services

from .. import autostart
from ..session import GuiSession
from ..theme import apply_theme
from ..widgets import Card, ElidedLabel, page_header, page_layout, set_tone, status_label
from .rooms_card import RoomsCard
from .settings_cameras import CamerasCard
from .settings_devices import DevicesCard
from .settings_form import (
    RETENTION_CATEGORIES,
    apply_changes,
    cameras_to_rows,
    rows_to_cameras,
)
from .voice_profile_card import VoiceProfileCard

WAKE_WORDS = registry.pairs(registry.WAKE_WORDS)
ENGINES = registry.pairs(registry.SPEECH_ENGINES)
WHISPER_MODELS = registry.pairs(registry.WHISPER_MODELS)
VOICES = registry.pairs(registry.TTS_VOICES)
THEMES = registry.pairs(registry.THEMES)


ONE_COLUMN_BELOW = 900
"""Page width (px) below which the cards stack in one column."""


def probe_audio_devices() -> tuple[list[str], list[str]]:
    """(input device names, output device names) as PortAudio sees them."""
    found = audio_devices()
    return [d.name for d in found.inputs], [d.name for d in found.outputs]


def _combo(name: str, items: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for value, label in items:
        box.addItem(label, value)
    return box


def _select(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    if index < 0:
        box.addItem(value or "System default", value)
        index = box.count() - 1
    box.setCurrentIndex(index)


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
        left.addWidget(self._appearance())
        left.addWidget(self._privacy())
        self.cameras = CamerasCard()
        left.addWidget(self.cameras)
        right.addWidget(self._audio())
        self.voice_profile = VoiceProfileCard(session)
        right.addWidget(self.voice_profile)
        right.addWidget(self._mqtt())
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
        from ..welcome import WelcomeDialog

        self.welcome = WelcomeDialog(self.session, self)
        self.welcome.finished.connect(lambda _r: self.load())  # show what it changed
        self.welcome.show()

    # -- sections -------------------------------------------------------------------------------
    def _appearance(self) -> Card:
        card = Card("Appearance and start-up")
        form = QFormLayout()
        self.theme = _combo("Theme", THEMES)
        self.start_minimised = QCheckBox("Start minimised to the tray")
        self.start_minimised.setAccessibleName("Start minimised to the tray")
        self.start_at_login = QCheckBox("Start when I log in")
        self.start_at_login.setAccessibleName("Start when I log in")
        self.start_at_login.setEnabled(autostart.supported())
        form.addRow("Theme", self.theme)
        form.addRow(self.start_minimised)
        form.addRow(self.start_at_login)
        card.body.addLayout(form)
        return card

    def _audio(self) -> Card:
        card = Card("Voice and sound")
        form = QFormLayout()
        self.input_device = _combo("Microphone", [("", "System default")])
        self.output_device = _combo("Speaker", [("", "System default")])
        self.wake_enabled = QCheckBox("Listen for a wake word")
        self.wake_enabled.setAccessibleName("Listen for a wake word")
        self.wake_word = _combo("Wake word", WAKE_WORDS)
        self.sensitivity = QSlider(Qt.Orientation.Horizontal)
        self.sensitivity.setRange(0, 100)
        self.sensitivity.setAccessibleName("Wake word sensitivity")
        self.sensitivity.setToolTip("Left: fewer false wake-ups. Right: fewer missed wake words.")
        self.engine = _combo("Speech recognition engine", ENGINES)
        self.whisper = _combo("Second speech recogniser", WHISPER_MODELS)
        self.vosk_model = QLineEdit()
        self.vosk_model.setPlaceholderText("Installed Vosk model name or folder (optional)")
        self.vosk_model.setAccessibleName("Vosk model")
        self.tts = _combo("Spoken replies", VOICES)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setAccessibleName("Speaking volume")
        self.audio_note = status_label("Looking for audio devices…")
        form.addRow("Microphone", self.input_device)
        form.addRow("Speaker", self.output_device)
        form.addRow(self.wake_enabled)
        form.addRow("Wake word", self.wake_word)
        form.addRow("Sensitivity", self.sensitivity)
        form.addRow("Speech engine", self.engine)
        form.addRow("Whisper", self.whisper)
        form.addRow("Vosk model", self.vosk_model)
        form.addRow("Spoken replies", self.tts)
        form.addRow("Volume", self.volume)
        card.body.addLayout(form)
        card.body.addWidget(self.audio_note)
        return card

    def _privacy(self) -> Card:
        card = Card("Privacy and retention")
        form = QFormLayout()
        self.record_history = QCheckBox("Keep the conversation history")
        self.record_history.setAccessibleName("Keep the conversation history")
        form.addRow(self.record_history)
        self.retention: dict[str, QSpinBox] = {}
        for name, label in RETENTION_CATEGORIES:
            spin = QSpinBox()
            spin.setRange(0, 3650)
            spin.setSuffix(" days")
            spin.setSpecialValueText("until I delete it")
            spin.setAccessibleName(f"Keep {label.lower()} for")
            self.retention[name] = spin
            form.addRow(f"Keep {label.lower()}", spin)
        card.body.addLayout(form)
        return card

    def _mqtt(self) -> Card:
        card = Card("Lights and devices (MQTT)")
        form = QFormLayout()
        self.mqtt_enabled = QCheckBox("Control devices through an MQTT broker")
        self.mqtt_enabled.setAccessibleName("Use an MQTT broker")
        self.mqtt_host = QLineEdit()
        self.mqtt_host.setAccessibleName("MQTT broker host")
        self.mqtt_port = QSpinBox()
        self.mqtt_port.setRange(1, 65535)
        self.mqtt_port.setAccessibleName("MQTT broker port")
        self.mqtt_user = QLineEdit()
        self.mqtt_user.setAccessibleName("MQTT user name")
        self.mqtt_password = QLineEdit()
        self.mqtt_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.mqtt_password.setAccessibleName("MQTT password")
        self.mqtt_password_note = status_label("")
        self.mqtt_password_note.setAccessibleName("Where the MQTT password is kept")
        form.addRow(self.mqtt_enabled)
        form.addRow("Broker", self.mqtt_host)
        form.addRow("Port", self.mqtt_port)
        form.addRow("User", self.mqtt_user)
        form.addRow("Password", self.mqtt_password)
        form.addRow("", self.mqtt_password_note)
        card.body.addLayout(form)
        card.body.addWidget(
            status_label(
                "Only this broker is allowed through the egress guard; it should be on your "
                "own network."
            )
        )
        return card

    # -- load / save ----------------------------------------------------------------------------
    def _devices_found(self, found: tuple[list[str], list[str]]) -> None:
        inputs, outputs = found
        audio = self.session.app.settings.audio
        for box, names, current in (
            (self.input_device, inputs, audio.input_device),
            (self.output_device, outputs, audio.output_device),
        ):
            for n in names:
                if box.findData(n) < 0:
                    box.addItem(n, n)
            _select(box, current)
        if not inputs:
            self.audio_note.setText("No microphone found: voice needs one, typing always works.")
            set_tone(self.audio_note, "Warn")
        else:
            self.audio_note.setText(f"{len(inputs)} microphones, {len(outputs)} speakers found.")
            set_tone(self.audio_note, "Muted")

    def load(self) -> None:
        s = self.session.app.settings
        _select(self.theme, s.general.theme)
        self.start_minimised.setChecked(s.general.start_minimised)
        self.start_at_login.setChecked(s.general.start_at_login)
        _select(self.input_device, s.audio.input_device)
        _select(self.output_device, s.audio.output_device)
        self.wake_enabled.setChecked(s.audio.wake_word_enabled)
        _select(self.wake_word, s.audio.wake_word)
        self.sensitivity.setValue(round(s.audio.wake_sensitivity * 100))
        _select(self.engine, s.audio.speech_engine)
        _select(self.whisper, s.audio.whisper_model)
        self.vosk_model.setText(s.audio.vosk_model)
        _select(self.tts, s.audio.tts)
        self.volume.setValue(s.audio.volume)
        self.record_history.setChecked(s.privacy.record_history)
        for name, spin in self.retention.items():
            spin.setValue(int(s.privacy.retention_days.get(name, 0)))
        self.cameras.set_rows(cameras_to_rows(s.vision.cameras))
        self.mqtt_enabled.setChecked(s.mqtt.enabled)
        self.mqtt_host.setText(s.mqtt.host)
        self.mqtt_port.setValue(s.mqtt.port)
        self.mqtt_user.setText(s.mqtt.username)
        self._show_password(s)
        self.rooms.load(s)
        self._say("", "Muted")

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)
        self.message.setVisible(bool(text))

    def values(self) -> dict[str, Any]:
        s = self.session.app.settings
        retention = dict(s.privacy.retention_days)
        for name, spin in self.retention.items():
            if spin.value():
                retention[name] = spin.value()
            else:
                retention.pop(name, None)
        return {
            "general.theme": self.theme.currentData(),
            "general.start_minimised": self.start_minimised.isChecked(),
            "general.start_at_login": self.start_at_login.isChecked(),
            "audio.input_device": self.input_device.currentData() or "",
            "audio.output_device": self.output_device.currentData() or "",
            "audio.wake_word_enabled": self.wake_enabled.isChecked(),
            "audio.wake_word": self.wake_word.currentData(),
            "audio.wake_sensitivity": self.sensitivity.value() / 100.0,
            "audio.speech_engine": self.engine.currentData(),
            "audio.whisper_model": self.whisper.currentData(),
            "audio.vosk_model": self.vosk_model.text().strip(),
            "audio.tts": self.tts.currentData(),
            "audio.volume": self.volume.value(),
            "privacy.record_history": self.record_history.isChecked(),
            "privacy.retention_days": retention,
            "vision.cameras": rows_to_cameras(self.cameras.rows(), s.vision.cameras),
            "mqtt.enabled": self.mqtt_enabled.isChecked(),
            "mqtt.host": self.mqtt_host.text().strip(),
            "mqtt.port": self.mqtt_port.value(),
            "mqtt.username": self.mqtt_user.text(),
            "mqtt.password": self.mqtt_password.text()
            or (s.mqtt.password if self.mqtt_user.text() else ""),
            **self.rooms.values(),
        }

    def _show_password(self, s: Settings) -> None:
        """The password never comes back into the form: it stays in the keyring."""
        from pipelines.core.secrets import SecretStore

        self.mqtt_password.clear()
        self.mqtt_password.setPlaceholderText(
            "saved — type a new one to replace it" if s.mqtt.password else ""
        )
        store = SecretStore(self.session.app.paths.config_dir)
        self.mqtt_password_note.setText(
            f"Passwords are kept {store.describe()}."
            if store.uses_keyring
            else "No keyring service is running: passwords are kept in passwords.json beside "
            "settings.toml, readable only by you."
        )
        self.mqtt_password_note.setWordWrap(True)

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
        self._show_password(new)
        self.cameras.set_rows(cameras_to_rows(new.vision.cameras))  # a typed password: •••
        if sections:
            self.session.record("settings_changed", "settings", sections=sections)
        if new.general.theme != old.general.theme:
            from PySide6.QtWidgets import QApplication

            qapp = QApplication.instance()
            if isinstance(qapp, QApplication):
                apply_theme(qapp, new.general.theme)
        self._say(
            "✔ Saved." + (" Changed: " + ", ".join(sections) + "." if sections else ""), "Good"
        )
        self.saved.emit(new)
