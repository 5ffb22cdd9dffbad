"""The first run's microphone check: a live level, then a spoken test phrase understood.

The audio comes through the microphone's own path (``pipelines.speech.pipeline.session.
microphone_source``: the same conversion and chunking, the ledger noting the microphone opening
and closing); a test hands in another backend in the microphone's role, e.g. a WAV file
espeak-ng made. What was said is read the way the voice loop reads a command — PocketSphinx
with the command LM, Whisper beside it, the intent model taking the reading it understands
best — and understood without being acted on: no timer is set, nothing is stored or said.
Used by the desktop welcome and by ``homebody setup``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipelines.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH

HEARD_SPEECH = 0.05
"""Level (0..1, see :func:`block_level`) above which a chunk counts as someone speaking."""
NOTHING_HEARD = 0.02
"""The loudest level below which the microphone heard nothing (muted, wrong input)."""
QUIET_AFTER_S = 1.0
"""Stop listening this long after the speaker stops."""
BYTES_PER_S = SAMPLE_RATE * SAMPLE_WIDTH


@dataclass(frozen=True)
class Heard:
    loudest: float
    """The loudest level (0..1) of the recording."""
    text: str
    """What the recognisers read ("" when nothing was said)."""
    meaning: str
    """What Homebody understands the words as ("timer start · 10 min"), "" with no words."""

    @property
    def silent(self) -> bool:
        return self.loudest < NOTHING_HEARD


def block_level(block: bytes) -> float:
    """0..1 loudness of 16-bit PCM (RMS; ordinary speech near the microphone reads 0.2-0.6)."""
    # lazy: start-up speed (numpy loads only when block_level() runs)
    import numpy as np

    samples = np.frombuffer(block, dtype="<i2").astype(np.float32)
    if not samples.size:
        return 0.0
    return float(min(1.0, np.sqrt(np.mean(samples * samples)) / 8000.0))


def record(
    app: Any,
    on_level: Callable[[float], None],
    seconds: float = 6.0,
    device: str = "",
    backend: Any = None,
) -> tuple[bytes, float]:
    """Up to ``seconds`` of 16 kHz audio from the microphone (or ``backend`` in its role),
    calling ``on_level(0..1)`` per chunk; stops :data:`QUIET_AFTER_S` after the speaker stops.
    Returns (pcm, loudest level). Raises DeviceError without a microphone."""
    # lazy: start-up speed (pipelines.audio.source etc. load only when record() runs)
    from pipelines.audio.source import MicrophoneBackend
    from pipelines.speech.pipeline.session import microphone_source

    audio = app.settings.audio
    if backend is None:
        backend = MicrophoneBackend(device or audio.input_device or None, audio.sample_rate)
    chunks = microphone_source(app, backend).chunks()
    pcm = bytearray()
    loudest, spoke, quiet = 0.0, False, 0
    try:
        for chunk in chunks:
            level = block_level(chunk)
            on_level(level)
            loudest = max(loudest, level)
            pcm += chunk
            spoke = spoke or level >= HEARD_SPEECH
            quiet = 0 if level >= HEARD_SPEECH else quiet + len(chunk)
            if len(pcm) >= seconds * BYTES_PER_S or (
                spoke and quiet >= QUIET_AFTER_S * BYTES_PER_S
            ):
                break
    finally:
        chunks.close()  # closes the microphone (and writes its ledger row) now
    return bytes(pcm), loudest


def read_words(app: Any, pcm: bytes, understand: Callable[[str], Any]) -> str:
    """The voice loop's reading of one command: PocketSphinx (command LM), and Whisper beside
    it unless turned off, the intent model choosing (pipelines.speech.pipeline.reading_chooser)."""
    # lazy: start-up speed (pipelines.speech.asr.base etc. load only when read_words() runs)
    from pipelines.speech.asr.base import transcribe
    from pipelines.speech.asr.engines import create_recognizer

    recognizer = create_recognizer(app)
    recognizer.prepare()
    transcript = transcribe(recognizer, pcm, "command")
    choice = app.settings.audio.whisper_model
    if choice == "off" or os.environ.get("HOMEBODY_WHISPER_PASS", "1") == "0":
        return str(transcript.text)
    # lazy: start-up speed (pipelines.speech.asr.whisper_engine loads only when read_words() runs)
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer

    # lazy: start-up speed (pipelines.speech.asr.whisper_models loads only when read_words() runs)
    from pipelines.speech.asr.whisper_models import locate

    # lazy: start-up speed (loaded only when read_words() runs)
    from pipelines.speech.pipeline.reading_chooser import ReadingChooser

    models, cache = app.paths.models_dir, app.paths.cache_dir
    whisper = WhisperRecognizer(lambda: locate(choice, models, cache), name=f"whisper-{choice}")
    chooser = ReadingChooser(whisper, understand)
    try:
        return str(chooser.choose(transcript, pcm).text)
    finally:
        chooser.close()


def hear_phrase(
    app: Any,
    understand: Callable[[str], Any],
    on_level: Callable[[float], None],
    seconds: float = 6.0,
    device: str = "",
    backend: Any = None,
) -> Heard:
    """Listen for one request and say what Homebody understands it as, without acting on it
    (``understand``: the assistant's, e.g. ``Assistant.understand``)."""
    # lazy: start-up speed (app.gui.fmt loads only when hear_phrase() runs)
    from app.gui.fmt import describe_understanding

    pcm, loudest = record(app, on_level, seconds, device, backend)
    if loudest < NOTHING_HEARD:
        return Heard(loudest, "", "")
    text = read_words(app, pcm, understand).strip()
    if not text:
        return Heard(loudest, "", "")
    intent = understand(text)
    meaning = describe_understanding(intent.name, dict(intent.slots), float(intent.confidence))
    return Heard(loudest, text, meaning)
