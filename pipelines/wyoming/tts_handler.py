"""``synthesize`` -> ``audio-start``, ``audio-chunk``s, ``audio-stop`` (16 kHz mono s16le)."""

from __future__ import annotations

from collections.abc import Iterator

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event
from wyoming.tts import Synthesize

from ..audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from .engines import LocalEngines
from .intent_handler import _text

CHUNK_SAMPLES = 1024


def audio_events(
    pcm: bytes, rate: int = SAMPLE_RATE, width: int = SAMPLE_WIDTH, channels: int = 1
) -> Iterator[Event]:
    """A whole sound as a Wyoming audio stream (start, chunks with timestamps, stop)."""
    yield AudioStart(rate=rate, width=width, channels=channels, timestamp=0).event()
    frame = width * channels
    step = CHUNK_SAMPLES * frame
    ms = 0
    for i in range(0, len(pcm), step):
        piece = pcm[i : i + step]
        chunk = AudioChunk(rate=rate, width=width, channels=channels, audio=piece, timestamp=ms)
        yield chunk.event()
        ms += len(piece) * 1000 // (frame * rate)
    yield AudioStop(timestamp=ms).event()


class TtsHandler:
    def __init__(self, engines: LocalEngines) -> None:
        self.engines = engines

    async def synthesize(self, event: Event) -> list[Event]:
        request = Synthesize.from_event(event)
        voice = request.voice.name if request.voice is not None else None
        if voice is None and request.voice is not None and request.voice.language:
            voice = request.voice.language
        pcm = await self.engines.synthesize(_text(request.text), voice)
        return list(audio_events(pcm))
