"""``detect`` + streamed audio -> ``detection`` (each time a wake word is heard), and
``not-detected`` at ``audio-stop`` when none was."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from wyoming.event import Event
from wyoming.wake import Detect, Detection, NotDetected

from ..audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ..core.errors import InputError
from .audio_convert import ToInternal, announced_format, chunk_format
from .engines import LocalEngines

if TYPE_CHECKING:
    from ..audio.wake import WakeWordDetector


class WakeHandler:
    def __init__(self, engines: LocalEngines) -> None:
        self.engines = engines
        self.names: list[str] = []
        self._detectors: list[tuple[str, WakeWordDetector]] = []
        self._convert: ToInternal | None = None
        self._samples = 0
        self._detected = False

    @property
    def streaming(self) -> bool:
        return self._convert is not None

    def detect(self, event: Event) -> None:
        request = Detect.from_event(event)
        known = {w.name for w in self.engines.wake_words()}
        names = [n for n in (request.names or []) if n in known]
        if request.names and not names:
            raise InputError(
                f"Unknown wake word(s) {', '.join(request.names)}: Homebody has "
                f"{', '.join(sorted(known)) or 'none on this computer'}.",
                code="unknown_wake_word",
            )
        self.names = names

    async def audio_start(self, event: Event) -> None:
        fmt = announced_format(event.data)
        await self.abort()
        names = self.names or [self.engines.app.settings.audio.wake_word]
        for name in names:
            detector = await self.engines.wake_pool(name).acquire()
            self._detectors.append((name, detector))
        self._convert = ToInternal(fmt)
        self._samples = 0
        self._detected = False

    async def audio_chunk(self, event: Event) -> list[Event]:
        if self._convert is None:
            raise InputError("audio-chunk before audio-start.", code="audio_without_start")
        if event.payload is None:
            return []
        if chunk_format(event.data, self._convert.format) != self._convert.format:
            raise InputError(
                "The audio format changed in the middle of a stream.", code="format_changed"
            )
        pcm = self._convert.convert(event.payload)
        self._samples += len(pcm) // SAMPLE_WIDTH
        found: list[Event] = []
        for name, detector in self._detectors:
            hit = await asyncio.to_thread(detector.process, pcm)
            if hit is not None:
                self._detected = True
                ms = self._samples * 1000 // SAMPLE_RATE
                found.append(Detection(name=name, timestamp=ms).event())
        return found

    async def audio_stop(self) -> Event | None:
        detected = self._detected
        await self.abort()
        return None if detected else NotDetected().event()

    async def abort(self) -> None:
        detectors, self._detectors = self._detectors, []
        self._convert = None
        for name, detector in detectors:
            detector.reset()
            await self.engines.wake_pool(name).release(detector)
