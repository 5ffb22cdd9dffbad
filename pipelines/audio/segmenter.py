"""End-of-utterance detection as a pure state machine over (frame, is_speech) pairs.

No clocks, no devices, no models: time is counted in samples, so the same input always gives
the same segments and every rule is unit-testable. The rules:

- **start**: ``start_ms`` of speech within the last ``start_window_ms`` starts an utterance;
  ``pre_roll_ms`` of audio before that point is kept so the first phoneme is not cut off.
- **end**: ``trailing_silence_ms`` of continuous non-speech after speech ends it (reason
  ``"silence"``); an utterance never grows beyond ``max_length_s`` (reason ``"max_length"``).
- **timeout**: with ``start_timeout_s`` set, no speech for that long ends with ``"timeout"``
  (used after the wake word and in the follow-up window).
- **complete**: adaptive endpointing. When the caller says the words so far already form a
  complete command (:meth:`UtteranceSegmenter.set_complete`), ``quick_silence_ms`` of silence
  is enough to end (reason ``"complete"``); otherwise the full trailing silence is awaited.
  Words that are understood as a request but may go on (``set_complete(False, likely=True)``)
  end after ``likely_silence_ms`` (reason ``"likely"``), between the two; words that are
  surely a whole command (``set_complete(True, sure=True)``) after ``sure_silence_ms``
  (reason ``"sure"``), the shortest.
- **noise learnt late**: a frame may come with ``quiet_behind``, the samples behind it that a
  noise gate has just found to be noise it had called speech (a noise that began shortly
  before or during the command, vad.py); the silence then counts from where that noise run
  began, unless it reaches back to the utterance's first speech (the whole utterance was
  noise: it goes on as before, so a command said into it is not cut off).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from ..core.errors import SettingsError
from .pcm import SAMPLE_RATE, SAMPLE_WIDTH


@dataclass(frozen=True)
class SegmenterConfig:
    start_ms: int = 90
    start_window_ms: int = 240
    trailing_silence_ms: int = 700
    max_length_s: float = 10.0
    pre_roll_ms: int = 300
    start_timeout_s: float | None = None
    quick_silence_ms: int = 0
    """Silence that ends a complete-sounding command early; 0 turns adaptive endpointing off."""
    likely_silence_ms: int = 0
    """Silence that ends words understood as a request that may still go on; 0: off."""
    sure_silence_ms: int = 0
    """Silence that ends words that are surely a whole command; 0: off."""

    def validate(self) -> SegmenterConfig:
        if self.start_ms <= 0 or self.start_window_ms < self.start_ms:
            raise SettingsError("start_ms must be > 0 and no longer than start_window_ms.")
        if self.trailing_silence_ms <= 0:
            raise SettingsError("audio.trailing_silence_ms must be greater than 0.")
        if self.max_length_s <= 0:
            raise SettingsError("audio.max_utterance_s must be greater than 0.")
        if self.pre_roll_ms < 0:
            raise SettingsError("pre_roll_ms cannot be negative.")
        if not 0 <= self.quick_silence_ms <= self.trailing_silence_ms:
            raise SettingsError(
                "audio.quick_end_silence_ms must be between 0 and audio.trailing_silence_ms."
            )
        if self.likely_silence_ms and not (
            self.quick_silence_ms <= self.likely_silence_ms <= self.trailing_silence_ms
        ):
            raise SettingsError(
                "likely_silence_ms must lie between quick_silence_ms and trailing_silence_ms."
            )
        if not 0 <= self.sure_silence_ms <= self.quick_silence_ms:
            raise SettingsError("sure_silence_ms must lie between 0 and quick_silence_ms.")
        return self


class SegmentState(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    DONE = "done"


@dataclass(frozen=True)
class SpeechStarted:
    at_s: float
    """Where the utterance's audio begins (including pre-roll), from the segmenter's start."""


@dataclass(frozen=True)
class SpeechEnded:
    reason: str
    """"silence", "complete", "sure", "likely", "max_length" or "timeout"."""
    at_s: float
    """When the end was decided (the sample position of the deciding frame's end)."""
    speech_end_s: float
    """End of the last speech frame (``at_s`` minus the trailing silence)."""
    audio: bytes
    """The utterance (pre-roll + speech + trailing silence); empty for a timeout."""


SegmenterEvent = SpeechStarted | SpeechEnded


def _samples(ms: float) -> int:
    return round(SAMPLE_RATE * ms / 1000.0)


class UtteranceSegmenter:
    """Push frames with their VAD decision; receive SpeechStarted / SpeechEnded events."""

    def __init__(self, config: SegmenterConfig | None = None) -> None:
        self.config = (config or SegmenterConfig()).validate()
        self.reset()

    def reset(self) -> None:
        self.state = SegmentState.WAITING
        self._pos = 0  # samples seen
        self._window: deque[tuple[int, bool]] = deque()  # (samples, is_speech) recent frames
        self._window_samples = 0
        self._preroll: deque[bytes] = deque()
        self._preroll_samples = 0
        self._audio = bytearray()
        self._start_pos = 0
        self._last_speech_end = 0
        self._first_speech = 0
        self._silence = 0
        self._complete = False
        self._likely = False
        self._sure = False

    @property
    def position_s(self) -> float:
        return self._pos / SAMPLE_RATE

    def set_complete(self, complete: bool, likely: bool = False, sure: bool = False) -> None:
        """Tell the segmenter whether the words so far make a complete command (or, with
        ``likely``, a request that is understood but may still go on; with ``sure``, surely
        a whole command)."""
        self._complete = complete
        self._likely = likely
        self._sure = sure and complete

    def push(self, frame: bytes, is_speech: bool, quiet_behind: int = 0) -> list[SegmenterEvent]:
        """Add one frame (any length) and its VAD decision; return what happened.
        ``quiet_behind``: samples up to this frame's end that were noise, not speech."""
        if self.state is SegmentState.DONE:
            return []
        n = len(frame) // SAMPLE_WIDTH
        self._pos += n
        cfg = self.config
        if self.state is SegmentState.WAITING:
            return self._push_waiting(frame, n, is_speech, cfg)
        self._audio.extend(frame)
        if is_speech:
            self._silence = 0
            self._last_speech_end = self._pos
        else:
            self._silence += n
            if quiet_behind > self._silence and self._pos - quiet_behind > self._first_speech:
                self._silence = quiet_behind
                self._last_speech_end = min(self._last_speech_end, self._pos - quiet_behind)
        if self._silence >= _samples(cfg.trailing_silence_ms):
            return [self._end("silence")]
        if self._sure and cfg.sure_silence_ms and self._silence >= _samples(cfg.sure_silence_ms):
            return [self._end("sure")]
        if (
            self._complete
            and cfg.quick_silence_ms
            and self._silence >= _samples(cfg.quick_silence_ms)
        ):
            return [self._end("complete")]
        if (
            self._likely
            and cfg.likely_silence_ms
            and self._silence >= _samples(cfg.likely_silence_ms)
        ):
            return [self._end("likely")]
        if self._pos - self._start_pos >= int(cfg.max_length_s * SAMPLE_RATE):
            return [self._end("max_length")]
        return []

    def _push_waiting(
        self, frame: bytes, n: int, is_speech: bool, cfg: SegmenterConfig
    ) -> list[SegmenterEvent]:
        self._window.append((n, is_speech))
        self._window_samples += n
        while self._window and self._window_samples - self._window[0][0] >= _samples(
            cfg.start_window_ms
        ):
            self._window_samples -= self._window.popleft()[0]
        self._preroll.append(frame)
        self._preroll_samples += n
        speech = sum(k for k, s in self._window if s)
        if is_speech and speech >= _samples(cfg.start_ms):
            # Keep pre_roll_ms of audio before the first speech frame of the window.
            offset = 0
            for k, s in self._window:
                if s:
                    break
                offset += k
            keep = _samples(cfg.pre_roll_ms) + self._window_samples - offset
            while self._preroll and self._preroll_samples - len(self._preroll[0]) // 2 >= keep:
                self._preroll_samples -= len(self._preroll.popleft()) // SAMPLE_WIDTH
            self._audio = bytearray(b"".join(self._preroll))
            self._start_pos = self._pos - self._preroll_samples
            self._first_speech = self._pos - (self._window_samples - offset)
            self._last_speech_end = self._pos
            self._silence = 0
            self._preroll.clear()
            self._preroll_samples = 0
            self.state = SegmentState.SPEAKING
            return [SpeechStarted(self._start_pos / SAMPLE_RATE)]
        limit = _samples(cfg.pre_roll_ms) + _samples(cfg.start_window_ms)
        while self._preroll and self._preroll_samples - len(self._preroll[0]) // 2 >= limit:
            self._preroll_samples -= len(self._preroll.popleft()) // SAMPLE_WIDTH
        if cfg.start_timeout_s is not None and self._pos >= cfg.start_timeout_s * SAMPLE_RATE:
            self.state = SegmentState.DONE
            at = self._pos / SAMPLE_RATE
            return [SpeechEnded("timeout", at, at, b"")]
        return []

    def _end(self, reason: str) -> SpeechEnded:
        self.state = SegmentState.DONE
        return SpeechEnded(
            reason, self._pos / SAMPLE_RATE, self._last_speech_end / SAMPLE_RATE, bytes(self._audio)
        )

    @property
    def silence_samples(self) -> int:
        """The current run of silence after speech (with any noise run it was told of)."""
        return self._silence

    @property
    def audio_so_far(self) -> bytes:
        """The current utterance's audio (for streaming recognition while speaking)."""
        return bytes(self._audio)
