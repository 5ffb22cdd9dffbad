"""Whisper's speculative reading has its say on the end of a command (utterance_recognition:
``WHISPER_VERDICT_MS``, ``WHISPER_COMPLETE_MS``): a command PocketSphinx did not make out but
Whisper heard as complete ends at the ~500 ms verdict (~350 ms with ``WHISPER_COMPLETE_MS``)
instead of 700, one Whisper heard as a request that may go on at ~500 ms; audio time."""

from __future__ import annotations

import pytest

from pipelines.audio.segmenter import SegmenterConfig
from pipelines.audio.vad import EnergyVad
from pipelines.speech.asr.base import Transcript
from pipelines.speech.pipeline import utterance_recognition
from pipelines.speech.pipeline.voice import VoiceConfig, VoicePipeline

from .conftest import silence
from .test_voice_loop import AskedRecognizer, FakeAssistant, SilentStream, feed, tone


class OnceStream(SilentStream):
    """Like PocketSphinx: a partial only when the words changed (else None)."""

    def partial(self) -> str | None:
        self.asked += 1
        return self.text if self.asked == 1 else None


class OnceRecognizer(AskedRecognizer):
    def stream(self, mode: str = "command") -> OnceStream:
        self.streams.append(OnceStream(self, self.texts[0]))
        return self.streams[-1]  # type: ignore[return-value]


class SpeculatingPass:
    """A second pass whose speculative passes read ``readings`` in turn (then nothing); like
    the real one, a pass gives the same reading however often it is asked."""

    def __init__(self, readings: list[str]) -> None:
        self.readings = readings
        self.current: str | None = None
        self.calls: list[str] = []

    def speculate(self, pcm: bytes) -> None:
        self.calls.append("speculate")
        self.current = self.readings.pop(0) if self.readings else None

    def cancel(self) -> None:
        self.calls.append("cancel")
        self.current = None

    def reading_so_far(self) -> str | None:
        self.calls.append("so far")
        return self.current

    def choose(self, transcript: Transcript, pcm: bytes) -> Transcript:
        self.calls.append("choose")
        return Transcript("what time is it", engine="whisper")

    def chosen_intent(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


def loop_with(second: SpeculatingPass, *, complete: bool, likely: bool) -> VoicePipeline:
    whisper_heard = "what time is it"
    return VoicePipeline(
        OnceRecognizer(["what tie miss"]),  # PocketSphinx's partial: not understood
        EnergyVad(),
        FakeAssistant(),
        config=VoiceConfig(
            SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=200, likely_silence_ms=400)
        ),
        completeness=lambda words: complete and words == whisper_heard,
        likely=lambda words: likely and words == whisper_heard,
        second_pass=second,
    )


@pytest.mark.parametrize(
    ("complete_ms", "complete", "likely", "reason", "wait_ms"),
    [
        (350, True, True, "complete", 390),
        (0, True, True, "complete", 530),  # shipped: a complete reading waits for the verdict
        (350, False, True, "likely", 530),
        (350, False, False, "silence", 720),
    ],
)
def test_whispers_reading_of_the_pause_can_end_the_command_early(
    monkeypatch: pytest.MonkeyPatch,
    complete_ms: int,
    complete: bool,
    likely: bool,
    reason: str,
    wait_ms: int,
) -> None:
    monkeypatch.setattr(utterance_recognition, "WHISPER_COMPLETE_MS", complete_ms)
    second = SpeculatingPass(["what time is it"])
    loop = loop_with(second, complete=complete, likely=likely)
    [turn] = feed(loop, silence(0.5) + tone(1.0) + silence(1.0))
    assert turn.reason == reason
    assert turn.latencies_ms["endpoint_wait"] == pytest.approx(wait_ms, abs=20)
    asked = {"complete": 1, "likely": 2, "silence": 2}[reason] if complete_ms else 1  # 350, 500
    assert second.calls == ["speculate", *["so far"] * asked, "choose"]
    assert "second_pass_before_end" in turn.latencies_ms  # the wait counts in the reply time


def test_a_verdict_on_fewer_words_is_dropped_when_speech_resumes() -> None:
    second = SpeculatingPass(["what time is it"])  # heard as a request that may go on
    loop = loop_with(second, complete=False, likely=True)
    # a 515 ms pause: the verdict (at ~500 ms of silence) says "likely", which would end it on
    # the next frame (the likely silence, 400 ms, has passed), but speech resumes first
    [turn] = feed(loop, silence(0.5) + tone(1.0) + silence(0.515) + tone(0.5) + silence(1.0))
    assert turn.reason == "silence"  # the second pause has no reading: the full silence
    assert second.calls[:3] == ["speculate", "so far", "cancel"]  # asked once, at ~500 ms


def test_no_speculative_reading_leaves_the_wait_as_it_was() -> None:
    second = SpeculatingPass([])
    loop = loop_with(second, complete=True, likely=True)
    [turn] = feed(loop, silence(0.5) + tone(1.0) + silence(1.0))
    assert turn.reason == "silence"
