"""Engines on another machine: fake remote Wyoming ASR and TTS servers (the package's own
server classes) answer while they run; stopped, or silent past the timeout, this computer's
recogniser or voice takes over and the client still gets its transcript or audio."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.event import Event
from wyoming.server import AsyncEventHandler, AsyncTcpServer
from wyoming_helpers import LoopThread, Served, free_port, read_until, silence, stream_audio

COMMAND = "turn on the kitchen lights"


class _FakeRemote(AsyncEventHandler):
    """Counts the audio it gets and answers with that count (or never, when told to)."""

    answer = True

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        super().__init__(reader, writer)
        self.audio = 0

    async def handle_event(self, event: Event) -> bool:
        if event.type == "audio-chunk":
            self.audio += len(event.payload or b"")
        elif event.type == "audio-stop" and _FakeRemote.answer:
            text = f"remote heard {self.audio} bytes"
            await self.write_event(Transcript(text=text).event())
        return True


@pytest.fixture
def remote(served: Served, loop_thread: LoopThread) -> Iterator[tuple[AsyncTcpServer, Any]]:
    from pipelines.wyoming.remote_asr import RemoteAsr

    port = free_port()
    fake = AsyncTcpServer("127.0.0.1", port)
    loop_thread.run(fake.start(lambda r, w: _FakeRemote(r, w)))
    engines = served.engines
    local = engines.asr
    engine = RemoteAsr(f"tcp://127.0.0.1:{port}", 1.0, engines.asr_local, served.app)
    engines.asr = engine
    _FakeRemote.answer = True
    try:
        yield fake, engine
    finally:
        engines.asr = local
        loop_thread.run(fake.stop())


def _transcribe(served: Served, pcm: bytes) -> str:
    async def go() -> str:
        async with served.client() as client:
            await client.write_event(Transcribe().event())
            await stream_audio(client, pcm)
            event, _ = await read_until(client, "transcript")
            return Transcript.from_event(event).text

    return asyncio.run(go())


def test_remote_engine_answers_then_local_takes_over(
    served: Served,
    remote: tuple[AsyncTcpServer, Any],
    loop_thread: LoopThread,
    flite: Callable[..., bytes],
) -> None:
    fake, engine = remote
    pcm = silence(0.3) + flite(COMMAND) + silence(0.3)
    assert _transcribe(served, pcm) == f"remote heard {len(pcm)} bytes"
    assert engine.fallbacks == 0
    rows = [e.detail for e in served.app.ledger.entries(kind="network_allowed", limit=20)]
    assert any(r.get("operation") == "wyoming remote speech engine" for r in rows)

    _FakeRemote.answer = False  # up but silent: the timeout (1 s) hands over
    assert _transcribe(served, pcm) == COMMAND
    assert engine.fallbacks == 1

    loop_thread.run(fake.stop())  # gone: refused at once, local recogniser streams
    assert _transcribe(served, pcm) == COMMAND
    assert engine.fallbacks == 2


class _FakeVoice(AsyncEventHandler):
    """A remote voice: one second of a 22.05 kHz stereo tone for any text."""

    async def handle_event(self, event: Event) -> bool:
        if event.type == "synthesize":
            import numpy as np
            from wyoming.audio import AudioChunk, AudioStart, AudioStop

            t = np.arange(22050) / 22050
            tone = (np.sin(2 * np.pi * 300 * t) * 8000).astype("<i2")
            stereo = np.repeat(tone, 2).tobytes()
            fmt = {"rate": 22050, "width": 2, "channels": 2}
            await self.write_event(AudioStart(**fmt).event())
            for i in range(0, len(stereo), 4096):
                await self.write_event(AudioChunk(audio=stereo[i : i + 4096], **fmt).event())
            await self.write_event(AudioStop().event())
        return True


def test_remote_voice_speaks_then_local_takes_over(
    served: Served, loop_thread: LoopThread, say: Callable[..., bytes]
) -> None:
    from wyoming.audio import AudioChunk
    from wyoming.tts import Synthesize

    from pipelines.wyoming.remote_tts import RemoteTts

    port = free_port()
    fake = AsyncTcpServer("127.0.0.1", port)
    loop_thread.run(fake.start(lambda r, w: _FakeVoice(r, w)))
    engines = served.engines
    voice = RemoteTts(f"tcp://127.0.0.1:{port}", 2.0, engines.local_speech, served.app)
    engines.remote_tts = voice

    async def speak() -> tuple[int, int, bytes]:
        async with served.client() as client:
            await client.write_event(Synthesize(text="hello there").event())
            _, before = await read_until(client, "audio-stop")
            chunks = [AudioChunk.from_event(e) for e in before[1:]]
            return chunks[0].rate, chunks[0].channels, b"".join(c.audio for c in chunks)

    try:
        rate, channels, audio = asyncio.run(speak())
        assert (rate, channels) == (16000, 1)
        assert abs(len(audio) / 32000 - 1.0) < 0.01  # the remote's second of tone, converted
        assert voice.fallbacks == 0
        loop_thread.run(fake.stop())
        _rate, _channels, audio = asyncio.run(speak())
        assert audio == say("hello there", "en-us") and voice.fallbacks == 1
    finally:
        engines.remote_tts = None
        loop_thread.run(fake.stop())
