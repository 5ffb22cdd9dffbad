"""The voice loop with a fake recogniser/assistant/speaker (fast), fed real audio chunks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from pipelines.audio.segmenter import SegmenterConfig
from pipelines.audio.vad import EnergyVad
from pipelines.core.events import EventBus, EventType, PipelineEvent
from pipelines.speech.asr.base import Transcript
from pipelines.speech.pipeline.voice import VoiceConfig, VoicePipeline, VoiceState

from .conftest import silence


class FakeStream:
    def __init__(self, owner: FakeRecognizer) -> None:
        self.owner = owner
        self.bytes = 0

    def accept(self, pcm: bytes) -> str | None:
        self.bytes += len(pcm)
        return "partial" if self.bytes >= 6400 and self.bytes - len(pcm) < 6400 else None

    def finish(self) -> Transcript:
        text = self.owner.texts.pop(0) if self.owner.texts else ""
        return Transcript(text, confidence=0.9, engine="fake", audio_s=self.bytes / 32000)


@dataclass
class FakeRecognizer:
    texts: list[str]
    name: str = "fake"

    def prepare(self) -> None:
        return None

    def stream(self, mode: str = "command") -> FakeStream:
        return FakeStream(self)


@dataclass
class FakeTurn:
    text: str
    latencies_ms: dict[str, float] = field(default_factory=lambda: {"understand": 1.0})

    @property
    def response(self) -> Any:
        return type("R", (), {"text": f"you said {self.text}"})()

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": "echo",
            "confidence": 1.0,
            "slots": {},
            "response": f"you said {self.text}",
        }


class FakeAssistant:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def ask(
        self, text: str, *, source: str = "text", intent: Any = None, run: Any = None
    ) -> FakeTurn:
        assert source == "voice" and run is not None  # the stages run in the turn's run
        self.asked.append(text)
        return FakeTurn(text)


class FakeSpeaker:
    def __init__(self) -> None:
        self.said: list[str] = []
        self.speaking = False
        self.stopped = 0

    def say(self, text: str) -> None:
        self.said.append(text)
        self.speaking = True

    def stop(self) -> None:
        self.stopped += 1
        self.speaking = False


def tone(seconds: float) -> bytes:
    import numpy as np

    t = np.arange(int(16000 * seconds)) / 16000
    return (np.sin(2 * np.pi * 220 * t) * 6000).astype("<i2").tobytes()


def feed(loop: VoicePipeline, pcm: bytes) -> list[Any]:
    turns = []
    for i in range(0, len(pcm), 320):
        turns += loop.feed(pcm[i : i + 320])
    return turns


def make_loop(
    texts: list[str], **kwargs: Any
) -> tuple[VoicePipeline, FakeAssistant, list[PipelineEvent]]:
    bus = EventBus()
    events: list[PipelineEvent] = []
    bus.subscribe(events.append)
    assistant = FakeAssistant()
    config = VoiceConfig(
        SegmenterConfig(trailing_silence_ms=300), follow_up_s=kwargs.pop("follow_up_s", 2.0)
    )
    loop = VoicePipeline(
        FakeRecognizer(texts), EnergyVad(), assistant, bus=bus, config=config, **kwargs
    )
    return loop, assistant, events


def test_without_wake_word_every_utterance_is_a_turn() -> None:
    loop, assistant, events = make_loop(["what time is it", "thanks"])
    turns = feed(loop, silence(0.5) + tone(1.0) + silence(0.6) + tone(0.8) + silence(0.6))
    assert [t.transcript.text for t in turns] == ["what time is it", "thanks"]
    assert assistant.asked == ["what time is it", "thanks"]
    first = turns[0]
    assert first.speech_end_s == pytest.approx(1.5, abs=0.05)
    assert first.latencies_ms["endpoint_wait"] == pytest.approx(300, abs=40)
    assert {"asr_final", "assistant", "processing", "end_of_speech_to_response"} <= set(
        first.latencies_ms
    )
    partials = [e for e in events if e.stage == "asr" and e.type is EventType.PROGRESS]
    assert partials and partials[0].data["partial"] == "partial"
    assert any(
        e.type is EventType.END and e.stage == "asr" and e.latency_ms is not None for e in events
    )


class ScriptedWake:
    """Fires at a given sample position; the score then falls after ``tail_s``."""

    name = "scripted"
    phrase = "hey test"
    cutoff = 0.5

    def __init__(self, at_s: float, tail_s: float = 0.3) -> None:
        self.at = int(at_s * 16000)
        self.tail = int(tail_s * 16000)
        self.pos = 0
        self.fired = False
        self.last_score = 0.0

    def process(self, chunk: bytes) -> Any:
        self.pos += len(chunk) // 2
        self.last_score = 0.9 if self.at <= self.pos < self.at + self.tail else 0.0
        if self.pos >= self.at and not self.fired:
            self.fired = True
            from pipelines.audio.wake import WakeDetection

            return WakeDetection(self.name, 0.9, self.pos / 16000)
        return None

    def reset(self) -> None:
        return None


def test_wake_word_then_command_then_follow_up_without_wake_word() -> None:
    speaker = FakeSpeaker()
    loop, assistant, events = make_loop(
        ["set a timer", "make it ten minutes"], wake=ScriptedWake(1.0), speaker=speaker
    )
    assert loop.state is VoiceState.IDLE
    feed(loop, tone(0.8))  # speech before the wake word is ignored
    assert assistant.asked == []
    turns = feed(loop, silence(0.5) + tone(1.0) + silence(0.5))
    assert [t.transcript.text for t in turns] == ["set a timer"]
    assert speaker.said == ["you said set a timer"]
    assert loop.state is VoiceState.FOLLOW_UP
    speaker.speaking = False
    turns = feed(loop, silence(0.3) + tone(0.7) + silence(0.5))
    assert [t.transcript.text for t in turns] == ["make it ten minutes"]
    wake_events = [e.type for e in events if e.stage == "wake"]
    assert wake_events == [EventType.START, EventType.PROGRESS, EventType.END]
    # the follow-up is a turn of its own, entered at "asr" (no wake word)
    runs = [e.run_id for e in events if e.type is EventType.RUN_START]
    assert len(runs) == 2 and [t.run_id for t in turns] == runs[1:]
    states = [
        e.data["state"] for e in events if e.stage == "voice" and e.type is EventType.PROGRESS
    ]
    assert states[:2] == ["listening", "follow_up"]


def test_silence_after_the_wake_word_times_out_back_to_idle() -> None:
    loop, assistant, _ = make_loop([], wake=ScriptedWake(0.2))
    feed(loop, silence(0.6))
    assert loop.state is VoiceState.LISTENING
    feed(loop, silence(7.0))
    assert loop.state is VoiceState.IDLE and assistant.asked == []


def test_follow_up_window_closes() -> None:
    loop, _, _ = make_loop(["hello"], wake=ScriptedWake(0.1), follow_up_s=1.0)
    feed(loop, silence(0.5) + tone(0.6) + silence(0.5))
    assert loop.state is VoiceState.FOLLOW_UP
    feed(loop, silence(1.5))
    assert loop.state is VoiceState.IDLE


def test_saying_stop_while_it_speaks_interrupts_the_reply() -> None:
    speaker = FakeSpeaker()
    loop, assistant, events = make_loop(["tell me a long story", "stop"], speaker=speaker)
    feed(loop, silence(0.3) + tone(0.8) + silence(0.5))
    assert speaker.speaking
    feed(loop, tone(0.5) + silence(0.5))
    assert speaker.stopped == 1 and not speaker.speaking
    assert assistant.asked == ["tell me a long story"]  # "stop" was a barge-in, not a question
    assert any(e.data.get("barge_in") for e in events if e.type is EventType.NOTICE)


def test_other_words_while_speaking_do_not_interrupt() -> None:
    speaker = FakeSpeaker()
    loop, assistant, _ = make_loop(["hello", "you said hello"], speaker=speaker)
    feed(loop, silence(0.3) + tone(0.8) + silence(0.5))
    feed(loop, tone(0.5) + silence(0.5))
    assert speaker.stopped == 0 and assistant.asked == ["hello"]


def test_push_to_talk_listens_without_wake_word() -> None:
    loop, _, _ = make_loop(["lights on"], wake=ScriptedWake(99.0))
    loop.push_to_talk()
    turns = feed(loop, tone(0.6) + silence(0.5))
    assert [t.transcript.text for t in turns] == ["lights on"]


def test_flush_finishes_an_utterance_cut_off_by_the_end_of_the_file() -> None:
    loop, assistant, _ = make_loop(["add eggs"])
    feed(loop, silence(0.2) + tone(0.8))
    turns = loop.flush()
    assert [t.reason for t in turns] == ["end_of_input"] and assistant.asked == ["add eggs"]


def test_speaker_can_be_interrupted(say: Callable[..., bytes]) -> None:
    from pipelines.speech.tts.speaker import EspeakSpeaker, RecordingOutput

    output = RecordingOutput(realtime=True)
    done: list[bool] = []
    speaker = EspeakSpeaker(output=output, on_done=lambda text, finished: done.append(finished))
    job = speaker.say("This is a rather long answer that nobody wants to hear to the end.")
    assert speaker.speaking
    time.sleep(0.6)  # synthesis done, playback under way (real-time pace)
    speaker.stop()
    assert job.wait(2.0) and done == [False] and not speaker.speaking
    full = len(say("This is a rather long answer that nobody wants to hear to the end."))
    assert sum(len(p) for p in output.played) < full


class SilentStream(FakeStream):
    """Never volunteers a partial; ``partial()`` gives the words so far when asked."""

    def __init__(self, owner: FakeRecognizer, text: str) -> None:
        super().__init__(owner)
        self.text = text
        self.asked = 0

    def accept(self, pcm: bytes) -> str | None:
        self.bytes += len(pcm)
        return None

    def partial(self) -> str | None:
        self.asked += 1
        return self.text


@dataclass
class AskedRecognizer(FakeRecognizer):
    streams: list[SilentStream] = field(default_factory=list)

    def stream(self, mode: str = "command") -> SilentStream:
        self.streams.append(SilentStream(self, self.texts[0]))
        return self.streams[-1]


def endpointing_loop(
    text: str, complete: bool, likely: bool
) -> tuple[VoicePipeline, AskedRecognizer]:
    recognizer = AskedRecognizer([text])
    config = VoiceConfig(
        SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=200, likely_silence_ms=400)
    )
    loop = VoicePipeline(
        recognizer,
        EnergyVad(),
        FakeAssistant(),
        config=config,
        completeness=lambda words: complete and words == text,
        likely=lambda words: likely and words == text,
    )
    return loop, recognizer


@pytest.mark.parametrize(
    ("complete", "likely", "reason", "wait_ms"),
    [(True, True, "complete", 200), (False, True, "likely", 400), (False, False, "silence", 700)],
)
def test_the_words_heard_when_speech_pauses_choose_the_silence(
    complete: bool, likely: bool, reason: str, wait_ms: int
) -> None:
    loop, recognizer = endpointing_loop("what time is it", complete, likely)
    [turn] = feed(loop, silence(0.5) + tone(1.0) + silence(1.0))
    assert turn.reason == reason
    assert turn.latencies_ms["endpoint_wait"] == pytest.approx(wait_ms, abs=40)
    # the recogniser was asked for the words once speech paused (not only every 300 ms)
    assert recognizer.streams[0].asked == 1


class RecordingSecondPass:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def speculate(self, pcm: bytes) -> None:
        self.calls.append(f"speculate {len(pcm) // 32} ms")

    def cancel(self) -> None:
        self.calls.append("cancel")

    def choose(self, transcript: Transcript, pcm: bytes) -> Transcript:
        self.calls.append("choose")
        return Transcript("second opinion", engine="other")

    def chosen_intent(self, text: str) -> None:
        return None


def test_a_second_pass_starts_at_each_pause_and_decides_at_the_end() -> None:
    second = RecordingSecondPass()
    loop = VoicePipeline(
        AskedRecognizer(["set a timer"]),
        EnergyVad(),
        FakeAssistant(),
        config=VoiceConfig(SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=200)),
        completeness=lambda words: False,
        second_pass=second,
    )
    [turn] = feed(loop, silence(0.5) + tone(1.0) + silence(0.3) + tone(0.5) + silence(1.0))
    assert [c.split()[0] for c in second.calls] == ["speculate", "cancel", "speculate", "choose"]
    first, again = (int(c.split()[1]) for c in second.calls if c.startswith("speculate"))
    assert again > first + 700  # the second pass hears the words that came after the pause
    assert turn.transcript.text == "second opinion"
    assert turn.latencies_ms["second_pass_head_start"] == pytest.approx(610, abs=40)


def test_whisper_reads_even_a_command_already_complete_at_the_pause() -> None:
    second = RecordingSecondPass()
    loop = VoicePipeline(
        AskedRecognizer(["what time is it"]),
        EnergyVad(),
        FakeAssistant(),
        config=VoiceConfig(SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=200)),
        completeness=lambda words: True,
        second_pass=second,
    )
    [turn] = feed(loop, silence(0.5) + tone(1.0) + silence(1.0))
    assert [c.split()[0] for c in second.calls] == ["speculate", "choose"]  # every reading
    assert turn.latencies_ms["second_pass_head_start"] == pytest.approx(110, abs=40)


def test_the_reply_is_spoken_in_the_form_the_skill_wrote_for_the_ear() -> None:
    from pipelines.skills.base import Response
    from pipelines.speech.pipeline.voice_turns import say_reply

    speaker = FakeSpeaker()
    turn = SimpleNamespace(
        response=Response("Timer set: 5:00", speech="Timer set for five minutes")
    )
    say_reply(speaker, turn, lambda: 0.0)
    assert speaker.said == ["Timer set for five minutes"]
    say_reply(speaker, SimpleNamespace(response=Response("It's 7:05.")), lambda: 0.0)
    assert speaker.said[-1] == "It's 7:05."  # no spoken form: the text
