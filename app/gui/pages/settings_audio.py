"""Settings → Voice and sound: microphone and speaker, wake word, speech engines, voice."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLineEdit,
    QPushButton,
    QSlider,
)

from pipelines.core import registry
from pipelines.core.settings_schema import Settings

from ..widgets import Card, set_tone, status_label
from .settings_sections import checkbox, combo, select

WAKE_WORDS = registry.pairs(registry.WAKE_WORDS)
ENGINES = registry.pairs(registry.SPEECH_ENGINES)
WHISPER_MODELS = registry.pairs(registry.WHISPER_MODELS)
VOICES = registry.pairs(registry.TTS_VOICES)


def probe_audio_devices() -> tuple[list[str], list[str]]:
    """(input device names, output device names) as PortAudio sees them."""
    # lazy: start-up speed (app.first_run loads only when probe_audio_devices() runs)
    from app.first_run import microphones, speakers

    try:
        return microphones(), speakers()
    except Exception:  # no PortAudio / no audio system: only the defaults are offered
        return [], []


def talk_command() -> str:
    """The command a desktop shortcut runs for push-to-talk from anywhere: the installed
    ``homebody`` beside this Python when there is one (a desktop's shortcut has no venv)."""

    beside = Path(sys.executable).with_name("homebody")
    found = str(beside) if beside.exists() else shutil.which("homebody")
    if found:
        return f"{shlex.quote(found)} talk"
    return f"{shlex.quote(sys.executable)} -m app.cli.main talk"


def slider(name: str) -> QSlider:
    bar = QSlider(Qt.Orientation.Horizontal)
    bar.setRange(0, 100)
    bar.setAccessibleName(name)
    return bar


class AudioCard(Card):
    def __init__(self) -> None:
        super().__init__("Voice and sound")
        form = QFormLayout()
        self.input_device = combo("Microphone", [("", "System default")])
        self.output_device = combo("Speaker", [("", "System default")])
        self.wake_enabled = checkbox("Listen for a wake word")
        self.wake_word = combo("Wake word", WAKE_WORDS)
        self.sensitivity = slider("Wake word sensitivity")
        self.sensitivity.setToolTip("Left: fewer false wake-ups. Right: fewer missed wake words.")
        self.engine = combo("Speech recognition engine", ENGINES)
        self.whisper = combo("Second speech recogniser", WHISPER_MODELS)
        self.noise_reduction = checkbox("Filter out steady background noise")
        self.noise_reduction.setToolTip(
            "A fan, traffic or a hiss is filtered out of what PocketSphinx hears, "
            "measured from the moment before you speak."
        )
        self.vosk_model = QLineEdit()
        self.vosk_model.setPlaceholderText("Installed Vosk model name or folder (optional)")
        self.vosk_model.setAccessibleName("Vosk model")
        self.tts = combo("Spoken replies", VOICES)
        self.volume = slider("Speaking volume")
        self.audio_note = status_label("Looking for audio devices…")
        form.addRow("Microphone", self.input_device)
        form.addRow("Speaker", self.output_device)
        form.addRow(self.wake_enabled)
        form.addRow("Wake word", self.wake_word)
        form.addRow("Sensitivity", self.sensitivity)
        form.addRow("Speech engine", self.engine)
        form.addRow("Whisper", self.whisper)
        form.addRow(self.noise_reduction)
        form.addRow("Vosk model", self.vosk_model)
        form.addRow("Spoken replies", self.tts)
        form.addRow("Volume", self.volume)
        self.body.addLayout(form)
        self.body.addWidget(self.audio_note)
        self.ptt_key = QKeySequenceEdit()
        self.ptt_key.setMaximumSequenceLength(1)
        self.ptt_key.setAccessibleName("Push-to-talk key")
        for inner in self.ptt_key.findChildren(QLineEdit):  # Qt's editor inside: same name
            inner.setAccessibleName("Push-to-talk key")
        self.ptt_key.setToolTip("Starts listening without the wake word, from any window.")
        form.addRow("Push-to-talk", self.ptt_key)
        self.hotkey_note = status_label(
            "Push-to-talk from anywhere: in your desktop's keyboard settings, give this "
            "command a key (Ctrl+Space works while Homebody's window has focus):"
        )
        self.hotkey_note.setAccessibleName("Push-to-talk from anywhere")
        self.body.addWidget(self.hotkey_note)
        self.talk_command = QLineEdit(talk_command())
        self.talk_command.setReadOnly(True)
        self.talk_command.setAccessibleName("Command for a push-to-talk key")
        self.copy_talk = QPushButton("Copy")
        self.copy_talk.setAccessibleName("Copy the push-to-talk command")
        self.copy_talk.clicked.connect(self._copy_talk)
        talk_row = QHBoxLayout()
        talk_row.addWidget(self.talk_command, 1)
        talk_row.addWidget(self.copy_talk)
        self.body.addLayout(talk_row)

    def show_hotkey(self, status: Any) -> None:
        """Say whether the global key is Homebody's (a ``HotkeyStatus``), and the fallback."""
        if status.active:
            text = (f"Press {status.key} from any window to talk. {status.note} To use a key "
                    "your desktop manages instead, bind this command:")  # fmt: skip
            tone = "Muted"
        else:
            why = status.reason if not status.key else (
                f"Homebody can't take a global key here. {status.reason}")  # fmt: skip
            text = (f"{why} Bind this command to a key in your desktop's keyboard settings "
                    "instead:")  # fmt: skip
            tone = "Warn"
        self.hotkey_note.setText(" ".join(text.split()))
        set_tone(self.hotkey_note, tone)

    def _copy_talk(self) -> None:

        QApplication.clipboard().setText(self.talk_command.text())
        self.copy_talk.setText("Copied")

    def devices_found(self, found: tuple[list[str], list[str]], s: Settings) -> None:
        inputs, outputs = found
        for box, names, current in (
            (self.input_device, inputs, s.audio.input_device),
            (self.output_device, outputs, s.audio.output_device),
        ):
            for n in names:
                if box.findData(n) < 0:
                    box.addItem(n, n)
            select(box, current)
        if not inputs:
            self.audio_note.setText("No microphone found: voice needs one, typing always works.")
            set_tone(self.audio_note, "Warn")
        else:
            self.audio_note.setText(f"{len(inputs)} microphones, {len(outputs)} speakers found.")
            set_tone(self.audio_note, "Muted")

    def load(self, s: Settings) -> None:
        a = s.audio
        select(self.input_device, a.input_device)
        select(self.output_device, a.output_device)
        self.wake_enabled.setChecked(a.wake_word_enabled)
        select(self.wake_word, a.wake_word)
        self.sensitivity.setValue(round(a.wake_sensitivity * 100))
        select(self.engine, a.speech_engine)
        select(self.whisper, a.whisper_model)
        self.noise_reduction.setChecked(a.noise_reduction)
        self.vosk_model.setText(a.vosk_model)
        select(self.tts, a.tts)
        self.volume.setValue(a.volume)
        self.ptt_key.setKeySequence(QKeySequence(a.push_to_talk_key))

    def values(self, _s: Settings) -> dict[str, Any]:
        return {
            "audio.input_device": self.input_device.currentData() or "",
            "audio.output_device": self.output_device.currentData() or "",
            "audio.wake_word_enabled": self.wake_enabled.isChecked(),
            "audio.wake_word": self.wake_word.currentData(),
            "audio.wake_sensitivity": self.sensitivity.value() / 100.0,
            "audio.speech_engine": self.engine.currentData(),
            "audio.whisper_model": self.whisper.currentData(),
            "audio.noise_reduction": self.noise_reduction.isChecked(),
            "audio.vosk_model": self.vosk_model.text().strip(),
            "audio.tts": self.tts.currentData(),
            "audio.volume": self.volume.value(),
            "audio.push_to_talk_key": self.ptt_key.keySequence().toString(
                QKeySequence.SequenceFormat.PortableText
            ),
        }
