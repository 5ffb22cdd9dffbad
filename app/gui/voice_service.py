"""Run the real voice pipeline (microphone -> wake -> asr -> understand -> act -> tts) on its
own thread.

Its events reach the GUI through the app's event bus like every other pipeline's; a pipeline
that cannot start or a microphone that fails ends the service with an ERROR event (stage
"voice", the error's stable code). Push-to-talk requests from the GUI thread are handed to the
pipeline's own thread (checked after every audio chunk), so it is only ever touched by one
thread. Registered as ``app.services["voice"]`` so the microphone kill switch can stop it.
Qt-free.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from pipelines.core.events import EventType, PipelineEvent
from pipelines.core.runner import as_homebody_error

log = logging.getLogger(__name__)


class VoiceService:
    def __init__(
        self,
        app: Any,
        source_factory: Callable[[], Any] | None = None,
        loop_factory: Callable[[], Any] | None = None,
    ) -> None:
        self.app = app
        self._source_factory = source_factory
        self._loop_factory = loop_factory
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ptt = threading.Event()
        self.error = ""
        self.turns = 0

    @property
    def listening(self) -> bool:
        """True while the microphone is open."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> VoiceService:
        if self.listening:
            return self
        self._stop.clear()
        self.error = ""
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        self._thread.start()
        return self

    def push_to_talk(self) -> None:
        """Listen now, as if the wake word had been said (handled on the voice thread)."""
        self._ptt.set()

    def _make_loop(self) -> Any:
        if self._loop_factory is not None:
            return self._loop_factory()
        # lazy: the speech stack loads only when voice is used (start-up speed)
        from pipelines.speech.pipeline.session import create_voice_pipeline

        speaker = self._make_speaker()
        return create_voice_pipeline(self.app, speaker=speaker, speak=speaker is not None)

    def _make_speaker(self) -> Any:
        """Spoken replies through the configured speaker, unless the user turned them off."""
        audio = self.app.settings.audio
        if audio.tts == "none":
            return None
        # lazy: the speech stack loads only when voice is used (start-up speed)
        from pipelines.speech.tts.piper_speaker import create_speaker
        from pipelines.speech.tts.speaker import SoundDeviceOutput

        return create_speaker(audio, SoundDeviceOutput(audio.output_device or None))

    def _make_source(self) -> Any:
        if self._source_factory is not None:
            return self._source_factory()
        # lazy: the speech stack loads only when voice is used (start-up speed)
        from pipelines.speech.pipeline.session import microphone_source

        return microphone_source(self.app)

    def _run(self) -> None:
        loop: Any = None
        try:
            loop = self._make_loop()
            source = self._make_source()

            def between_chunks() -> bool:
                if self._ptt.is_set():
                    self._ptt.clear()
                    loop.push_to_talk()
                return self._stop.is_set()

            self.turns += len(loop.run(source.chunks(), stop=between_chunks))
        except Exception as exc:  # shown by the voice panel; the app keeps working
            error = as_homebody_error("voice", exc)
            self.error = error.message
            log.warning("the voice pipeline stopped: %s", self.error)
            self.app.bus.emit(
                PipelineEvent(
                    EventType.ERROR,
                    "voice",
                    time.time(),
                    error_code=error.code,
                    message=error.message,
                )
            )
        finally:
            if loop is not None:  # on this thread: the loop is only ever touched by one thread
                loop.close()  # its Whisper worker thread and wake-word model

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def close(self) -> None:
        self.stop()
