"""One client connection: events in, replies out, faults contained to this connection.

Built on the ``wyoming`` package's :class:`AsyncEventHandler`. Its ``run`` is replaced by one
that reads with limits (:mod:`.framing`) and timeouts: a client streaming audio that goes
quiet for ``audio_timeout_s`` (e.g. it never sends ``audio-stop``) or an idle client after
``idle_timeout_s`` is disconnected. A malformed frame closes the connection with an
``error`` event; a well-framed but bad request gets an ``error`` event and the connection
stays usable. Whatever happens, the session's recogniser and detectors go back to the pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wyoming.error import Error
from wyoming.event import Event
from wyoming.info import Describe
from wyoming.server import AsyncEventHandler

from ..core.errors import HomebodyError
from .asr_handler import AsrHandler
from .engines import LocalEngines
from .framing import FrameLimits, ProtocolFault, read_event
from .info import build_info
from .intent_handler import IntentHandler
from .peers import PeerDecision
from .tts_handler import TtsHandler
from .wake_handler import WakeHandler

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionLimits:
    audio_timeout_s: float = 10.0
    idle_timeout_s: float = 300.0
    max_audio_s: float = 60.0
    frames: FrameLimits = field(default_factory=FrameLimits)


@dataclass
class SessionStats:
    peer: PeerDecision
    opened: float = field(default_factory=time.time)
    events: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    ended: str = ""
    """Why the session ended: "closed", "timeout", a fault code, "disconnected-mid-audio"."""


class WyomingSession(AsyncEventHandler):
    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        engines: LocalEngines,
        peer: PeerDecision,
        limits: SessionLimits,
        name: str = "homebody",
        on_end: Callable[[WyomingSession], None] | None = None,
        on_change: Callable[[WyomingSession], None] | None = None,
    ) -> None:
        super().__init__(reader, writer)
        self.engines = engines
        self.limits = limits
        self.name = name
        self.stats = SessionStats(peer)
        self.asr = AsrHandler(engines.asr, limits.max_audio_s)
        self.intent = IntentHandler(engines)
        self.tts = TtsHandler(engines)
        self.wake = WakeHandler(engines)
        self._audio_to: str = "asr"
        self._on_end = on_end
        self._on_change = on_change

    @property
    def streaming(self) -> bool:
        return self.asr.streaming or self.wake.streaming

    # -- the read loop ------------------------------------------------------------------------
    async def run(self) -> None:
        self._is_running = True
        try:
            while self._is_running:
                timeout = (
                    self.limits.audio_timeout_s if self.streaming else self.limits.idle_timeout_s
                )
                try:
                    event = await asyncio.wait_for(
                        read_event(self.reader, self.limits.frames), timeout
                    )
                except TimeoutError:
                    what = "audio" if self.streaming else "a request"
                    await self._fail("timeout", f"No {what} for {timeout:g} s: disconnecting.")
                    break
                except ProtocolFault as fault:
                    await self._fail(fault.code, fault.message)
                    break
                except asyncio.IncompleteReadError:
                    self._end("disconnected-mid-event")
                    break
                if event is None:
                    self._end("disconnected-mid-audio" if self.streaming else "closed")
                    break
                self.stats.events += 1
                if not await self.handle_event(event):
                    self._end("closed")
                    break
        except (ConnectionError, OSError) as exc:
            self._end(f"connection-lost: {exc.__class__.__name__}")
        finally:
            await self.disconnect()
            self.writer.close()

    async def disconnect(self) -> None:
        await self.asr.abort()
        await self.wake.abort()
        if self._on_end is not None:
            self._on_end(self)

    def _end(self, reason: str) -> None:
        if not self.stats.ended:
            self.stats.ended = reason
        if reason != "closed":
            log.warning("wyoming: %s %s", self.stats.peer.host, reason)

    async def _fail(self, code: str, message: str) -> None:
        self._end(code)
        log.warning("wyoming: %s: %s", self.stats.peer.host, message)
        with contextlib.suppress(TimeoutError, ConnectionError, OSError):
            await asyncio.wait_for(self.write_event(Error(text=message, code=code).event()), 2)

    # -- requests -----------------------------------------------------------------------------
    async def handle_event(self, event: Event) -> bool:
        first = event.type not in self.stats.requests
        self.stats.requests[event.type] = self.stats.requests.get(event.type, 0) + 1
        if first and self._on_change is not None:  # a new kind of use: update the state
            self._on_change(self)
        try:
            for reply in await self._dispatch(event):
                await self.write_event(reply)
        except HomebodyError as exc:
            log.info("wyoming: %s: %s refused: %s", self.stats.peer.host, event.type, exc)
            await self._refuse(event, exc.message, exc.code)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.info("wyoming: %s: malformed %s: %r", self.stats.peer.host, event.type, exc)
            await self._refuse(event, f"Malformed {event.type} event.", "bad_event")
        except (ConnectionError, OSError):
            raise  # the client is gone: run() ends the session
        except Exception:  # a fault of ours must not end the server or the connection
            log.exception("wyoming: %s: %s failed", self.stats.peer.host, event.type)
            await self._refuse(event, f"Homebody could not handle {event.type}.", "internal")
        return True

    async def _refuse(self, event: Event, message: str, code: str) -> None:
        """A bad request: its stream (if any) is dropped, the connection stays usable."""
        if event.type.startswith("audio-"):
            await self.asr.abort()
            await self.wake.abort()
        await self.write_event(Error(text=message, code=code).event())

    async def _dispatch(self, event: Event) -> list[Event]:
        kind = event.type
        if Describe.is_type(kind):
            return [build_info(self.engines, self.name).event()]
        if kind == "transcribe":
            self.asr.transcribe(event)
            self._audio_to = "asr"
            return []
        if kind == "detect":
            self.wake.detect(event)
            self._audio_to = "wake"
            return []
        if kind in ("audio-start", "audio-chunk", "audio-stop"):
            return await self._audio(kind, event)
        if kind == "transcript":
            return [await self.intent.handle_transcript(event)]
        if kind == "recognize":
            return [await self.intent.recognize(event)]
        if kind == "synthesize":
            return await self.tts.synthesize(event)
        if kind == "ping":
            return [Event(type="pong", data=dict(event.data))]
        log.debug("wyoming: ignoring %s", kind)  # the protocol says: drop unknown events
        return []

    async def _audio(self, kind: str, event: Event) -> list[Event]:
        if self._audio_to == "wake":
            if kind == "audio-start":
                await self.wake.audio_start(event)
                return []
            if kind == "audio-chunk":
                return await self.wake.audio_chunk(event)
            stopped = await self.wake.audio_stop()
            return [stopped] if stopped is not None else []
        if kind == "audio-start":
            await self.asr.audio_start(event)
            return []
        if kind == "audio-chunk":
            await self.asr.audio_chunk(event)
            return []
        return [await self.asr.audio_stop()]


def describe_peer(session: WyomingSession) -> dict[str, Any]:
    stats = session.stats
    return {
        "host": stats.peer.host,
        "port": stats.peer.port,
        "reason": stats.peer.reason,
        "since": stats.opened,
        "requests": dict(stats.requests),
    }
