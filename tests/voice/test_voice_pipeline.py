"""The voice pipeline on core/runner: one run per spoken turn, typed stage events, a failing
stage reported with its code while listening goes on, each text understood once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipelines.audio.segmenter import SegmenterConfig
from pipelines.audio.vad import EnergyVad
from pipelines.core.errors import DeviceError, ModelError
from pipelines.core.events import (
    ActEnd,
    AsrEnd,
    EventBus,
    EventType,
    PipelineEvent,
    TtsEnd,
    UnderstandEnd,
    WakeEnd,
)
from pipelines.core.intent import Intent
from pipelines.skills.base import Response
from pipelines.speech.asr.base import Transcript
from pipelines.speech.pipeline.endpointing import CommandCompleteness
from pipelines.speech.pipeline.reading_chooser import ReadingChooser
from pipelines.speech.pipeline.voice import VoiceConfig, VoicePipeline

from .conftest import silence
from .test_voice_loop import FakeRecognizer, FakeSpeaker, FakeStream, feed, tone

STAGES = ("wake", "asr", "understand", "act", "tts")


class CountingModel:
    """Wraps the intent model: every text it is run on."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "counting")
        self.texts: list[str] = []

    def prepare(self) -> None:
        self.inner.prepare()

    def refresh_taught(self) -> None:
        self.inner.refresh_taught()

    def recognize(self, text: str) -> Intent:
        self.texts.append(text)
        return self.inner.recognize(text)


def stage_events(events: list[PipelineEvent]) -> list[tuple[str, str]]:
    return [
        (e.stage, e.type.value)
        for e in events
        if e.stage in STAGES and e.type in (EventType.START, EventType.END, EventType.ERROR)
    ]


@pytest.mark.slow
def test_one_spoken_turn_from_a_wav_is_one_run_through_every_stage(
    app: Any, say: Callable[..., bytes], wav_file: Callable[..., Path]
) -> None:
    """Real speech (espeak-ng) through the microphone's code path: wake word, PocketSphinx
    and Whisper, the intent model, the light skill and a spoken reply."""
    from pipelines.assistant import Assistant
    from pipelines.speech.pipeline.session import create_voice_pipeline, file_source
    from pipelines.speech.tts.speaker import EspeakSpeaker, RecordingOutput

    assistant = Assistant(app)
    model = CountingModel(assistant.recognizer.inner)
    assistant.recognizer.inner = model
    assistant.prepare()
    events: list[PipelineEvent] = []
    app.bus.subscribe(events.append)
    speech = say("okay nabu, turn on the living room lights")
    path = wav_file(silence(0.5, 20) + speech + silence(1.5, 20))
    speaker = EspeakSpeaker(output=RecordingOutput())
    with create_voice_pipeline(
        app, use_wake_word=True, answerer=assistant, speaker=speaker
    ) as pipeline:
        [turn] = pipeline.run(file_source(path).chunks())
        chooser = pipeline.second_pass
        front_end = getattr(pipeline.recognizer, "front_end", None)
    assert turn.error is None and "light" in turn.transcript.text
    from pipelines.speech.asr.front_end import pocketsphinx_front_end

    assert front_end is pocketsphinx_front_end  # PocketSphinx hears the noise-reduced audio
    # one run_id for the whole spoken turn, and it is the turn's
    runs = {e.run_id for e in events if e.stage in STAGES or e.type is EventType.RUN_START}
    assert runs == {turn.run_id}
    assert stage_events(events) == [(stage, kind) for stage in STAGES for kind in ("start", "end")]
    ends = {e.stage: e.payload for e in events if e.type is EventType.END}
    assert isinstance(ends["wake"], WakeEnd) and ends["wake"].score > 0
    assert isinstance(ends["asr"], AsrEnd) and ends["asr"].text == turn.transcript.text
    assert isinstance(ends["understand"], UnderstandEnd) and ends["understand"].intent == "light_on"
    assert isinstance(ends["act"], ActEnd) and ends["act"].response == turn.turn.response.text
    assert isinstance(ends["tts"], TtsEnd) and ends["tts"].text == turn.turn.response.spoken
    # the run joined the assistant's capped history, typed questions' runs alike
    assert [r.run_id for r in assistant.pipeline.history] == [turn.run_id]
    # each text reached the intent model once: partials, both readings, "act"
    assert model.texts and len(model.texts) == len(set(model.texts))
    assert turn.transcript.text in model.texts
    # "act" got the very Intent the choice between readings understood
    acted = assistant.pipeline.history[-1].values["intent"]
    if chooser is not None and not chooser.failed:
        assert acted is chooser.chosen_intent(turn.transcript.text)


class FlakyStream(FakeStream):
    def finish(self) -> Transcript:
        owner = self.owner
        assert isinstance(owner, FlakyRecognizer)
        if owner.failures:
            owner.failures -= 1
            owner.texts.pop(0)
            raise ModelError("The speech model file is damaged.")
        return super().finish()


class FlakyRecognizer(FakeRecognizer):
    failures = 0

    def stream(self, mode: str = "command") -> FlakyStream:
        return FlakyStream(self)


class Words:
    """A stand-in intent model: the words' first word is the intent."""

    name = "words"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def prepare(self) -> None:
        return None

    def refresh_taught(self) -> None:
        return None

    def recognize(self, text: str) -> Intent:
        self.texts.append(text)
        return Intent(text.split()[0] if text else "out_of_scope", {}, 0.95, text=text)


class FlakyDispatcher:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.handled: list[Intent] = []

    def prepare(self) -> None:
        return None

    def handle(self, intent: Intent) -> Response:
        if self.failures:
            self.failures -= 1
            raise DeviceError("The MQTT broker is not reachable.")
        self.handled.append(intent)
        return Response(f"done: {intent.text}", action="done")


class FlakySpeaker(FakeSpeaker):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def say(self, text: str) -> None:
        if self.failures:
            self.failures -= 1
            raise DeviceError("No audio output is available.")
        super().say(text)


def make_pipeline(
    app: Any, failing: str, second_pass: Any = None, texts: list[str] | None = None
) -> tuple[VoicePipeline, list[PipelineEvent], Any]:
    from pipelines.assistant import Assistant

    model = Words()
    assistant = Assistant(app, recognizer=model, dispatcher=FlakyDispatcher(int(failing == "act")))
    recognizer = FlakyRecognizer(texts or ["lights on", "timer please"])
    recognizer.failures = int(failing == "asr")
    events: list[PipelineEvent] = []
    bus = EventBus()
    bus.subscribe(events.append)
    assistant.pipeline.bus = bus
    pipeline = VoicePipeline(
        recognizer,
        EnergyVad(),
        assistant,
        speaker=FlakySpeaker(int(failing == "tts")),
        bus=bus,
        config=VoiceConfig(SegmenterConfig(trailing_silence_ms=300), follow_up_s=2.0),
        completeness=CommandCompleteness(assistant.understand),
        second_pass=second_pass,
    )
    return pipeline, events, model


@pytest.mark.parametrize(
    ("failing", "code"),
    [("asr", "model_error"), ("act", "device_unavailable"), ("tts", "device_unavailable")],
)
def test_a_failing_stage_is_an_error_event_and_the_pipeline_listens_on(
    app: Any, failing: str, code: str
) -> None:
    pipeline, events, _ = make_pipeline(app, failing)
    first = feed(pipeline, silence(0.3) + tone(0.8) + silence(0.6))
    pipeline.speaker.speaking = False  # type: ignore[union-attr]  # the reply has been said
    second = feed(pipeline, tone(0.8) + silence(0.6))
    [failed], [answered] = first, second
    errors = [e for e in events if e.type is EventType.ERROR]
    assert [(e.stage, e.error_code, e.run_id) for e in errors] == [(failing, code, failed.run_id)]
    assert failed.error is not None and failed.error.code == code
    assert failed.to_dict()["error"]["code"] == code
    ended = [e for e in events if e.type is EventType.RUN_END]
    assert [e.error_code for e in ended] == [code, None]  # the run ended with its stage
    # listening went on: the next utterance is answered in a run of its own
    assert answered.error is None and answered.turn.response.text == "done: timer please"
    assert answered.run_id != failed.run_id
    assert stage_events([e for e in events if e.run_id == answered.run_id]) == [
        (stage, kind) for stage in STAGES[1:] for kind in ("start", "end")
    ]
    if failing == "asr":  # nothing was heard: nothing understood or done
        assert failed.turn is None and len(pipeline.pipeline.history) == 2


class ReadingWhisper:
    name = "whisper-fake"

    def __init__(self, text: str) -> None:
        self.text = text

    def prepare(self) -> None:
        return None

    def transcribe(self, pcm: bytes) -> tuple[str, float]:
        return self.text, 0.9


def test_each_text_is_understood_once_and_act_gets_the_chosen_intent(app: Any) -> None:
    """Partials (the endpointer), PocketSphinx's and Whisper's readings (the chooser) and
    "act": one intent-model run per distinct text; "act" is handed the chosen Intent."""

    class PartialStream(FakeStream):
        def accept(self, pcm: bytes) -> str | None:
            self.bytes += len(pcm)
            return "lights on" if self.bytes % 6400 < len(pcm) else None

    class PartialRecognizer(FakeRecognizer):
        def stream(self, mode: str = "command") -> PartialStream:
            return PartialStream(self)

    from pipelines.assistant import Assistant

    model = Words()
    dispatcher = FlakyDispatcher(0)
    assistant = Assistant(app, recognizer=model, dispatcher=dispatcher)
    chooser = ReadingChooser(ReadingWhisper("lights on please"), assistant.understand)  # type: ignore[arg-type]
    judge = CommandCompleteness(assistant.understand)
    pipeline = VoicePipeline(
        PartialRecognizer(["lights on", "lights on"]),
        EnergyVad(),
        assistant,
        config=VoiceConfig(SegmenterConfig(trailing_silence_ms=300), follow_up_s=2.0),
        completeness=judge,
        likely=judge.likely,
        second_pass=chooser,
    )
    with pipeline:
        turns = feed(pipeline, silence(0.3) + tone(1.2) + silence(0.6) + tone(1.2) + silence(0.6))
    assert len(turns) == 2
    assert sorted(model.texts) == sorted(set(model.texts)) == ["lights on", "lights on please"]
    for turn, acted in zip(turns, dispatcher.handled, strict=True):
        assert acted.text == turn.transcript.text
    chosen = chooser.chosen_intent(turns[-1].transcript.text)
    assert chosen is not None and dispatcher.handled[-1] is chosen


def test_the_wake_word_then_nothing_fails_asr_but_an_unused_follow_up_is_no_run() -> None:
    from .test_voice_loop import ScriptedWake, make_loop

    pipeline, assistant, events = make_loop(["hello"], wake=ScriptedWake(0.2), follow_up_s=1.0)
    feed(pipeline, silence(7.5))  # the wake word, then nobody speaks
    assert stage_events(events) == [("wake", "start"), ("wake", "end"), ("asr", "error")]
    assert [e.error_code for e in events if e.type is EventType.ERROR] == ["no_speech"]
    assert [e.type for e in events if e.type.value.startswith("run")] == [
        EventType.RUN_START,
        EventType.RUN_END,
    ]
    pipeline.push_to_talk()
    feed(pipeline, tone(0.6) + silence(0.5) + silence(1.5))  # answered, then no follow-up
    assert assistant.asked == ["hello"]
    assert len([e for e in events if e.type is EventType.RUN_START]) == 2


def test_a_typed_question_is_the_same_pipeline_entered_at_understand(app: Any) -> None:
    pipeline, events, _ = make_pipeline(app, "none", texts=["timer please"])
    assistant: Any = pipeline.answerer
    typed = assistant.ask("lights on")
    assert stage_events(events) == [
        (stage, kind) for stage in ("understand", "act") for kind in ("start", "end")
    ]
    assert {e.run_id for e in events if e.stage != "voice"} == {typed.run_id}
    [spoken] = feed(pipeline, silence(0.3) + tone(0.8) + silence(0.6))
    history = [record.run_id for record in pipeline.history]
    assert history == [typed.run_id, spoken.run_id]  # one capped history for both
