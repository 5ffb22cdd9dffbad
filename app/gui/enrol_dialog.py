"""The "Learn my voice" dialog: read 40 sentences aloud, then adapt the speech model.

The microphone is read by a :class:`SentenceRecorder` on its own thread, through the CLI's path
(``microphone_source`` -> ``read_sentences``); each sentence heard reaches the GUI thread as a
Qt signal and the next prompt is shown. The recordings stay in memory, are used once by
``enrol_voice`` (on a session worker) and dropped; only the adapted model is kept. Cancel stops
recording and saves nothing. The running voice service holds the microphone, so it is stopped
first and started again at the end (a fresh start loads the new profile).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pipelines.core.errors import InputError

from .enrol_recorder import SentenceRecorder
from .fmt import error_text
from .session import GuiSession
from .widgets import set_tone, status_label

INTRO = (
    "You will see {count} short sentences, one at a time. Read each one aloud in your normal "
    "voice, then pause for about a second: the next sentence appears by itself. It takes about "
    "3 minutes. The recordings are used once to adapt the speech model and then deleted; only "
    "the adapted model is kept."
)


def restart_voice(session: GuiSession) -> None:
    """A running voice loop loads its recogniser (and the voice profile) when it starts."""
    service = session.app.services.get("voice")
    if service is None or not getattr(service, "listening", False):
        return

    def restart() -> None:
        service.stop()
        service.start()

    session.run(restart)


class EnrolDialog(QDialog):
    prompt_changed = Signal(int)
    """The index of the sentence now shown."""
    enrolled = Signal(object)
    """A :class:`pipelines.speech.adaptation.voice_profile.VoiceProfile`."""

    def __init__(
        self,
        session: GuiSession,
        backend: Any = None,
        method: str = "mllr+map",
        parent: QWidget | None = None,
    ) -> None:
        """``backend`` replaces the microphone (an ``AudioBackend``; tests use a fake one)."""
        super().__init__(parent)
        # lazy: start-up speed (loaded only when __init__() runs)
        from pipelines.speech.adaptation.voice_profile import enrolment_prompts

        self.session = session
        self.backend = backend
        self.method = method
        self.prompts = enrolment_prompts()
        self.state = "intro"
        self.heard = 0
        self.profile: Any = None
        self.error = ""
        self._paused_voice: Any = None
        self._stopping_voice = False
        self.recorder = SentenceRecorder(self)
        self.recorder.heard.connect(self._on_heard)
        self.recorder.level.connect(self._on_level)
        self.recorder.recorded.connect(self._on_recorded)
        self.recorder.failed.connect(self._on_failed)
        session.switches_changed.connect(self._switches_changed)
        self._build()
        self._set_state("intro")

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle("Learn my voice")
        self.setAccessibleName("Learn my voice")
        self.setMinimumSize(640, 360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.counter = QLabel("")
        self.counter.setAccessibleName("Sentence number")
        layout.addWidget(self.counter)
        self.prompt = QLabel(INTRO.format(count=len(self.prompts)))
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setMinimumHeight(140)
        self.prompt.setAccessibleName("Sentence to read")
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.prompt, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(self.prompts))
        self.progress.setAccessibleName("Sentences read")
        self.progress.setFormat("%v of %m sentences")
        layout.addWidget(self.progress)
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setMaximumHeight(8)
        self.level.setAccessibleName("Microphone level")
        layout.addWidget(self.level)
        self.message = status_label("")
        self.message.setAccessibleName("Learn my voice message")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton("Start reading")
        self.start_button.setObjectName("Primary")
        self.start_button.setAccessibleName("Start reading the sentences")
        self.retry_button = QPushButton("Try again")
        self.retry_button.setAccessibleName("Try again from the first sentence")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel without saving")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        for button in (self.start_button, self.retry_button, self.cancel_button,
                       self.close_button):  # fmt: skip
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.start)
        self.retry_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)

    def _set_state(self, state: str) -> None:
        self.state = state
        reading = state in ("pausing", "recording")
        self.start_button.setVisible(state == "intro")
        self.retry_button.setVisible(state == "failed")
        self.cancel_button.setVisible(state in ("intro", "pausing", "recording", "learning"))
        self.cancel_button.setEnabled(state != "learning")
        self.close_button.setVisible(state in ("done", "failed"))
        self.level.setVisible(reading)
        self.progress.setVisible(state != "intro")
        font = self.prompt.font()
        font.setPointSizeF(20 if reading else 12)
        self.prompt.setFont(font)
        focus = {"intro": self.start_button, "failed": self.retry_button,
                 "done": self.close_button}.get(state, self.cancel_button)  # fmt: skip
        for button in (self.start_button, self.retry_button, self.close_button):
            button.setDefault(button is focus)
        if focus.isVisible() and focus.isEnabled():
            focus.setFocus()

    def _say(self, text: str, tone: str = "Muted") -> None:
        self.message.setText(text)
        set_tone(self.message, tone)

    # -- recording ------------------------------------------------------------------------------
    def start(self) -> None:
        """Stop the voice service (it holds the microphone), then record."""
        if self.state not in ("intro", "failed"):
            return
        if not self.session.mic_allowed:
            self._fail("The microphone is switched off in the privacy dashboard.")
            return
        self.heard = 0
        self.profile = None
        self.progress.setRange(0, len(self.prompts))
        self.progress.setValue(0)
        self._show_prompt(0)
        self._say("Getting the microphone ready…")
        self._set_state("pausing")
        service = self.session.app.services.get("voice")
        if service is not None and getattr(service, "listening", False):
            self._paused_voice = service
            self._stopping_voice = True
            self.session.run(service.stop, self._voice_stopped, self._voice_not_stopped)
        else:
            self._record()

    def _voice_stopped(self, _result: Any = None) -> None:
        self._stopping_voice = False
        if self.state == "pausing":
            self._record()
        else:  # cancelled while the voice service was stopping
            self._resume_voice()

    def _voice_not_stopped(self, exc: BaseException) -> None:
        self._stopping_voice = False
        self._on_failed(exc)

    def _record(self) -> None:
        if self.state != "pausing":
            return
        # lazy: start-up speed (pipelines.speech.pipeline.session loads only when _record() runs)
        from pipelines.speech.pipeline.session import microphone_source

        source = microphone_source(self.session.app, backend=self.backend)
        self.backend = None  # a backend's stream is read once; "Try again" opens the microphone
        self._set_state("recording")
        self._say("Read the sentence aloud, then pause.", "Good")
        self.recorder.start(source, len(self.prompts), self.session.app.settings.audio.vad)
        self.session.app.services["enrolment"] = self.recorder  # voice waits while it runs

    def _show_prompt(self, index: int) -> None:
        self.prompt.setText(self.prompts[index])
        self.counter.setText(f"Sentence {index + 1} of {len(self.prompts)}")
        self.prompt_changed.emit(index)

    def _on_heard(self, index: int) -> None:
        if self.state != "recording":
            return
        self.heard = index + 1
        self.progress.setValue(min(self.heard, len(self.prompts)))
        if self.heard < len(self.prompts):
            self._show_prompt(self.heard)

    def _on_level(self, level: float) -> None:
        self.level.setValue(round(level))

    def _on_recorded(self, heard: list[bytes]) -> None:
        if self.state != "recording":
            return
        # lazy: start-up speed (loaded only when _on_recorded() runs)
        from pipelines.speech.adaptation.voice_profile import pair_with_prompts

        try:
            utterances = pair_with_prompts(self.prompts, heard)
        except InputError as exc:  # the recording ended early
            self._on_failed(exc)
            return
        self._learn(utterances)

    # -- adapting -------------------------------------------------------------------------------
    def _learn(self, utterances: list[Any]) -> None:
        from pipelines.speech.adaptation.voice_profile import enrol_voice

        app = self.session.app
        data_dir = app.paths.data_dir
        method = self.method

        def enrol() -> Any:
            return enrol_voice(data_dir, utterances, method=method, ledger=app.ledger)

        self._set_state("learning")
        self.progress.setRange(0, 0)  # busy
        self.level.setValue(0)
        self.counter.setText("")
        self.prompt.setText("Learning your voice…")
        self._say("This takes a minute or two. The recordings are deleted afterwards.")
        self.session.run(enrol, self._on_enrolled, self._on_failed)

    def _on_enrolled(self, profile: Any) -> None:
        self.profile = profile
        self.progress.setRange(0, len(self.prompts))
        self.progress.setValue(len(self.prompts))
        self.prompt.setText("✔ Homebody has learnt your voice.")
        self._say(
            profile.describe() + " The recordings were deleted; “Forget my voice” in Settings "
            "deletes the profile.",
            "Good",
        )
        self._set_state("done")
        self._resume_voice(restart=True)
        self.enrolled.emit(profile)

    def _on_failed(self, exc: BaseException) -> None:
        if self.state in ("intro", "cancelled", "done"):
            return
        self._fail(error_text(exc))

    def _fail(self, text: str) -> None:
        self.recorder.stop()
        self.error = text
        self.progress.setRange(0, len(self.prompts))
        self.progress.setValue(self.heard)
        self.counter.setText("")
        self.prompt.setText("Your voice was not learnt. Nothing was saved.")
        self._say(text, "Bad")
        self._set_state("failed")
        self._resume_voice()

    def _switches_changed(self) -> None:
        if not self.session.mic_allowed and self.state in ("pausing", "recording"):
            self.recorder.stop()
            self._fail("The microphone was switched off in the privacy dashboard.")

    # -- ending ---------------------------------------------------------------------------------
    def _resume_voice(self, restart: bool = False) -> None:
        """Start the voice service again if it was paused; restart a running one if asked."""
        if self._stopping_voice:
            return  # started again once it has stopped (_voice_stopped)
        service, self._paused_voice = self._paused_voice, None
        if service is not None:
            self.session.run(service.start)
        elif restart:
            restart_voice(self.session)

    @property
    def recording(self) -> bool:
        """True while the recording thread runs (it ends soon after Cancel)."""
        return self.recorder.running

    def reject(self) -> None:
        """Cancel (button, Escape, closing the window): stop recording, save nothing."""
        if self.state == "learning":
            self._say("Almost done: the model is being adapted, please wait.")
            return
        if self.state in ("pausing", "recording"):
            self.recorder.stop()
            self.state = "cancelled"
            self._resume_voice()
        super().reject()
