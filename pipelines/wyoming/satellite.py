"""Homebody as the hub of a wyoming-satellite: a microphone and speaker in another room.

Homebody connects to the satellite (host:port from the settings), asks for its ``info``,
sends ``run-satellite`` and then runs the voice loop — wake word, speech recognition,
understanding, the skill — on the audio the satellite streams. It answers the way Home
Assistant does: ``detection`` when the wake word is heard, ``transcript``, ``synthesize``
with the reply text, and the spoken reply as ``audio-start``/``audio-chunk``s/``audio-stop``
in the format the satellite asked for. Requests from the satellite carry its room
(:mod:`.rooms`). A dropped connection is retried; nothing of the audio is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wyoming.asr import Transcript
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.satellite import RunSatellite
from wyoming.tts import Synthesize
from wyoming.vad import VoiceStopped
from wyoming.wake import Detection

from ..audio.pcm import RawFormat
from ..core.errors import InputError
from ..speech.pipeline.session import create_voice_pipeline
from .audio_convert import ToInternal, announced_format, from_internal
from .engines import LocalEngines
from .record import PeerConnection, record_connection
from .tts_handler import audio_events

if TYPE_CHECKING:
    from ..app_context import AppContext
    from ..core.settings_schema import SatelliteSettings

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5.0
RECONNECT_S = 5.0


@dataclass
class SatelliteStatus:
    name: str
    host: str
    port: int
    room: str
    state: str = "not connected"
    """"connecting", "connected", "retrying: <reason>" or "stopped"."""
    since: float = field(default_factory=time.time)
    turns: int = 0
    last_transcript: str = ""


class SatelliteLink:
    """One satellite: connect, run its conversations, reconnect when it drops."""

    def __init__(
        self,
        app: AppContext,
        engines: LocalEngines,
        satellite: SatelliteSettings,
        *,
        loop_factory: Callable[[], Any] | None = None,
        reconnect_s: float = RECONNECT_S,
    ) -> None:
        self.app = app
        self.engines = engines
        self.satellite = satellite
        self.room = satellite.room or satellite.name
        self.status = SatelliteStatus(satellite.name, satellite.host, satellite.port, self.room)
        self.reconnect_s = reconnect_s
        self._loop_factory = loop_factory or self._voice_pipeline
        self._snd = RawFormat()
        self._client: AsyncTcpClient | None = None
        self.owned: set[tuple[str, int]] = set()
        """Timers and alarms set from this room ("timer", id): they ring here too."""

    def _set(self, state: str) -> None:
        self.status.state, self.status.since = state, time.time()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self._session(stop)
                reason = "the satellite closed the connection"
            except (OSError, TimeoutError, InputError) as exc:
                reason = str(exc) or exc.__class__.__name__
            if stop.is_set():
                break
            self._set(f"retrying: {reason}")
            log.warning(
                "satellite %s: %s; retrying in %g s", self.status.name, reason, self.reconnect_s
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.reconnect_s)
        self._set("stopped")

    async def _session(self, stop: asyncio.Event) -> None:
        s = self.satellite
        self._set("connecting")
        client = AsyncTcpClient(s.host, s.port, connect_timeout=CONNECT_TIMEOUT_S)
        async with client:
            self._record()
            await client.write_event(Describe().event())
            info = await self._info(client)
            if info is not None and info.satellite is not None and not self.satellite.room:
                self.room = info.satellite.area or self.room
            await client.write_event(RunSatellite().event())
            self._set("connected")
            voice = await self._make_voice_loop(stop)
            if voice is None:
                return  # stopped while the models were loading
            self._client = client
            try:
                await self._serve(client, voice, stop)
            finally:
                self._client = None
                close = getattr(voice, "close", None)
                if callable(close):
                    close()

    async def _make_voice_loop(self, stop: asyncio.Event) -> Any:
        """The voice loop (models load in a worker), or None when stopped meanwhile."""
        making = asyncio.ensure_future(asyncio.to_thread(self._loop_factory))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({making, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if making.done():
            return making.result()

        def close_when_made(future: asyncio.Future[Any]) -> None:
            if not future.cancelled() and future.exception() is None:
                close = getattr(future.result(), "close", None)
                if callable(close):
                    close()

        making.add_done_callback(close_when_made)
        return None

    async def _info(self, client: AsyncTcpClient) -> Info | None:
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while time.monotonic() < deadline:
            event = await asyncio.wait_for(client.read_event(), CONNECT_TIMEOUT_S)
            if event is None:
                raise ConnectionError("the satellite closed the connection")
            if Info.is_type(event.type):
                return Info.from_event(event)
        return None

    async def _serve(self, client: AsyncTcpClient, voice: Any, stop: asyncio.Event) -> None:
        convert: ToInternal | None = None
        reader = asyncio.ensure_future(client.read_event())
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while True:
                await asyncio.wait({reader, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if stopping.done():
                    return
                event = reader.result()
                if event is None:
                    return
                reader = asyncio.ensure_future(client.read_event())
                if event.type == "run-pipeline":
                    self._run_pipeline(event, voice)
                elif event.type == "audio-chunk" and event.payload:
                    fmt = announced_format(event.data)
                    if convert is None or convert.format != fmt:
                        convert = ToInternal(fmt)
                    await self._audio(client, voice, convert.convert(event.payload))
                elif event.type == "ping":
                    await client.write_event(Event(type="pong", data=dict(event.data)))
        finally:
            reader.cancel()
            stopping.cancel()

    def _run_pipeline(self, event: Event, voice: Any) -> None:
        data = event.data or {}
        snd = data.get("snd_format")
        if isinstance(snd, dict):
            with contextlib.suppress(InputError):
                self._snd = announced_format(snd)
        if data.get("start_stage") in ("asr", "intent", "handle"):
            voice.push_to_talk()  # the satellite heard the wake word itself

    async def _audio(self, client: AsyncTcpClient, voice: Any, pcm: bytes) -> None:
        if not pcm:
            return
        before = voice.state
        turns = await asyncio.to_thread(voice.feed, pcm)
        if before.value == "idle" and voice.state.value != "idle":
            await client.write_event(Detection(name=self.app.settings.audio.wake_word).event())
        for turn in turns:
            await self._reply(client, turn)

    async def _reply(self, client: AsyncTcpClient, voice_turn: Any) -> None:
        text = voice_turn.transcript.text
        await client.write_event(VoiceStopped().event())
        await client.write_event(Transcript(text=text, language="en").event())
        self.status.turns += 1
        self.status.last_transcript = text
        turn = voice_turn.turn
        response = getattr(turn, "response", None)
        card = dict(getattr(response, "card", None) or {})
        for kind in ("timer", "alarm", "reminder"):
            if card.get("type") == kind and isinstance(card.get(kind), dict):
                self.owned.add((kind, int(card[kind]["id"])))
        spoken = getattr(response, "spoken", "") if response is not None else ""
        if spoken:
            await self._say(client, spoken)

    async def announce(self, text: str) -> bool:
        """Say ``text`` in this room now (a timer set here went off); False if not connected."""
        client = self._client
        if client is None or not text:
            return False
        await self._say(client, text)
        return True

    async def _say(self, client: AsyncTcpClient, spoken: str) -> None:
        await client.write_event(Synthesize(text=spoken).event())
        pcm = await self.engines.synthesize(spoken)
        snd = self._snd
        audio = from_internal(pcm, snd.sample_rate, snd.sample_width, snd.channels)
        for event in audio_events(audio, snd.sample_rate, snd.sample_width, snd.channels):
            await client.write_event(event)

    def _voice_pipeline(self) -> Any:
        """The voice pipeline for this room (wake word on; the room's assistant answers)."""
        return create_voice_pipeline(
            self.app,
            recognizer=self.engines.asr_local.pool.factory(),
            use_wake_word=True,
            answerer=self.engines.room_answerer(self.room, f"satellite:{self.satellite.name}"),
            speak=False,
        )

    def _record(self) -> None:
        s = self.satellite
        peer = PeerConnection(
            s.host, s.port, "wyoming satellite", "outbound", "satellite", device=s.name
        )
        record_connection(self.app, peer)
