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

from .fmt import describe_understanding, error_text, keep_units
from .session import GuiSession
from .widgets import UpdatesOnSet, set_tone, status_label


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
    """A live level meter while the user says the test phrase, then what Homebody heard and
    understood (app.mic_check: the microphone's own audio path; nothing is acted on)."""

    title = "Your microphone"
    level_heard = Signal(float)
    backend_factory = UpdatesOnSet()
    """Makes the audio in the microphone's role (tests: a WAV file espeak-ng made)."""

    def __init__(self, session: GuiSession) -> None:
        super().__init__(
            session,
            f"Press Listen and say “{first_run.TEST_PHRASE}”: the bar moves as you talk, "
            "then Homebody shows what it understood (nothing is set).",
        )
        self.microphones: list[str] = []
        self.loudest = 0.0
        self.device = QComboBox()
        self.device.setAccessibleName("Microphone")
        self.device.addItem("System default", "")
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Microphone level")
        self.test_button = QPushButton("Listen")
        self.test_button.setAccessibleName("Listen for the test phrase")
        self.test_button.setEnabled(False)
        self.test_button.setToolTip("Looking for microphones…")
        self.test_button.clicked.connect(self.test)
        self.level_heard.connect(self._level)
        self.phrase = QLineEdit(first_run.TEST_PHRASE)
        self.phrase.setAccessibleName("A test phrase")
        self.check_button = QPushButton("Understand it")
        self.check_button.setAccessibleName("Show what Homebody understands of the typed phrase")
        self.check_button.clicked.connect(self.check_phrase)
        self.understood = status_label("")
        self.understood.setAccessibleName("What Homebody understood")
        row = QHBoxLayout()
        row.addWidget(self.device, 1)
        row.addWidget(self.test_button)
        self.column.addLayout(row)
        self.column.addWidget(self.meter)
        self.column.addWidget(self.status)  # "✔ The microphone works." under its meter
        self.column.addWidget(self.understood)
        self.column.addWidget(status_label("No microphone? Type a request instead:"))
        phrase_row = QHBoxLayout()
        phrase_row.addWidget(self.phrase, 1)
        phrase_row.addWidget(self.check_button)
        self.column.addLayout(phrase_row)
        self.column.addStretch(1)
        session.run(first_run.microphones, self._found, lambda _e: self._found([]))

    def _found(self, names: list[str]) -> None:
        self.microphones = names
        for name in names:
            self.device.addItem(name, name)
        self._update()

    def _update(self) -> None:
        has_mic = bool(self.microphones) or self.backend_factory is not None
        self.test_button.setEnabled(has_mic)
        self.test_button.setToolTip("" if has_mic else "No microphone is connected.")
        if not has_mic:
            self.say("No microphone found. You can still type every request.", "Warn")

    def _level(self, level: float) -> None:
        self.loudest = max(self.loudest, level)
        self.meter.setValue(int(level * 100))

    def test(self) -> None:
        # lazy: start-up speed (app.mic_check loads only when test() runs)
        from app.mic_check import hear_phrase

        assistant = self.session.assistant
        if assistant is None:
            self.say("The assistant is still starting; try again in a moment.", "Warn")
            return
        device = str(self.device.currentData() or "")
        backend = self.backend_factory() if self.backend_factory is not None else None
        self.test_button.setEnabled(False)
        self.understood.setText("")
        self.loudest = 0.0
        self.say(f"Listening… say “{first_run.TEST_PHRASE}”.")

        def done(heard: Any) -> None:
            self.test_button.setEnabled(True)
            self.meter.setValue(0)
            if heard.silent:
                self.say("Nothing heard. Is the microphone muted or the wrong one?", "Warn")
            elif not heard.text:
                self.say("✔ The microphone works, but no words were made out. Try again.", "Warn")
            else:
                self.say("✔ The microphone works.", "Good")
                self.understood.setText(f"Heard “{heard.text}” → {heard.meaning}")
                set_tone(self.understood, "Good" if heard.meaning != "Not understood" else "Warn")

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.say(error_text(exc), "Bad")

        self.session.run(
            lambda: hear_phrase(
                self.session.app, assistant.understand, self.level_heard.emit, device=device,
                backend=backend),
            done,
            failed,
        )  # fmt: skip

    def check_phrase(self) -> None:

        assistant = self.session.assistant
        text = self.phrase.text().strip()
        if assistant is None or not text:
            self.understood.setText("The assistant is still starting; try again in a moment.")
            return

        def show(intent: Any) -> None:
            note = describe_understanding(intent.name, dict(intent.slots), intent.confidence)
            self.understood.setText(f"“{text}” → {note}")
            set_tone(self.understood, "Good" if note != "Not understood" else "Warn")

        self.session.run(lambda: assistant.understand(text), show)

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
        self.sample_button.setEnabled(False)
        self.sample_button.setToolTip("Looking for speakers…")
        session.run(first_run.speakers, self._speakers, lambda _e: self._speakers([]))

    def _speakers(self, names: list[str]) -> None:
        self.sample_button.setEnabled(bool(names))
        self.sample_button.setToolTip("" if names else "No speaker or headphones were found.")
        if not names:
            self.say("No speaker found: answers are shown on screen until one is connected.")

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
