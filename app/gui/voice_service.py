"""Run the real voice loop (microphone -> wake word -> speech -> assistant) on its own thread.

The loop's events reach the GUI through the app's event bus like every other pipeline's.
Push-to-talk requests from the GUI thread are handed to the loop's own thread (checked after
every audio chunk), so the loop is only ever touched by one thread. Registered as
``app.services["voice"]`` so the microphone kill switch can stop it. Qt-free.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

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
        from pipelines.speech.pipeline.session import create_voice_loop

        speaker = self._make_speaker()
        return create_voice_loop(self.app, speaker=speaker, speak=speaker is not None)

    def _make_speaker(self) -> Any:
        """Spoken replies through the configured speaker, unless the user turned them off."""
        audio = self.app.settings.audio
        if audio.tts == "none":
            return None
        from pipelines.speech.tts.piper_speaker import create_speaker
        from pipelines.speech.tts.speaker import SoundDeviceOutput

        return create_speaker(audio, SoundDeviceOutput(audio.output_device or None))

    def _make_source(self) -> Any:
        if self._source_factory is not None:
            return self._source_factory()
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
            self.error = getattr(exc, "message", "") or f"{type(exc).__name__}: {exc}"
            log.warning("the voice loop stopped: %s", self.error)
            import time

            from pipelines.core.events import EventType, PipelineEvent

            self.app.bus.emit(
                PipelineEvent(EventType.NOTICE, "voice", time.time(), data={"error": self.error})
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
