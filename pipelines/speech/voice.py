"""The voice loop: audio -> wake word -> utterance -> speech recognition -> assistant -> reply.

Push-driven and deterministic: :meth:`VoiceLoop.feed` takes one 16 kHz s16le chunk and returns
the turns it completed, so tests drive it with files and the microphone drives it live through
:meth:`VoiceLoop.run` (the same :class:`~pipelines.audio.source.AudioSource` path for both).

Events on ``app.bus`` (the GUI subscribes to these):

- ``PROGRESS`` stage ``"voice"``: ``{"state": "idle" | "listening" | "thinking" | "speaking" |
  "follow_up"}`` whenever the state changes;
- ``PROGRESS`` stage ``"wake"``: ``{"wake_word", "score"}`` when the wake word is heard;
- ``PROGRESS`` stage ``"asr"``: ``{"partial": text}`` while the user speaks;
- ``START``/``END`` stage ``"asr"`` (END carries ``latency_ms`` = final decode after the end of
  speech, and ``data`` = the transcript); the assistant's own ``understand``/``act`` events;
- ``NOTICE`` stage ``"voice"``: ``{"barge_in": true}`` when "stop" interrupted a reply.
Transcripts travel only in events (in memory), never into the privacy ledger.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from ..audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ..audio.segmenter import SegmenterConfig, SpeechEnded, SpeechStarted, UtteranceSegmenter
from ..audio.vad import FrameSplitter, VoiceActivityDetector
from ..audio.wake import WakeWordDetector
from ..core.events import EventBus, EventType, PipelineEvent
from .base import RecognitionStream, SpeechRecognizer, Transcript

STOP_WORDS = frozenset({"stop", "quiet", "enough", "cancel", "shut", "silence", "pause"})
WAKE_TAIL_MAX_S = 1.0
"""After a detection, wait at most this long for the wake word's score to fall (its end)."""
ASR_SILENCE_MS = 200
"""Silence after speech passed on to the recogniser; more is held back until speech resumes."""
FINAL_PARTIAL_MS = 90
"""Silence after which the recogniser is asked for a partial transcript of everything said
(it otherwise makes one only every 300 ms of audio, so the last word could be missing from
the transcript that decides how long to wait)."""
WAKE_LOOKBACK_BYTES = int(1.5 * SAMPLE_RATE) * SAMPLE_WIDTH
"""Audio kept from before a detection: the command may already have begun (a candidate
confirmed by the second stage is reported up to 1.1 s after its score rose)."""


class VoiceState(StrEnum):
    IDLE = "idle"
    WAKE_TAIL = "wake_tail"
    LISTENING = "listening"
    FOLLOW_UP = "follow_up"


class SecondPass(Protocol):
    """Another recogniser's opinion on the utterance (see whisper_pass.SecondOpinion)."""

    def speculate(self, pcm: bytes) -> None: ...

    def cancel(self) -> None: ...

    def choose(self, transcript: Transcript, pcm: bytes) -> Transcript: ...


class Answerer(Protocol):
    def ask(self, text: str, *, source: str = "text") -> Any: ...


class Speaker(Protocol):
    @property
    def speaking(self) -> bool: ...

    def say(self, text: str) -> Any: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class VoiceConfig:
    segmenter: SegmenterConfig = field(default_factory=SegmenterConfig)
    listen_timeout_s: float = 6.0
    """After the wake word: give up if nobody speaks for this long."""
    follow_up_s: float = 4.0
    """After a reply: listen this long without the wake word (0 turns it off)."""
    speak: bool = True


@dataclass(frozen=True)
class VoiceTurn:
    transcript: Transcript
    turn: Any
    """The assistant's Turn (None when nothing was recognised)."""
    reason: str
    speech_end_s: float
    latencies_ms: dict[str, float]
    run_id: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "transcript": self.transcript.text,
            "asr": self.transcript.to_dict(),
            "end_reason": self.reason,
            "latency_ms": {k: round(v, 2) for k, v in self.latencies_ms.items()},
            "run_id": self.run_id,
        }
        if self.turn is not None:
            data = self.turn.to_dict()
            out.update(
                {k: data[k] for k in ("intent", "confidence", "slots", "response") if k in data}
            )
        return out


class VoiceLoop:
    def __init__(
        self,
        recognizer: SpeechRecognizer,
        vad: VoiceActivityDetector,
        answerer: Answerer | None,
        *,
        wake: WakeWordDetector | None = None,
        speaker: Speaker | None = None,
        bus: EventBus | None = None,
        config: VoiceConfig | None = None,
        clock: Callable[[], float] = time.perf_counter,
        completeness: Callable[[str], bool] | None = None,
        likely: Callable[[str], bool] | None = None,
        second_pass: SecondPass | None = None,
    ) -> None:
        self.recognizer = recognizer
        self.vad = vad
        self.answerer = answerer
        self.wake = wake
        self.speaker = speaker
        self.bus = bus or EventBus()
        self.config = config or VoiceConfig()
        self.clock = clock
        self.completeness = completeness
        """Judges partial transcripts for adaptive endpointing (see endpointing.py)."""
        self.likely = likely
        """Understood as a request that may go on: the segmenter's middle silence."""
        self.second_pass = second_pass
        self._complete = False
        self._speculated_at: float | None = None
        self._frames = FrameSplitter(vad.frame_samples)
        self._pos = 0  # samples fed so far
        self._stream: RecognitionStream | None = None
        self._run_id = ""
        self._tail_until = 0
        self._tail: list[tuple[bytes, float]] = []
        self._tail_detection = 0
        self._recent: deque[bytes] = deque()
        self._recent_bytes = 0
        self._held: list[bytes] = []
        self._silence_run = 0
        self._barge_in = False
        self.state = VoiceState.IDLE
        self._segmenter = UtteranceSegmenter(self.config.segmenter)
        if wake is None:
            self._listen(follow_up=False)

    # -- public -------------------------------------------------------------------------------
    @property
    def position_s(self) -> float:
        return self._pos / SAMPLE_RATE

    def push_to_talk(self) -> None:
        """Start listening now, as if the wake word had been said."""
        self._interrupt_speech()
        self._listen(follow_up=False)

    def feed(self, chunk: bytes) -> list[VoiceTurn]:
        self._pos += len(chunk) // SAMPLE_WIDTH
        turns: list[VoiceTurn] = []
        if self.state is VoiceState.IDLE or self.state is VoiceState.WAKE_TAIL:
            self._check_wake(chunk)
            if self.state is VoiceState.IDLE or self.state is VoiceState.WAKE_TAIL:
                return turns
            chunk = self._command_start_audio()
            self._tail = []
        return turns + self._process(chunk)

    def _process(self, chunk: bytes) -> list[VoiceTurn]:
        turns: list[VoiceTurn] = []
        for frame in self._frames.push(chunk):
            is_speech = self.vad.speech_probability(frame) >= 0.5
            started = False
            for event in self._segmenter.push(frame, is_speech):
                started = started or isinstance(event, SpeechStarted)
                turn = self._on_segment_event(event)
                if turn is not None:
                    turns.append(turn)
            if self._stream is not None and not started:  # a new stream already has it
                self._to_recognizer(frame, is_speech)
        return turns

    def _to_recognizer(self, frame: bytes, is_speech: bool) -> None:
        """Feed the recogniser, holding back silence beyond ASR_SILENCE_MS: the trailing
        silence that ends an utterance never reaches it (long silences cost accuracy)."""
        assert self._stream is not None
        before = self._silence_run
        if is_speech:
            frames, self._held = [*self._held, frame], []
            self._silence_run = 0
            if before and self._speculated_at is not None and self.second_pass is not None:
                self.second_pass.cancel()  # the words go on
                self._speculated_at = None
        else:
            self._silence_run += len(frame) // SAMPLE_WIDTH
            self._held.append(frame)
            if self._silence_run <= ASR_SILENCE_MS * SAMPLE_RATE // 1000:
                frames, self._held = self._held, []
            else:
                return
        for f in frames:
            partial = self._stream.accept(f)
            if partial:
                self._on_partial(partial)
        final = FINAL_PARTIAL_MS * SAMPLE_RATE // 1000
        if not is_speech and before < final <= self._silence_run:
            partial_now = getattr(self._stream, "partial", None)
            text = partial_now() if callable(partial_now) else None
            if text:
                self._on_partial(text)
            if self.second_pass is not None and not self._complete:
                self.second_pass.speculate(self._segmenter.audio_so_far)
                self._speculated_at = self._segmenter.position_s

    def _on_partial(self, partial: str) -> None:
        self._progress("asr", partial=partial)
        if self.completeness is not None:
            complete = self._complete = self.completeness(partial)
            likely = self.likely is not None and self.likely(partial)
            self._segmenter.set_complete(complete, likely=complete or likely)

    def run(
        self, chunks: Iterable[bytes], stop: Callable[[], bool] | None = None
    ) -> list[VoiceTurn]:
        turns: list[VoiceTurn] = []
        for chunk in chunks:
            turns.extend(self.feed(chunk))
            if stop is not None and stop():
                break
        turns.extend(self.flush())
        return turns

    def flush(self) -> list[VoiceTurn]:
        """End of input: finish an utterance that is still open (e.g. a file without silence)."""
        if self.state in (VoiceState.LISTENING, VoiceState.FOLLOW_UP) and self._stream is not None:
            end = SpeechEnded(
                "end_of_input",
                self.position_s,
                self.position_s,
                self._segmenter.audio_so_far,
            )
            turn = self._on_segment_event(end)
            return [turn] if turn is not None else []
        return []

    # -- internals ----------------------------------------------------------------------------
    def _check_wake(self, chunk: bytes) -> None:
        assert self.wake is not None
        if self.state is VoiceState.IDLE:
            self._recent.append(chunk)
            self._recent_bytes += len(chunk)
            while self._recent_bytes - len(self._recent[0]) >= WAKE_LOOKBACK_BYTES:
                self._recent_bytes -= len(self._recent.popleft())
            hit = self.wake.process(chunk)
            if hit is None:
                return
            self._run_id = uuid.uuid4().hex[:12]
            self._progress("wake", wake_word=hit.wake_word, score=round(hit.score, 4))
            self._interrupt_speech()
            self.state = VoiceState.WAKE_TAIL
            self._tail_until = self._pos + int(WAKE_TAIL_MAX_S * SAMPLE_RATE)
            self._tail = [(c, 1.0) for c in self._recent]
            late = int(hit.verified_after_s * SAMPLE_RATE) * SAMPLE_WIDTH
            self._tail_detection = max(0, self._recent_bytes - late)
            self._recent.clear()
            self._recent_bytes = 0
            return
        # WAKE_TAIL: the model may fire before the wake word ends; its score stays high while
        # the word goes on. Keep the audio until the score falls (or 1 s), then cut it.
        self.wake.process(chunk)
        score = self.wake.last_score
        self._tail.append((chunk, score))
        cutoff = getattr(self.wake, "cutoff", 0.5)
        if score < cutoff or self._pos >= self._tail_until:
            self._listen(follow_up=False)

    def _command_start_audio(self) -> bytes:
        """The audio after the wake word.

        The detector fires anywhere from ~0.4 s before the wake word ends to just after it,
        so the end is found with the VAD instead: the first pause (>= 50 ms) that starts no
        earlier than 0.25 s before the detection. Without a pause: from the detection on.
        """
        audio = b"".join(c for c, _ in self._tail)
        earliest = max(0, self._tail_detection - int(0.25 * SAMPLE_RATE) * SAMPLE_WIDTH)
        need = int(0.05 * SAMPLE_RATE) * SAMPLE_WIDTH
        splitter = FrameSplitter(self.vad.frame_samples)
        offset, pause_start, pause_len = 0, -1, 0
        found = -1
        for frame in splitter.push(audio):
            silent = self.vad.speech_probability(frame) < 0.5
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
        self.vad.reset()
        return audio[found:] if found >= 0 else audio[self._tail_detection :]

    def _listen(self, follow_up: bool) -> None:
        timeout = self.config.follow_up_s if follow_up else self.config.listen_timeout_s
        if self.wake is None and not follow_up:
            timeout_opt: float | None = None
        else:
            timeout_opt = timeout
        self._segmenter = UtteranceSegmenter(
            replace(self.config.segmenter, start_timeout_s=timeout_opt)
        )
        self._frames.reset()
        self.vad.reset()
        self._stream = None
        self._held = []
        self._silence_run = 0
        self._barge_in = False
        if not self._run_id:
            self._run_id = uuid.uuid4().hex[:12]
        self._set_state(VoiceState.FOLLOW_UP if follow_up else VoiceState.LISTENING)

    def _on_segment_event(self, event: SpeechStarted | SpeechEnded) -> VoiceTurn | None:
        if isinstance(event, SpeechStarted):
            self._stream = self.recognizer.stream("command")
            self._complete = False
            self._emit(EventType.START, "asr")
            # Catch the recogniser up on the pre-roll and speech so far.
            audio = self._segmenter.audio_so_far
            for i in range(0, len(audio), 3200):
                partial = self._stream.accept(audio[i : i + 3200])
                if partial:
                    self._on_partial(partial)
            return None
        if event.reason == "timeout" or self._stream is None:
            self._idle()
            return None
        t0 = self.clock()
        transcript = self._stream.finish()
        self._stream = None
        latencies: dict[str, float] = {}
        if self.second_pass is not None and event.audio:
            t_pass = self.clock()
            transcript = self.second_pass.choose(transcript, event.audio)
            latencies["second_pass"] = (self.clock() - t_pass) * 1000
            if self._speculated_at is not None:  # audio time it had before the end
                latencies["second_pass_head_start"] = (event.at_s - self._speculated_at) * 1000
        self._speculated_at = None
        self._complete = False
        asr_ms = (self.clock() - t0) * 1000
        self._emit(
            EventType.END,
            "asr",
            latency_ms=asr_ms,
            data={"text": transcript.text, "confidence": transcript.confidence},
        )
        latencies.update(
            {"asr_final": asr_ms, "endpoint_wait": (event.at_s - event.speech_end_s) * 1000}
        )
        if self.speaker is not None and self.speaker.speaking:
            return self._maybe_barge_in(transcript, event, latencies)
        turn = None
        if not transcript.is_empty and self.answerer is not None:
            t1 = self.clock()
            turn = self.answerer.ask(transcript.text, source="voice")
            latencies["assistant"] = (self.clock() - t1) * 1000
            latencies.update(
                {f"assistant.{k}": v for k, v in getattr(turn, "latencies_ms", {}).items()}
            )
        latencies["processing"] = (self.clock() - t0) * 1000
        latencies["end_of_speech_to_response"] = (
            latencies["processing"] + latencies["endpoint_wait"]
        )
        result = VoiceTurn(
            transcript, turn, event.reason, event.speech_end_s, latencies, self._run_id
        )
        self._notice({"turn": result.to_dict()})
        if turn is not None and self.speaker is not None and self.config.speak:
            text = getattr(getattr(turn, "response", None), "text", "")
            if text:
                t2 = self.clock()
                self.speaker.say(text)
                latencies["tts_start"] = (self.clock() - t2) * 1000
        self._run_id = ""
        if turn is not None and self.config.follow_up_s > 0:
            self._listen(follow_up=True)
        elif self.wake is None:
            self._listen(follow_up=False)
        else:
            self._idle()
        return result

    def _notice(self, data: dict[str, Any]) -> None:
        self.bus.emit(
            PipelineEvent(EventType.NOTICE, "voice", time.time(), run_id=self._run_id, data=data)
        )

    def _maybe_barge_in(
        self, transcript: Transcript, event: SpeechEnded, latencies: dict[str, float]
    ) -> VoiceTurn | None:
        words = set(transcript.text.split())
        if words & STOP_WORDS:
            self._interrupt_speech()
            self._notice({"barge_in": True})
            self._barge_in = True
        # Anything else heard while speaking is most likely the reply itself: ignore it.
        self._listen(follow_up=True)
        return None

    def _interrupt_speech(self) -> None:
        if self.speaker is not None and self.speaker.speaking:
            self.speaker.stop()

    def _idle(self) -> None:
        self._stream = None
        self._run_id = ""
        if self.wake is None:
            self._listen(follow_up=False)
            return
        self._set_state(VoiceState.IDLE)

    def _set_state(self, state: VoiceState) -> None:
        if state is not self.state:
            self.state = state
            self._progress("voice", state=state.value)

    def _progress(self, stage: str, **data: Any) -> None:
        self.bus.emit(
            PipelineEvent(EventType.PROGRESS, stage, time.time(), run_id=self._run_id, data=data)
        )

    def _emit(
        self,
        kind: EventType,
        stage: str,
        latency_ms: float | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.bus.emit(
            PipelineEvent(
                kind,
                stage,
                time.time(),
                run_id=self._run_id,
                latency_ms=latency_ms,
                data=data or {},
            )
        )
