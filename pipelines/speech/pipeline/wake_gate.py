"""The wake word in front of the voice loop: detection, and where the command's audio begins.

While the loop is idle every chunk goes to the detector, and the last
:data:`WAKE_LOOKBACK_BYTES` of audio are kept. After a detection the audio goes on being
kept (the *tail*) until the wake word's score falls (or :data:`WAKE_TAIL_MAX_S`), and
:meth:`WakeGate.command_audio` then cuts the wake word off with the VAD.
"""

from __future__ import annotations

from collections import deque

from ...audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ...audio.vad import FrameSplitter, VoiceActivityDetector
from ...audio.wake import WakeDetection, WakeWordDetector

WAKE_TAIL_MAX_S = 1.0
"""After a detection, wait at most this long for the wake word's score to fall (its end)."""
WAKE_LOOKBACK_BYTES = int(1.5 * SAMPLE_RATE) * SAMPLE_WIDTH
"""Audio kept from before a detection: the command may already have begun (a candidate
confirmed by the second stage is reported up to 1.1 s after its score rose)."""


class WakeGate:
    def __init__(self, detector: WakeWordDetector) -> None:
        self.detector = detector
        self._recent: deque[bytes] = deque()
        self._recent_bytes = 0
        self._tail: list[tuple[bytes, float]] = []
        self._tail_until = 0
        self._tail_detection = 0

    def listen(self, chunk: bytes, pos: int) -> WakeDetection | None:
        """Idle: the detection when the wake word was heard in ``chunk`` (which ends at
        sample ``pos`` of the stream); the tail starts then."""
        self._recent.append(chunk)
        self._recent_bytes += len(chunk)
        while self._recent_bytes - len(self._recent[0]) >= WAKE_LOOKBACK_BYTES:
            self._recent_bytes -= len(self._recent.popleft())
        hit = self.detector.process(chunk)
        if hit is None:
            return None
        self._tail_until = pos + int(WAKE_TAIL_MAX_S * SAMPLE_RATE)
        self._tail = [(c, 1.0) for c in self._recent]
        late = int(hit.verified_after_s * SAMPLE_RATE) * SAMPLE_WIDTH
        self._tail_detection = max(0, self._recent_bytes - late)
        self._recent.clear()
        self._recent_bytes = 0
        return hit

    def tail_ended(self, chunk: bytes, pos: int) -> bool:
        """After a detection: the model may fire before the wake word ends; its score stays
        high while the word goes on. Keep the audio until the score falls (or 1 s)."""
        self.detector.process(chunk)
        score = self.detector.last_score
        self._tail.append((chunk, score))
        cutoff = getattr(self.detector, "cutoff", 0.5)
        return bool(score < cutoff or pos >= self._tail_until)

    def command_audio(self, vad: VoiceActivityDetector) -> bytes:
        """The audio after the wake word (the tail is used up).

        The detector fires anywhere from ~0.4 s before the wake word ends to just after it,
        so the end is found with the VAD instead: the first pause (>= 50 ms) that starts no
        earlier than 0.25 s before the detection. Without a pause: from the detection on.
        """
        audio = b"".join(c for c, _ in self._tail)
        self._tail = []
        earliest = max(0, self._tail_detection - int(0.25 * SAMPLE_RATE) * SAMPLE_WIDTH)
        need = int(0.05 * SAMPLE_RATE) * SAMPLE_WIDTH
        splitter = FrameSplitter(vad.frame_samples)
        offset, pause_start, pause_len = 0, -1, 0
        found = -1
        for frame in splitter.push(audio):
            silent = vad.speech_probability(frame) < 0.5
            if silent and offset >= earliest:
                if pause_start < 0:
                    pause_start = offset
                pause_len += len(frame)
                if pause_len >= need:
                    found = pause_start
                    break
            else:
                pause_start, pause_len = -1, 0
            offset += len(frame)
        vad.reset()
        return audio[found:] if found >= 0 else audio[self._tail_detection :]

    def close(self) -> None:
        """Release the detector's model (a detector without ``close`` has nothing to free)."""
        close = getattr(self.detector, "close", None)
        if callable(close):
            close()
