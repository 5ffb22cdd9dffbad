"""A speech-to-text engine on another home machine (any Wyoming ``asr`` service, e.g.
wyoming-faster-whisper with a larger model), with this computer's recogniser as fallback.

Audio is streamed to the remote service as it arrives and also held in memory for this one
utterance; when the service cannot be reached, fails, or has not answered within
``timeout_s`` after the end of the audio, the local recogniser decodes the same audio, so no
command is lost. The held audio is dropped as soon as the utterance is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wyoming.asr import Transcribe
from wyoming.asr import Transcript as WyTranscript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient

from ..core.errors import SettingsError
from ..speech.asr.base import Transcript
from .engines import AsrEngine, AsrStream
from .record import PeerConnection, record_connection

if TYPE_CHECKING:
    from ..app_context import AppContext

log = logging.getLogger(__name__)

FORMAT = {"rate": 16000, "width": 2, "channels": 1}


def parse_remote(uri: str) -> tuple[str, int]:
    parts = urlsplit(uri)
    try:
        port = parts.port
    except ValueError as exc:
        raise SettingsError(f"A remote engine's address {uri!r} has no valid port.") from exc
    if parts.scheme != "tcp" or not parts.hostname or port is None:
        raise SettingsError(f"A remote engine's address must be tcp://HOST:PORT (got {uri!r}).")
    return parts.hostname, port


class RemoteAsrStream:
    def __init__(self, engine: RemoteAsr, client: AsyncTcpClient | None) -> None:
        self.engine = engine
        self._client = client
        self._held = bytearray()

    async def accept(self, pcm: bytes) -> None:
        self._held.extend(pcm)
        if self._client is None or not pcm:
            return
        try:
            await asyncio.wait_for(
                self._client.write_event(AudioChunk(audio=pcm, **FORMAT).event()),
                self.engine.timeout_s,
            )
        except (OSError, TimeoutError) as exc:
            await self._lost(exc)

    async def finish(self) -> Transcript:
        t0 = time.perf_counter()
        try:
            if self._client is not None:
                try:
                    text = await asyncio.wait_for(self._remote_text(), self.engine.timeout_s)
                    ms = (time.perf_counter() - t0) * 1000
                    return Transcript(text, engine=self.engine.name, decode_ms=ms)
                except (OSError, TimeoutError, ConnectionError) as exc:
                    await self._lost(exc)
            return await self._local()
        finally:
            self._held = bytearray()
            await self._close()

    async def _remote_text(self) -> str:
        assert self._client is not None
        await self._client.write_event(AudioStop().event())
        while True:
            event = await self._client.read_event()
            if event is None:
                raise ConnectionError("the remote engine closed the connection")
            if WyTranscript.is_type(event.type):
                return WyTranscript.from_event(event).text
            if event.type == "error":
                raise ConnectionError(str(event.data.get("text", "remote error")))

    async def _local(self) -> Transcript:
        self.engine.fallbacks += 1
        stream = await self.engine.fallback.open_stream()
        try:
            await stream.accept(bytes(self._held))
        except BaseException:
            await stream.abort()
            raise
        return await stream.finish()

    async def _lost(self, exc: BaseException) -> None:
        if self._client is not None:
            log.warning(
                "remote speech engine %s failed (%s): using this computer's recogniser",
                self.engine.uri,
                exc or exc.__class__.__name__,
            )
        await self._close()

    async def _close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.disconnect()

    async def abort(self) -> None:
        self._held = bytearray()
        await self._close()


class RemoteEngine:
    """What every engine on another home machine has: its address, a timeout after which this
    computer's engine takes over, a count of those take-overs, and a ledger row per use."""

    operation = "wyoming remote engine"

    def __init__(self, uri: str, timeout_s: float, app: AppContext | None = None) -> None:
        self.uri = uri
        self.host, self.port = parse_remote(uri)
        self.timeout_s = timeout_s
        self.app = app
        self.fallbacks = 0
        """Requests this computer's engine served because the remote one did not answer."""

    def _record(self) -> None:
        if self.app is not None:
            peer = PeerConnection(self.host, self.port, self.operation, "outbound", "remote-engine")
            record_connection(self.app, peer)


class RemoteAsr(RemoteEngine):
    operation = "wyoming remote speech engine"

    def __init__(
        self, uri: str, timeout_s: float, fallback: AsrEngine, app: AppContext | None = None
    ) -> None:
        super().__init__(uri, timeout_s, app)
        self.fallback = fallback
        self.name = f"remote:{self.host}"

    async def open_stream(self) -> AsrStream:
        client = AsyncTcpClient(self.host, self.port, connect_timeout=self.timeout_s)
        try:
            await client.connect()
            await client.write_event(Transcribe(language="en").event())
            await client.write_event(AudioStart(**FORMAT).event())
        except (OSError, TimeoutError) as exc:
            log.warning(
                "remote speech engine %s unreachable (%s): using this computer's recogniser",
                self.uri,
                exc or exc.__class__.__name__,
            )
            with contextlib.suppress(Exception):
                await client.disconnect()
            return RemoteAsrStream(self, None)
        self._record()
        return RemoteAsrStream(self, client)
