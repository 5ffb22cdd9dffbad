"""A fake wyoming-satellite built from the ``wyoming`` package's own server classes: it
answers ``describe`` with its area, and on ``run-satellite`` asks for a pipeline from the
wake word on and streams a WAV file's audio, collecting what the hub sends back."""

from __future__ import annotations

import asyncio
import wave
from dataclasses import dataclass, field
from pathlib import Path

from wyoming.audio import AudioChunk, wav_to_chunks
from wyoming.event import Event
from wyoming.info import Attribution, Describe, Info, Satellite
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.server import AsyncEventHandler, AsyncTcpServer

SND_FORMAT = {"rate": 22050, "width": 2, "channels": 1}


@dataclass
class Heard:
    """Everything the hub sent, and the reply audio put together."""

    events: list[Event] = field(default_factory=list)
    reply_audio: bytearray = field(default_factory=bytearray)
    reply_done: asyncio.Event = field(default_factory=asyncio.Event)
    replies: int = 0
    """Spoken replies received completely (audio-stop)."""

    def types(self) -> list[str]:
        return [e.type for e in self.events if e.type != "audio-chunk"]


class FakeSatellite:
    def __init__(self, port: int, wav: Path, area: str = "kitchen") -> None:
        self.port = port
        self.wav = wav
        self.area = area
        self.heard = Heard()
        self.server = AsyncTcpServer("127.0.0.1", port)
        self.connections = 0

    async def start(self) -> None:
        await self.server.start(self._handler)

    async def stop(self) -> None:
        await self.server.stop()

    def _handler(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> AsyncEventHandler:
        self.connections += 1
        return _Handler(reader, writer, self)


class _Handler(AsyncEventHandler):
    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sat: FakeSatellite
    ) -> None:
        super().__init__(reader, writer)
        self.sat = sat
        self._streaming: asyncio.Task[None] | None = None

    async def handle_event(self, event: Event) -> bool:
        heard = self.sat.heard
        if Describe.is_type(event.type):
            by = Attribution(name="test", url="")
            satellite = Satellite(
                name="fake",
                attribution=by,
                installed=True,
                description=None,
                version="1",
                area=self.sat.area,
            )
            await self.write_event(Info(satellite=satellite).event())
            return True
        heard.events.append(event)
        if event.type == "run-satellite":
            run = RunPipeline(
                start_stage=PipelineStage.WAKE, end_stage=PipelineStage.TTS, restart_on_end=True
            ).event()
            run.data["snd_format"] = dict(SND_FORMAT)
            await self.write_event(run)
            self._streaming = asyncio.create_task(self._stream())
        elif AudioChunk.is_type(event.type):
            heard.reply_audio.extend(AudioChunk.from_event(event).audio)
        elif event.type == "audio-stop":
            heard.replies += 1
            heard.reply_done.set()
        return True

    async def _stream(self) -> None:
        with wave.open(str(self.sat.wav), "rb") as wav:
            for chunk in wav_to_chunks(wav, samples_per_chunk=1024):
                await self.write_event(chunk.event())
                await asyncio.sleep(0)

    async def disconnect(self) -> None:
        if self._streaming is not None:
            self._streaming.cancel()
