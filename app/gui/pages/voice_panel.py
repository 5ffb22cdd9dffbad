"""Push-to-talk, wake-word state and the live partial transcript.

The panel probes the microphone on a worker thread. Without a microphone (or without the voice
pipeline in this build) the talk button is disabled and the panel says why; typing still works.
Voice events arrive from the pipeline as PROGRESS/NOTICE events through the event bridge; a
voice pipeline that stopped reports an ERROR event (stage "voice").
"""

from __future__ import annotations

import importlib.util
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from pipelines.audio.devices import audio_devices
from pipelines.core.events import EventType, PipelineEvent

from ..session import GuiSession
from ..widgets import Card, set_tone, status_label


def probe_microphones() -> list[str]:
    """Names of the input devices PortAudio can see (empty: no microphone)."""
    return [d.name for d in audio_devices().inputs]


def voice_pipeline_present() -> bool:
    return importlib.util.find_spec("pipelines.speech.pipeline.voice") is not None


STATE_TEXT = {
    "listening": "Listening…",
    "follow_up": "Listening for a follow-up…",
    "wake_tail": "Wake word heard…",
}


class VoicePanel(Card):
    talk_toggled = Signal(bool)

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Voice", parent)
        self.session = session
        self.microphones: list[str] | None = None
        self.mic_enabled = True
        self.talk = QPushButton("Talk")
        self.talk.setObjectName("TalkButton")
        self.talk.setFixedSize(88, 88)
        self.talk.setCheckable(True)
        self.talk.setEnabled(False)
        self.talk.setAccessibleName("Push to talk")
        self.talk.setToolTip("Push to talk (Ctrl+Space)")
        self.talk.toggled.connect(self._toggled)
        self.body.addWidget(self.talk, 0, Qt.AlignmentFlag.AlignHCenter)
        self.state = status_label("Looking for a microphone…")
        self.state.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.state.setAccessibleName("Voice state")
        self.body.addWidget(self.state)
        self.transcript = QLabel("")
        self.transcript.setObjectName("Transcript")
        self.transcript.setWordWrap(True)
        self.transcript.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.transcript.setAccessibleName("Live transcript")
        self.body.addWidget(self.transcript)
        session.bridge.progress.connect(self.on_progress)
        session.bridge.pipeline_event.connect(self.on_event)
        session.switches_changed.connect(lambda: self.set_mic_enabled(session.mic_allowed))
        session.data_deleted.connect(self._data_deleted)
        self.mic_enabled = session.mic_allowed
        session.run(probe_microphones, self._found, lambda _exc: self._found([]))

    # -- state --------------------------------------------------------------------------------
    def _found(self, microphones: list[str]) -> None:
        self.microphones = microphones
        self.update_state()
        if self.can_talk:
            self.start_voice()

    def voice(self) -> Any:
        return self.session.app.services.get("voice")

    def start_voice(self, service: Any = None) -> None:
        """Start the voice loop on its own thread (models load there, not here)."""
        # lazy: start-up speed (..voice_service loads only when start_voice() runs)
        from ..voice_service import VoiceService

        app = self.session.app
        enrolment = app.services.get("enrolment")
        if enrolment is not None and enrolment.running:
            return  # the Learn-my-voice dialog has the microphone; it restarts voice afterwards
        service = service or self.voice() or VoiceService(app)
        app.services["voice"] = service
        self.session.run(service.start)

    def set_mic_enabled(self, enabled: bool) -> None:
        """The privacy kill switch (the session stops the voice service when it turns off)."""
        if enabled == self.mic_enabled:
            return
        self.mic_enabled = enabled
        if not enabled and self.talk.isChecked():
            self.talk.setChecked(False)
        self.update_state()
        if enabled and self.can_talk:
            self.start_voice()

    def update_state(self) -> None:
        if self.microphones is None:
            return
        wake = self.session.app.settings.audio.wake_word.replace("_", " ")
        if not self.mic_enabled:
            self._set("Microphone switched off in the privacy dashboard.", "Warn", False)
        elif not self.microphones:
            self._set("No microphone found — type your request below.", "Warn", False)
        elif not voice_pipeline_present():
            self._set("Voice is not part of this build — type your request below.", "Warn", False)
        else:
            self._set(f"Say “{wake}” or press the button.", "Good", True)

    def _set(self, text: str, tone: str, can_talk: bool) -> None:
        self.state.setText(text)
        set_tone(self.state, tone)
        self.talk.setEnabled(can_talk)
        self.talk.setToolTip(text if not can_talk else "Push to talk (Ctrl+Space)")

    @property
    def can_talk(self) -> bool:
        return self.talk.isEnabled()

    def _toggled(self, on: bool) -> None:
        self.talk.setText("Listening…" if on else "Talk")
        if on:
            voice = self.voice()
            if voice is not None:
                voice.push_to_talk()
        self.talk_toggled.emit(on)

    def _data_deleted(self, category: str) -> None:
        """A deleted voice profile (Settings, privacy dashboard) must leave the running
        recogniser too: restart voice so it loads the standard model."""
        if category == "voice_profile":
            # lazy: start-up speed (..enrol_dialog loads only when _data_deleted() runs)
            from ..enrol_dialog import restart_voice

            restart_voice(self.session)

    # -- pipeline events ------------------------------------------------------------------------
    def on_progress(self, event: PipelineEvent) -> None:
        data: dict[str, Any] = dict(event.data)
        if "partial" in data:
            self.transcript.setText(str(data["partial"]))
        elif "transcript" in data:
            self.transcript.setText(str(data["transcript"]))
        if event.stage == "wake":
            self.state.setText("Wake word heard — listening…")
            set_tone(self.state, "Good")
        elif event.stage == "voice" and "state" in data:
            state = str(data["state"])
            if state in STATE_TEXT:
                self.state.setText(STATE_TEXT[state])
                set_tone(self.state, "Good")
            else:  # idle: back to waiting for the wake word
                self.transcript.setText("")
                self.talk.blockSignals(True)
                self.talk.setChecked(False)
                self.talk.setText("Talk")
                self.talk.blockSignals(False)
                self.update_state()

    def on_event(self, event: PipelineEvent) -> None:
        if event.type is EventType.ERROR and event.stage == "voice":
            self._set(f"Voice stopped: {event.message}", "Bad", False)
