"""The voice pipeline: audio -> wake -> asr -> understand -> act -> tts, one run per spoken turn.

Built like Home Assistant's assist pipeline on :mod:`pipelines.core.runner`: each spoken turn
is one :class:`~pipelines.core.runner.PipelineRun` of the assistant's pipeline (one
``run_id``), and every stage emits START, then END with a typed payload
(:mod:`pipelines.core.events`: ``WakeEnd``, ``AsrEnd``, ``UnderstandEnd``, ``ActEnd``,
``TtsEnd``) or ERROR with a stable code, on ``app.bus``. A turn after the wake word enters at
"wake"; without a wake word (``listen --no-wake``, push-to-talk, the follow-up window) at
"asr"; a typed question enters the same pipeline at "understand" (``Assistant.ask``). A
failing stage ends its run with an ERROR event and the pipeline listens on.

Push-driven and deterministic: :meth:`VoicePipeline.feed` takes one 16 kHz s16le chunk and
returns the turns it completed, so tests drive it with files and the microphone drives it live
through :meth:`VoicePipeline.run` (the same :class:`~pipelines.audio.source.AudioSource`
path for both). Besides the stage events it emits PROGRESS ``"voice"`` ``{"state"}`` on each
state change, PROGRESS ``"wake"`` ``{"wake_word", "score"}``, PROGRESS ``"asr"``
``{"partial"}`` while the user speaks, and NOTICE ``"voice"`` ``{"turn": VoiceTurn.to_dict()}``
after each turn (``{"barge_in": true}`` when "stop" interrupted a reply). Transcripts travel
only in events (in memory), never into the privacy ledger.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from types import TracebackType
from typing import Any

from ...audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ...audio.segmenter import SpeechEnded, SpeechStarted, UtteranceSegmenter
from ...audio.vad import FrameSplitter, VoiceActivityDetector, quiet_samples_behind
from ...audio.wake import WakeWordDetector
from ...core.errors import StageProcessError
from ...core.events import AsrEnd, EventBus
from ...core.runner import Pipeline, RunRecord
from ..asr.base import SpeechRecognizer, Transcript
from .turn_runs import TurnRuns
from .utterance_recognition import UtteranceRecognition
from .voice_turns import answer, speak
from .voice_types import Answerer, SecondPass, Speaker, VoiceConfig, VoiceState, VoiceTurn
from .wake_gate import WakeGate

__all__ = ["SecondPass", "VoiceConfig", "VoicePipeline", "VoiceState", "VoiceTurn"]

STOP_WORDS = frozenset({"stop", "quiet", "enough", "cancel", "shut", "silence", "pause"})


class VoicePipeline:
    """The pipeline takes over its wake-word detector and its second pass (both built for it,
    see session.create_voice_pipeline): :meth:`close` (or ``with``) releases them. The
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
        own: Any = getattr(answerer, "pipeline", None)
        self.pipeline: Pipeline = (
            own if isinstance(own, Pipeline) else Pipeline("voice", [], self.bus)
        )
        """Whose runs the spoken turns are: the assistant's (text turns share its history)."""
        self._runs = TurnRuns(self.pipeline, self.bus)
        self._frames = FrameSplitter(vad.frame_samples)
        self._pos = 0  # samples fed so far
        self._framed = 0  # samples of them the VAD has classified (whole frames)
        self._origin = 0  # where in those the current segmenter began
        self._asr = UtteranceRecognition(
            recognizer,
            self._runs.progress,
            self._runs.asr_started,
            completeness=completeness,
            likely=likely,
            second_pass=second_pass,
        )
        self._gate = WakeGate(wake) if wake is not None else None
        self._closed = False
        self.self_adaptation: Any = None
        """Learns accepted commands' words (adaptation/self_adaptation.py), or None."""
        self.on_close: list[Callable[[], None]] = []
        """Run once by :meth:`close` (self-adaptation's last accepted turn, see session.py)."""
        self.state = VoiceState.IDLE
        self._segmenter = UtteranceSegmenter(self.config.segmenter)
        if wake is None:
            self._listen(follow_up=False)

    @property
    def position_s(self) -> float:
        return self._pos / SAMPLE_RATE

    @property
    def history(self) -> deque[RunRecord]:
        """The last runs (capped): spoken and typed turns alike."""
        return self.pipeline.history

    def push_to_talk(self) -> None:
        """Start listening now, as if the wake word had been said."""
        self._interrupt_speech()
        self._runs.end()
        self._listen(follow_up=False, realign=True)

    def feed(self, chunk: bytes) -> list[VoiceTurn]:
        self._check_open()
        self._pos += len(chunk) // SAMPLE_WIDTH
        if self.state is VoiceState.IDLE or self.state is VoiceState.WAKE_TAIL:
            self._check_wake(chunk)
            if self.state is VoiceState.IDLE or self.state is VoiceState.WAKE_TAIL:
                return []
            assert self._gate is not None
            chunk = self._gate.command_audio(self.vad)
        return self._process(chunk)

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
        listening = self.state in (VoiceState.LISTENING, VoiceState.FOLLOW_UP)
        if not listening or self._asr.stream is None:
            return []
        at, audio = self._segmenter.position_s, self._segmenter.audio_so_far
        turn = self._on_segment_event(SpeechEnded("end_of_input", at, at, audio))
        return [turn] if turn is not None else []

    def close(self) -> None:
        """Release what the pipeline owns: the second pass's worker thread and the wake-word
        model; an open run ends. Idempotent; it takes no more audio afterwards."""
        if self._closed:
            return
        self._closed = True
        for hook in self.on_close:
            hook()
        self._asr.stream = None
        self._runs.end()
        if self.second_pass is not None:
            self.second_pass.close()
        if self._gate is not None:
            self._gate.close()

    def __enter__(self) -> VoicePipeline:
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
            raise StageProcessError("The voice pipeline was closed: create a new one to listen.")

    # -- audio --------------------------------------------------------------------------------
    def _process(self, chunk: bytes) -> list[VoiceTurn]:
        turns: list[VoiceTurn] = []
        for frame in self._frames.push(chunk):
            self._framed += len(frame) // SAMPLE_WIDTH
            is_speech = self.vad.speech_probability(frame) >= 0.5
            quiet = quiet_samples_behind(self.vad)  # a noise learnt late: silence since it began
            started = False
            for event in self._segmenter.push(frame, is_speech, quiet):
                started = started or isinstance(event, SpeechStarted)
                turn = self._on_segment_event(event)
                if turn is not None:
                    turns.append(turn)
            if self._asr.stream is not None and not started:  # a new stream already has it
                self._asr.push(frame, is_speech, min(quiet, self._segmenter.silence_samples))
        return turns

    def _check_wake(self, chunk: bytes) -> None:
        assert self._gate is not None
        if self.state is VoiceState.WAKE_TAIL:
            if self._gate.tail_ended(chunk, self._pos):
                self._runs.wake_ended()
                self._listen(follow_up=False, realign=True)  # the gate hands over new audio
            return
        hit = self._gate.listen(chunk, self._pos)
        if hit is not None:
            self._runs.wake_heard(hit)
            self._interrupt_speech()
            self.state = VoiceState.WAKE_TAIL

    def _listen(self, follow_up: bool, realign: bool = False) -> None:
        """Listen for the next utterance. The frame grid of the audio stream stays as it is
        (``realign`` only when the audio that follows is not the stream's continuation, as
        after the wake gate): restarting it at a turn's end would make the next utterance's
        frames, and so its turns, depend on how the audio happened to be chunked."""
        timeout = self.config.follow_up_s if follow_up else self.config.listen_timeout_s
        timeout_opt = None if self.wake is None and not follow_up else timeout
        self._segmenter = UtteranceSegmenter(
            replace(self.config.segmenter, start_timeout_s=timeout_opt)
        )
        self._origin = self._framed
        if realign:
            self._frames.reset()
        self.vad.reset()
        self._asr.reset()
        self._set_state(VoiceState.FOLLOW_UP if follow_up else VoiceState.LISTENING)

    def _on_segment_event(self, event: SpeechStarted | SpeechEnded) -> VoiceTurn | None:
        if isinstance(event, SpeechStarted):
            self._asr.start(self._segmenter)
            return None
        if event.reason == "timeout" or self._asr.stream is None:
            self._runs.nothing_said()
            self._idle()
            return None
        run = self._runs.current
        assert run is not None  # begun when the speech started
        t0 = self.clock()
        try:
            transcript, latencies = self._asr.finish(event, self.clock)
        except Exception as exc:  # a failing recogniser ends this turn, not the listening
            return self._done(VoiceTurn.failed(run.fail("asr", exc), event, run.run_id), None)
        asr_ms = (self.clock() - t0) * 1000
        payload = AsrEnd(transcript.text, transcript.confidence, transcript.engine, event.reason)
        run.end("asr", payload, latency_ms=asr_ms)
        latencies.update(
            {"asr_final": asr_ms, "endpoint_wait": (event.at_s - event.speech_end_s) * 1000}
        )
        if self.speaker is not None and self.speaker.speaking:
            self._barge_in(transcript)
            return None
        intent = self.second_pass.chosen_intent(transcript.text) if self.second_pass else None
        turn, error = answer(run, self.answerer, transcript, intent, latencies, self.clock)
        latencies["processing"] = (self.clock() - t0) * 1000
        latencies["end_of_speech_to_response"] = (
            latencies["processing"]
            + latencies["endpoint_wait"]
            + latencies.get("second_pass_before_end", 0.0)  # the loop waited for Whisper
        )
        if turn is not None and self.speaker is not None and self.config.speak:
            error = speak(run, self.speaker, turn, latencies, self.clock)
        ended_at = self._origin / SAMPLE_RATE + event.at_s
        result = VoiceTurn(transcript, turn, event.reason, event.speech_end_s, latencies,
                           run.run_id, error, ended_at)  # fmt: skip
        return self._done(result, turn)

    def _done(self, result: VoiceTurn, turn: Any) -> VoiceTurn:
        """The turn is over: its run ends, the GUI hears of it, listening goes on."""
        self._runs.end()
        self._runs.notice(result.run_id, turn=result.to_dict())
        if turn is not None and self.config.follow_up_s > 0:
            self._listen(follow_up=True)
        elif self.wake is None:
            self._listen(follow_up=False)
        else:
            self._idle()
        return result

    def _barge_in(self, transcript: Transcript) -> None:
        """Heard while it speaks: "stop" interrupts; anything else is most likely the reply
        itself, and is ignored."""
        run_id = self._runs.run_id
        self._runs.end()
        if set(transcript.text.split()) & STOP_WORDS:
            self._interrupt_speech()
            self._runs.notice(run_id, barge_in=True)
        self._listen(follow_up=True)

    def _interrupt_speech(self) -> None:
        if self.speaker is not None and self.speaker.speaking:
            self.speaker.stop()

    def _idle(self) -> None:
        self._asr.stream = None
        self._runs.end()
        if self.wake is None:
            self._listen(follow_up=False)
            return
        self._set_state(VoiceState.IDLE)

    def _set_state(self, state: VoiceState) -> None:
        if state is not self.state:
            self.state = state
            self._runs.progress("voice", state=state.value)
