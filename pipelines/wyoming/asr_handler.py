"""``transcribe`` + ``audio-start``/``audio-chunk``s/``audio-stop`` -> ``transcript``.

Audio is converted from the announced format as it arrives and streamed into a recogniser
taken from the pool at ``audio-start``; at ``audio-stop`` the final transcript is sent. The
audio is never kept beyond what the recogniser needs for this one utterance.
"""

from __future__ import annotations

import time

from wyoming.asr import Transcribe, Transcript
from wyoming.event import Event

from ..audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ..core.errors import InputError
from .asr_stream import AsrEngine, AsrStream
from .audio_convert import ToInternal, announced_format, chunk_format

LANGUAGE = "en"


class AsrHandler:
    def __init__(self, engine: AsrEngine, max_audio_s: float) -> None:
        self.engine = engine
        self.max_bytes = int(max_audio_s * SAMPLE_RATE) * SAMPLE_WIDTH
        self._stream: AsrStream | None = None
        self._convert: ToInternal | None = None
        self._bytes = 0
        self.last_audio_end = 0.0
        """perf_counter() at the last ``audio-stop`` (benchmarks measure from there)."""

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def transcribe(self, event: Event) -> None:
        request = Transcribe.from_event(event)
        if request.language and request.language.split("-")[0].lower() != LANGUAGE:
            raise InputError(
                f"Homebody understands English; {request.language!r} audio cannot be transcribed.",
                code="unsupported_language",
            )

    async def audio_start(self, event: Event) -> None:
        fmt = announced_format(event.data)
        await self.abort()
        self._convert = ToInternal(fmt)
        self._bytes = 0
        self._stream = await self.engine.open_stream()

    async def audio_chunk(self, event: Event) -> None:
        if self._stream is None or self._convert is None:
            raise InputError("audio-chunk before audio-start.", code="audio_without_start")
        if event.payload is None:
            return  # an empty chunk carries nothing to recognise
        fmt = chunk_format(event.data, self._convert.format)
        if fmt != self._convert.format:
            raise InputError(
                "The audio format changed in the middle of a stream.", code="format_changed"
            )
        pcm = self._convert.convert(event.payload)
        self._bytes += len(pcm)
        if self._bytes > self.max_bytes:
            raise InputError(
                f"The utterance is longer than {self.max_bytes // (SAMPLE_RATE * 2)} s.",
                code="audio_too_long",
            )
        await self._stream.accept(pcm)

    async def audio_stop(self) -> Event:
        if self._stream is None or self._convert is None:
            raise InputError("audio-stop before audio-start.", code="audio_without_start")
        self.last_audio_end = time.perf_counter()
        stream, self._stream = self._stream, None
        await stream.accept(self._convert.flush())
        self._convert = None
        transcript = await stream.finish()
        return Transcript(text=transcript.text, language=LANGUAGE).event()

    async def abort(self) -> None:
        """Drop an utterance in progress (client gone, fault, a new audio-start)."""
        stream, self._stream = self._stream, None
        self._convert = None
        if stream is not None:
            await stream.abort()
