"""The adapter between the Wyoming services and today's Homebody pieces.

Speech recognisers (pipelines.speech.asr.engines), the Assistant (intent model + skills), the
espeak-ng voice and the microWakeWord detectors are reached only through
:class:`LocalEngines`, so the services can move onto the one voice pipeline later without
touching the protocol code. Blocking work runs in worker threads; stateful engines (one
speech decoder or wake detector per client streaming at once) come from a :class:`Pool`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.intent import Intent
from ..core.registry import WAKE_WORD_NAMES
from ..core.runner import Pipeline, PipelineRun
from ..services import services
from ..speech.asr.base import SpeechRecognizer, Transcript
from ..speech.asr.engines import create_recognizer
from ..speech.asr.front_end import attach_front_end
from ..speech.asr.wake_verifier import create_wake_detector
from ..speech.pipeline.endpointing import CommandCompleteness
from ..speech.tts.speaker import available_voices, espeak_pcm
from .asr_stream import AsrEngine, AsrStream
from .peers import allow_configured_peers
from .pool import Pool
from .remote_asr import RemoteAsr
from .remote_tts import RemoteTts

if TYPE_CHECKING:
    from ..app_context import AppContext
    from ..assistant import Assistant, Turn
    from ..audio.wake import WakeWordDetector

log = logging.getLogger(__name__)

DEFAULT_VOICE = "en-us"


@dataclass(frozen=True)
class WakeWordInfo:
    name: str
    phrase: str


class LocalAsrStream:
    def __init__(self, pool: Pool[SpeechRecognizer], recognizer: SpeechRecognizer) -> None:
        self._pool = pool
        self._recognizer = recognizer
        self._stream = recognizer.stream("command")
        self._open = True

    async def accept(self, pcm: bytes) -> None:
        if pcm:
            await asyncio.to_thread(self._stream.accept, pcm)

    async def finish(self) -> Transcript:
        try:
            return await asyncio.to_thread(self._stream.finish)
        finally:
            await self._give_back()

    async def abort(self) -> None:
        cancel = getattr(self._stream, "cancel", None)
        if self._open and callable(cancel):
            cancel()
        await self._give_back()

    async def _give_back(self) -> None:
        if self._open:
            self._open = False
            await self._pool.release(self._recognizer)


class LocalAsr:
    """This computer's recogniser, one decoder per client streaming at the same time."""

    def __init__(self, factory: Callable[[], SpeechRecognizer], max_sessions: int) -> None:
        self.pool: Pool[SpeechRecognizer] = Pool(factory, max_sessions)
        self.name = ""

    def prepare(self) -> None:
        self.name = self.pool.warm().name

    async def open_stream(self) -> AsrStream:
        recognizer = await self.pool.acquire()
        return LocalAsrStream(self.pool, recognizer)


class RoomAnswerer:
    """The voice loop's answerer for a satellite: one turn at a time across all rooms."""

    def __init__(self, engines: LocalEngines, assistant: Assistant, source: str) -> None:
        self.engines = engines
        self.assistant = assistant
        self.source = source

    @property
    def pipeline(self) -> Pipeline:
        """The room assistant's pipeline: the satellite's spoken turns are its runs."""
        return self.assistant.pipeline

    def ask(
        self,
        text: str,
        *,
        source: str = "voice",
        intent: Intent | None = None,
        run: PipelineRun | None = None,
    ) -> Turn:
        with self.engines._lock:
            return self.assistant.ask(text, source=self.source, intent=intent, run=run)

    def understand(self, text: str) -> Intent:
        with self.engines._lock:
            return self.assistant.understand(text)


class LocalEngines:
    def __init__(
        self,
        app: AppContext,
        *,
        recognizer_factory: Callable[[], SpeechRecognizer] | None = None,
        assistant: Assistant | None = None,
        wake_factory: Callable[[str], WakeWordDetector] | None = None,
        max_sessions: int | None = None,
    ) -> None:
        self.app = app
        sessions = max_sessions or app.settings.wyoming.max_sessions
        self._assistant = assistant
        self._lock = threading.Lock()
        """Skills keep conversation state: one turn at a time."""
        self.asr_local = LocalAsr(recognizer_factory or self._make_recognizer, sessions)
        self.asr: AsrEngine = self.asr_local
        self.remote_tts: Any = None
        w = app.settings.wyoming
        if w.remote_asr or w.remote_tts:
            allow_configured_peers(app)
        if w.remote_asr:
            self.asr = RemoteAsr(w.remote_asr, w.remote_timeout_s, self.asr_local, app)
        if w.remote_tts:
            self.remote_tts = RemoteTts(w.remote_tts, w.remote_timeout_s, self.local_speech, app)
        self._wake_factory = wake_factory or self._make_wake
        self._wake_pools: dict[str, Pool[WakeWordDetector]] = {}
        self._max_sessions = sessions
        self._voices: list[str] | None = None
        self._wake_words: list[WakeWordInfo] | None = None

    # -- start-up -----------------------------------------------------------------------------
    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:  # the process's one assistant (the GUI answers with it too)
            self._assistant = services(self.app).assistant()
        return self._assistant

    def prepare(self) -> None:
        """Load the models before the first client connects (each load is a ledger row)."""
        self.assistant.prepare()
        self.asr_local.prepare()

    def _make_recognizer(self) -> SpeechRecognizer:
        recognizer = create_recognizer(self.app)
        recognizer.prepare()
        attach_front_end(recognizer, self.app.settings.audio.noise_reduction)
        if hasattr(recognizer, "understood"):  # a weak reading that is understood stays
            recognizer.understood = CommandCompleteness(self._understand_now).likely
        self.app.ledger.record("model_loaded", "models", model=f"speech:{recognizer.name}")
        return recognizer

    def _make_wake(self, name: str) -> WakeWordDetector:
        detector = create_wake_detector(name, self.app.settings.audio.wake_sensitivity)
        self.app.ledger.record("model_loaded", "models", model=f"wake:{detector.name}")
        return detector

    # -- language -----------------------------------------------------------------------------
    def _understand_now(self, text: str) -> Intent:
        with self._lock:
            return self.assistant.understand(text)

    def _ask_now(self, text: str, source: str) -> Turn:
        with self._lock:
            return self.assistant.ask(text, source=source)

    async def understand(self, text: str) -> Intent:
        return await asyncio.to_thread(self._understand_now, text)

    async def ask(self, text: str, source: str = "wyoming") -> Turn:
        return await asyncio.to_thread(self._ask_now, text, source)

    def room_answerer(self, room: str, source: str) -> RoomAnswerer:
        """Answers for one room (a satellite): its requests carry the room (rooms.py)."""
        # lazy: start-up speed (..assistant, .rooms load only when room_answerer() runs)
        from ..assistant import Assistant
        from .rooms import RoomRecognizer

        base = self.assistant
        in_room = Assistant(
            self.app,
            recognizer=RoomRecognizer(base.recognizer, room),
            dispatcher=base.dispatcher,
        )
        return RoomAnswerer(self, in_room, source)

    @property
    def confidence_threshold(self) -> float:
        return float(self.app.settings.nlu.confidence_threshold)

    # -- voices -------------------------------------------------------------------------------
    def voices(self) -> list[str]:
        """espeak-ng's English voices by language code (en-us, en-gb, ...), asked once."""
        if self._voices is None:
            codes = {v["language"] for v in available_voices() if v["name"].startswith("English")}
            self._voices = sorted(codes) or ([DEFAULT_VOICE] if self.tts_available() else [])
        return list(self._voices)

    @staticmethod
    def tts_available() -> bool:
        return any(shutil.which(name) for name in ("espeak-ng", "espeak"))

    def voice_for(self, requested: str | None) -> str:
        voices = self.voices()
        if requested and requested in voices:
            return requested
        configured = self.app.settings.audio.voice
        return configured if configured in voices else DEFAULT_VOICE

    async def synthesize(self, text: str, voice: str | None = None) -> bytes:
        """``text`` spoken as 16 kHz mono s16le (by the remote voice when one is chosen)."""
        if self.remote_tts is not None:
            pcm: bytes = await self.remote_tts.synthesize(text, voice)
            return pcm
        return await self.local_speech(text, voice)

    async def local_speech(self, text: str, voice: str | None = None) -> bytes:
        return await asyncio.to_thread(espeak_pcm, text, self.voice_for(voice))

    # -- wake words ---------------------------------------------------------------------------
    def wake_words(self) -> list[WakeWordInfo]:
        if self._wake_words is None:
            self._wake_words = self._find_wake_words()
        return list(self._wake_words)

    @staticmethod
    def _find_wake_words() -> list[WakeWordInfo]:
        # lazy: start-up speed (..audio.wake loads only when _find_wake_words() runs)
        from ..audio.wake import model_config_path

        found = []
        for name in WAKE_WORD_NAMES:
            try:
                meta: dict[str, Any] = json.loads(model_config_path(name).read_text("utf-8"))
            except Exception:  # no pymicro-wakeword on this platform
                continue
            found.append(WakeWordInfo(name, str(meta.get("wake_word", name))))
        return found

    def wake_pool(self, name: str) -> Pool[WakeWordDetector]:
        pool = self._wake_pools.get(name)
        if pool is None:
            pool = self._wake_pools[name] = Pool(
                lambda: self._wake_factory(name), self._max_sessions
            )
        return pool
