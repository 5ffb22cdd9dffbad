"""Spoken replies in the Piper neural voice, sentence by sentence, with espeak-ng as fallback.

The first sentence is synthesised and starts playing while the next one is made, so the first
audio comes after one sentence's synthesis, not the whole reply's. ``stop()`` (barge-in)
interrupts playback and synthesis alike. When the voice cannot run (package missing, model
unreadable, espeak-ng missing for phonemes), the reply is spoken by espeak-ng, with one warning.
``audio.tts``: "auto" / "piper" use this speaker, "espeak" the formant voice, "none" nothing.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from ...core.errors import ModelError
from .piper_voice import PiperVoice, sentences
from .speaker import AudioOutput, EspeakSpeaker, SoundDeviceOutput, espeak_pcm

log = logging.getLogger(__name__)


class PiperSpeaker(EspeakSpeaker):
    name = "piper"

    def __init__(
        self,
        output: AudioOutput | None = None,
        voice: str = "en-us",
        speed: int = 175,
        volume: int = 100,
        on_done: Callable[[str, bool], None] | None = None,
        piper: PiperVoice | None = None,
    ) -> None:
        super().__init__(output, voice, speed, volume, on_done)
        self.piper = piper or PiperVoice()
        self.failed = ""
        """Why Piper could not speak (then espeak-ng does)."""

    def _pcm_parts(self, text: str, cancel: threading.Event) -> Iterator[bytes]:
        """Sentence by sentence: the next one is synthesised while this one plays."""
        if self.failed:
            yield from super()._pcm_parts(text, cancel)
            return
        parts: queue.Queue[bytes | None] = queue.Queue(maxsize=2)

        def synthesise() -> None:
            try:
                for sentence in sentences(text):
                    if cancel.is_set():
                        break
                    parts.put(self._scaled(self.piper.sentence_pcm(sentence)))
            except ModelError as exc:
                self.failed = exc.message
                log.warning("Piper voice unusable, speaking with espeak-ng: %s", exc.message)
                parts.put(self._scaled(self._espeak(text)))
            finally:
                parts.put(None)

        threading.Thread(target=synthesise, name="homebody-tts-synth", daemon=True).start()
        while (pcm := parts.get()) is not None:
            yield pcm

    def _espeak(self, text: str) -> bytes:
        return espeak_pcm(text, self.voice, self.speed)


def create_speaker(audio: Any, output: AudioOutput | None = None) -> EspeakSpeaker | None:
    """The reply speaker the settings ask for (``audio.tts``), or None for "none"."""
    if audio.tts == "none":
        return None
    out = output or SoundDeviceOutput(getattr(audio, "output_device", "") or None)
    if audio.tts in ("auto", "piper"):
        return PiperSpeaker(output=out, voice=audio.voice or "en-us", volume=audio.volume)
    return EspeakSpeaker(output=out, voice=audio.voice, volume=audio.volume)
