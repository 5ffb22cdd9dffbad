"""Record read enrolment sentences on a thread of their own and report through Qt signals.

A recording lasts minutes, so it does not hold a worker of the session's shared pool. The
audio takes the CLI's path (``read_sentences`` over an ``AudioSource``); every signal is
emitted from the recording thread and queued by Qt to the GUI thread. :meth:`stop` may be
called from the GUI thread at any time: the microphone is closed within a chunk or two and
nothing more is reported.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, Signal

LEVEL_EVERY = 5
"""Report the microphone level every 5th chunk (a few times a second)."""


def chunk_level(chunk: bytes) -> float:
    """0-100: the chunk's loudness on a 60 dB scale."""
    # lazy: start-up speed (numpy loads only when chunk_level() runs)
    import numpy as np

    samples = np.frombuffer(chunk, dtype="<i2").astype(np.float32)
    rms = float(np.sqrt(np.mean(samples * samples))) if samples.size else 0.0
    db = 20 * math.log10(max(rms, 1.0) / 32768)
    return max(0.0, min(100.0, (db + 60) / 60 * 100))


class SentenceRecorder(QObject):
    heard = Signal(int)
    """The index of the sentence that just ended."""
    level = Signal(float)
    recorded = Signal(object)
    """Every sentence heard (``list[bytes]``, 16 kHz s16le), once the recording is over."""
    failed = Signal(object)
    """The exception that stopped the recording (e.g. DeviceError: no microphone)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._source: Any = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, source: Any, count: int, vad_name: str) -> None:
        """Read up to ``count`` sentences from ``source`` (an ``AudioSource``)."""
        self._cancel = threading.Event()
        self._source = source
        self._thread = threading.Thread(
            target=self._run, args=(source, count, vad_name, self._cancel), name="enrolment",
            daemon=True,
        )  # fmt: skip
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and report nothing more (any thread)."""
        self._cancel.set()
        stop = getattr(getattr(self._source, "backend", None), "stop", None)
        if callable(stop):
            stop()  # a microphone waiting for audio ends at once

    def wait(self, timeout: float = 5.0) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _run(self, source: Any, count: int, vad_name: str, cancel: threading.Event) -> None:
        # lazy: start-up speed (pipelines.audio.vad etc. load only when _run() runs)
        from pipelines.audio.vad import create_vad
        from pipelines.speech.adaptation.enrolment_capture import read_sentences

        def emit(signal: Any, value: Any) -> None:
            if not cancel.is_set():
                try:
                    signal.emit(value)
                except RuntimeError:  # the dialog is gone
                    cancel.set()

        try:
            vad = create_vad(vad_name)
            chunks = self._chunks(source, cancel, lambda v: emit(self.level, v))
            try:
                sentences = read_sentences(
                    chunks, vad, count, on_sentence=lambda i, _pcm: emit(self.heard, i)
                )
                heard = list(sentences)
            finally:
                chunks.close()  # closes the microphone
        except Exception as exc:  # shown by the dialog
            emit(self.failed, exc)
            return
        emit(self.recorded, heard)

    @staticmethod
    def _chunks(
        source: Any, cancel: threading.Event, on_level: Callable[[float], None]
    ) -> Generator[bytes, None, None]:
        chunks = source.chunks()
        try:
            for n, chunk in enumerate(chunks):
                if cancel.is_set():
                    return
                if n % LEVEL_EVERY == 0:
                    on_level(chunk_level(chunk))
                yield chunk
        finally:
            chunks.close()
