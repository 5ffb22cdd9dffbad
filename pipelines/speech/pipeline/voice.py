"""The voice loop: audio -> wake word -> utterance -> speech recognition -> assistant -> reply.

Push-driven and deterministic: :meth:`VoiceLoop.feed` takes one 16 kHz s16le chunk and returns
the turns it completed, so tests drive it with files and the microphone drives it live through
:meth:`VoiceLoop.run` (the same :class:`~pipelines.audio.source.AudioSource` path for both).

Its events on ``app.bus`` are listed in voice_events.py.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from types import TracebackType

from ...audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ...audio.segmenter import SpeechEnded, SpeechStarted, UtteranceSegmenter
from ...audio.vad import FrameSplitter, VoiceActivityDetector
from ...audio.wake import WakeWordDetector
from ...core.errors import StageProcessError
from ...core.events import EventBus, EventType
from ..asr.base import SpeechRecognizer, Transcript
from .utterance_recognition import UtteranceRecognition
from .voice_events import VoiceEvents
from .voice_turns import answer, say_reply
from .voice_types import Answerer, SecondPass, Speaker, VoiceConfig, VoiceState, VoiceTurn
from .wake_gate import WakeGate

__all__ = ["SecondPass", "VoiceConfig", "VoiceLoop", "VoiceState", "VoiceTurn"]

STOP_WORDS = frozenset({"stop", "quiet", "enough", "cancel", "shut", "silence", "pause"})


class VoiceLoop:
    """The loop takes over its wake-word detector and its second pass (both built for it,
    see session.create_voice_loop): :meth:`close` (or ``with``) releases them. The
    recogniser, VAD, answerer and speaker stay the caller's."""

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
        self._frames = FrameSplitter(vad.frame_samples)
        self._pos = 0  # samples fed so far
        self._events = VoiceEvents(self.bus)
        self._asr = UtteranceRecognition(
            recognizer,
            self._events,
            completeness=completeness,
            likely=likely,
            second_pass=second_pass,
        )
        self._gate = WakeGate(wake) if wake is not None else None
        self._closed = False
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
        self._listen(follow_up=False, realign=True)

    def feed(self, chunk: bytes) -> list[VoiceTurn]:
        self._check_open()
        self._pos += len(chunk) // SAMPLE_WIDTH
        turns: list[VoiceTurn] = []
        if self.state is VoiceState.IDLE or self.state is VoiceState.WAKE_TAIL:
            self._check_wake(chunk)
            if self.state is VoiceState.IDLE or self.state is VoiceState.WAKE_TAIL:
                return turns
            assert self._gate is not None
            chunk = self._gate.command_audio(self.vad)
        return turns + self._process(chunk)

    def close(self) -> None:
        """Release what the loop owns: the second pass's worker thread and the wake-word
        model. Idempotent; the loop takes no more audio afterwards."""
        if self._closed:
            return
        self._closed = True
        self._asr.stream = None
        if self.second_pass is not None:
            self.second_pass.close()
        if self._gate is not None:
            self._gate.close()

    def __enter__(self) -> VoiceLoop:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StageProcessError("The voice loop was closed: create a new one to listen.")

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
            if self._asr.stream is not None and not started:  # a new stream already has it
                self._asr.push(frame, is_speech)
        return turns

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
        self._check_open()
        if (
            self.state in (VoiceState.LISTENING, VoiceState.FOLLOW_UP)
            and self._asr.stream is not None
        ):
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
        assert self._gate is not None
        if self.state is VoiceState.WAKE_TAIL:
            if self._gate.tail_ended(chunk, self._pos):
                self._listen(follow_up=False, realign=True)  # the gate hands over new audio
            return
        hit = self._gate.listen(chunk, self._pos)
        if hit is not None:
            self._events.run_id = uuid.uuid4().hex[:12]
            self._events.progress("wake", wake_word=hit.wake_word, score=round(hit.score, 4))
            self._interrupt_speech()
            self.state = VoiceState.WAKE_TAIL

    def _listen(self, follow_up: bool, realign: bool = False) -> None:
        """Listen for the next utterance. The frame grid of the audio stream stays as it is
        (``realign`` only when the audio that follows is not the stream's continuation, as
        after the wake gate): restarting it at a turn's end would make the next utterance's
        frames, and so its turns, depend on how the audio happened to be chunked."""
        timeout = self.config.follow_up_s if follow_up else self.config.listen_timeout_s
        if self.wake is None and not follow_up:
            timeout_opt: float | None = None
        else:
            timeout_opt = timeout
        self._segmenter = UtteranceSegmenter(
            replace(self.config.segmenter, start_timeout_s=timeout_opt)
        )
        if realign:
            self._frames.reset()
        self.vad.reset()
        self._asr.reset()
        self._barge_in = False
        if not self._events.run_id:
            self._events.run_id = uuid.uuid4().hex[:12]
        self._set_state(VoiceState.FOLLOW_UP if follow_up else VoiceState.LISTENING)

    def _on_segment_event(self, event: SpeechStarted | SpeechEnded) -> VoiceTurn | None:
        if isinstance(event, SpeechStarted):
            self._asr.start(self._segmenter)
            return None
        if event.reason == "timeout" or self._asr.stream is None:
            self._idle()
            return None
        t0 = self.clock()
        transcript, latencies = self._asr.finish(event, self.clock)
        asr_ms = (self.clock() - t0) * 1000
        self._events.emit(
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
        turn, answer_ms = answer(self.answerer, transcript, self.clock)
        latencies.update(answer_ms)
        latencies["processing"] = (self.clock() - t0) * 1000
        latencies["end_of_speech_to_response"] = (
            latencies["processing"] + latencies["endpoint_wait"]
        )
        result = VoiceTurn(
            transcript, turn, event.reason, event.speech_end_s, latencies, self._events.run_id
        )
        self._events.notice({"turn": result.to_dict()})
        if turn is not None and self.speaker is not None and self.config.speak:
            tts_ms = say_reply(self.speaker, turn, self.clock)
            if tts_ms is not None:
                latencies["tts_start"] = tts_ms  # also in the VoiceTurn returned
        self._events.run_id = ""
        if turn is not None and self.config.follow_up_s > 0:
            self._listen(follow_up=True)
        elif self.wake is None:
            self._listen(follow_up=False)
        else:
            self._idle()
        return result

    def _maybe_barge_in(
        self, transcript: Transcript, event: SpeechEnded, latencies: dict[str, float]
    ) -> VoiceTurn | None:
        words = set(transcript.text.split())
        if words & STOP_WORDS:
            self._interrupt_speech()
            self._events.notice({"barge_in": True})
            self._barge_in = True
        # Anything else heard while speaking is most likely the reply itself: ignore it.
        self._listen(follow_up=True)
        return None

    def _interrupt_speech(self) -> None:
        if self.speaker is not None and self.speaker.speaking:
            self.speaker.stop()

    def _idle(self) -> None:
        self._asr.stream = None
        self._events.run_id = ""
        if self.wake is None:
            self._listen(follow_up=False)
            return
        self._set_state(VoiceState.IDLE)

    def _set_state(self, state: VoiceState) -> None:
        if state is not self.state:
            self.state = state
            self._events.progress("voice", state=state.value)
