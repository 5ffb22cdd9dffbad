"""A text-to-speech service on another home machine (any Wyoming ``tts`` service, e.g.
wyoming-piper with a neural voice), with this computer's voice as fallback when it cannot be
reached or has not finished within ``timeout_s``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from wyoming.client import AsyncTcpClient
from wyoming.tts import Synthesize, SynthesizeVoice

from ..core.errors import InputError
from .audio_convert import ToInternal, announced_format, chunk_format
from .remote_asr import RemoteEngine

if TYPE_CHECKING:
    from ..app_context import AppContext

log = logging.getLogger(__name__)

Synthesizer = Callable[[str, str | None], Awaitable[bytes]]


class RemoteTts(RemoteEngine):
    operation = "wyoming remote voice"

    def __init__(
        self, uri: str, timeout_s: float, fallback: Synthesizer, app: AppContext | None = None
    ) -> None:
        super().__init__(uri, timeout_s, app)
        self.fallback = fallback

    async def synthesize(self, text: str, voice: str | None = None) -> bytes:
        """``text`` spoken as 16 kHz mono s16le, by the remote voice or, failing that, ours."""
        try:
            return await asyncio.wait_for(self._remote(text, voice), self.timeout_s)
        except (OSError, TimeoutError, ConnectionError, InputError) as exc:
            log.warning(
                "remote voice %s failed (%s): using this computer's voice",
                self.uri,
                exc or exc.__class__.__name__,
            )
            self.fallbacks += 1
            return await self.fallback(text, voice)

    async def _remote(self, text: str, voice: str | None) -> bytes:
        client = AsyncTcpClient(self.host, self.port)
        await client.connect()
        try:
            self._record()
            wanted = SynthesizeVoice(name=voice) if voice else None
            await client.write_event(Synthesize(text=text, voice=wanted).event())
            convert: ToInternal | None = None
            out = bytearray()
            while True:
                event = await client.read_event()
                if event is None:
                    raise ConnectionError("the remote voice closed the connection")
                if event.type == "audio-start":
                    convert = ToInternal(announced_format(event.data))
                elif event.type == "audio-chunk" and event.payload:
                    if convert is None:
                        convert = ToInternal(announced_format(event.data))
                    fmt = chunk_format(event.data, convert.format)
                    if fmt != convert.format:
                        raise InputError("The remote voice changed its audio format.")
                    out.extend(convert.convert(event.payload))
                elif event.type == "audio-stop":
                    if convert is not None:
                        out.extend(convert.flush())
                    return bytes(out)
                elif event.type == "error":
                    raise ConnectionError(str(event.data.get("text", "remote error")))
        finally:
            with contextlib.suppress(Exception):
                await client.disconnect()
