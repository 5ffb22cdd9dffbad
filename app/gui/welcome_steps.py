"""The pages of the first-run welcome: microphone, wake word, voice, camera, detector.

Each step works through :mod:`app.first_run` (the same functions ``homebody setup`` uses) on
the session's workers, and says plainly what happened — including "no microphone here".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import first_run

from .fmt import error_text, keep_units
from .session import GuiSession
from .widgets import set_tone, status_label


class Step(QWidget):
    """A titled page with a status line; ``apply()`` saves its choice when the user moves on."""

    title = ""

    def __init__(self, session: GuiSession, intro: str) -> None:
        super().__init__()
        self.session = session
        self.column = QVBoxLayout(self)
        self.column.setSpacing(10)
        heading = QLabel(self.title)
        heading.setObjectName("PageTitle")
        self.column.addWidget(heading)
        self.column.addWidget(status_label(keep_units(intro)))
        self.status = status_label("")
        self.status.setAccessibleName(f"{self.title} result")

    def finish_layout(self) -> None:
        self.column.addWidget(self.status)
        self.column.addStretch(1)

    def say(self, text: str, tone: str = "Muted") -> None:
        self.status.setText(text)
        set_tone(self.status, tone)

    def apply(self) -> None:
        """Save this step's choice (default: nothing to save)."""


class MicStep(Step):
    title = "Your microphone"
    level_heard = Signal(float)

    def __init__(self, session: GuiSession) -> None:
        super().__init__(session, "Speak for a few seconds: the bar should move as you talk.")
        self.device = QComboBox()
        self.device.setAccessibleName("Microphone")
        self.device.addItem("System default", "")
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Microphone level")
        self.test_button = QPushButton("Test the microphone")
        self.test_button.setAccessibleName("Listen to the microphone for 3 seconds")
        self.test_button.clicked.connect(self.test)
        self.level_heard.connect(lambda v: self.meter.setValue(int(v * 100)))
        self.phrase = QLineEdit(first_run.TEST_PHRASE)
        self.phrase.setAccessibleName("A test phrase")
        self.check_button = QPushButton("What does Homebody understand?")
        self.check_button.setAccessibleName("Show what Homebody understands of the phrase")
        self.check_button.clicked.connect(self.check_phrase)
        self.understood = status_label("")
        self.understood.setAccessibleName("What Homebody understood")
        row = QHBoxLayout()
        row.addWidget(self.device, 1)
        row.addWidget(self.test_button)
        self.column.addLayout(row)
        self.column.addWidget(self.meter)
        self.column.addWidget(status_label("Then try a request (type it if there's no mic):"))
        phrase_row = QHBoxLayout()
        phrase_row.addWidget(self.phrase, 1)
        phrase_row.addWidget(self.check_button)
        self.column.addLayout(phrase_row)
        self.column.addWidget(self.understood)
        self.finish_layout()
        session.run(first_run.microphones, self._found, lambda _e: self._found([]))

    def _found(self, names: list[str]) -> None:
        for name in names:
            self.device.addItem(name, name)
        if not names:
            self.say("No microphone found. You can still type every request.", "Warn")
            self.test_button.setEnabled(False)
            self.test_button.setToolTip("No microphone is connected.")

    def test(self) -> None:
        device = str(self.device.currentData() or "")
        self.test_button.setEnabled(False)
        self.say("Listening for 3 seconds…")

        def done(loudest: float) -> None:
            self.test_button.setEnabled(True)
            if loudest < 0.02:
                self.say("Nothing heard. Is the microphone muted or the wrong one?", "Warn")
            else:
                self.say("✔ The microphone works.", "Good")

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.say(error_text(exc), "Bad")

        self.session.run(
            lambda: first_run.listen_levels(3.0, self.level_heard.emit, device), done, failed
        )

    def check_phrase(self) -> None:
        from .fmt import describe_understanding

        assistant = self.session.assistant
        text = self.phrase.text().strip()
        if assistant is None or not text:
            self.understood.setText("The assistant is still starting; try again in a moment.")
            return

        def show(intent: Any) -> None:
            note = describe_understanding(intent.name, dict(intent.slots), intent.confidence)
            self.understood.setText(f"“{text}” → {note}")
            set_tone(self.understood, "Good" if note != "Not understood" else "Warn")

        self.session.run(lambda: assistant.recognizer.recognize(text), show)

    def apply(self) -> None:
        device = str(self.device.currentData() or "")
        if device != self.session.app.settings.audio.input_device:
            first_run.change_settings(self.session.app, {"audio.input_device": device})


class WakeStep(Step):
    title = "Wake word"

    def __init__(self, session: GuiSession) -> None:
        super().__init__(session, "Say it before a request, like “Okay Nabu, what time is it?”")
        audio = session.app.settings.audio
        self.listen = QCheckBox("Listen for a wake word")
        self.listen.setChecked(audio.wake_word_enabled)
        self.word = QComboBox()
        self.word.setAccessibleName("Wake word")
        for value, label in first_run.WAKE_WORDS:
            self.word.addItem(label, value)
        self.word.setCurrentIndex(max(0, self.word.findData(audio.wake_word)))
        self.column.addWidget(self.listen)
        self.column.addWidget(self.word)
        self.column.addWidget(status_label("Without one, press Talk or Ctrl+Space to speak."))
        self.finish_layout()

    def apply(self) -> None:
        first_run.change_settings(
            self.session.app,
            {"audio.wake_word_enabled": self.listen.isChecked(),
             "audio.wake_word": str(self.word.currentData())},
        )  # fmt: skip


class VoiceStep(Step):
    title = "Homebody's voice"

    def __init__(self, session: GuiSession) -> None:
        super().__init__(session, "Pick the voice that answers you; “Don't speak” shows only.")
        self.voice = QComboBox()
        self.voice.setAccessibleName("Voice")
        self.voice.addItem("Don't speak (show answers only)", "none")
        self.sample_button = QPushButton("Play a sample")
        self.sample_button.setAccessibleName("Play a sample of the chosen voice")
        self.sample_button.clicked.connect(self.play)
        row = QHBoxLayout()
        row.addWidget(self.voice, 1)
        row.addWidget(self.sample_button)
        self.column.addLayout(row)
        self.finish_layout()
        session.run(first_run.voices, self._found, lambda _e: self._found([]))

    def _found(self, voices: list[tuple[str, str]]) -> None:
        for value, label in voices:
            self.voice.insertItem(self.voice.count() - 1, label, value)
        chosen = self.session.app.settings.audio.voice or "en-us"
        index = self.voice.findData(chosen)
        self.voice.setCurrentIndex(index if index >= 0 else 0)

    def play(self) -> None:
        voice = str(self.voice.currentData())
        if voice == "none":
            self.say("This choice doesn't speak.")
            return
        self.say("Speaking…")
        self.session.run(
            lambda: first_run.speak_sample(self.session.app, voice),
            lambda _r: self.say("✔ Played the sample.", "Good"),
            lambda exc: self.say(error_text(exc), "Bad"),
        )

    def apply(self) -> None:
        voice = str(self.voice.currentData())
        values: dict[str, Any] = {"audio.tts": "none"} if voice == "none" else {
            "audio.tts": "espeak", "audio.voice": voice}  # fmt: skip
        first_run.change_settings(self.session.app, values)
