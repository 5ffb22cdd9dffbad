"""The sure ending (quick_end.py): words that are surely a whole command end after a shorter
pause than "complete" words; words that may go on never do. Audio time, fakes for the models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pipelines.audio.segmenter import SegmenterConfig, SpeechEnded, UtteranceSegmenter
from pipelines.audio.vad import EnergyVad
from pipelines.core.errors import SettingsError
from pipelines.core.intent import Intent
from pipelines.speech.lm.word_graph import Reach
from pipelines.speech.pipeline import quick_end
from pipelines.speech.pipeline.endpointing import CommandCompleteness
from pipelines.speech.pipeline.quick_end import plausible_ending, sure_ending, sure_words
from pipelines.speech.pipeline.voice import VoiceConfig, VoicePipeline

from .conftest import silence
from .test_engines import sphinx  # noqa: F401 (a fixture: the real recogniser)
from .test_voice_loop import AskedRecognizer, FakeAssistant, feed, tone

SURE = Intent("time_query", confidence=0.97)


@pytest.mark.parametrize(
    ("text", "plausible"),
    [
        ("what time is it", True),
        ("turn the lights on", True),
        ("set a timer for ten minutes", True),
        ("set a timer for ten", False),  # the unit may follow
        ("wake me at 7", False),
        ("what is the", False),  # a word no command ends on
        ("add eggs and", False),
        ("what time is it um", False),  # a filler: the speaker is thinking
        ("stop", False),  # one word: never sure (the 200 ms "complete" still ends it)
    ],
)
def test_a_plausible_ending(text: str, plausible: bool) -> None:
    assert plausible_ending(text) is plausible


@pytest.mark.parametrize(
    ("intent", "reach", "sure"),
    [
        (SURE, Reach.END, True),
        (SURE, Reach.NONE, True),  # words the templates do not hold (a paraphrase)
        (SURE, Reach.SENTENCE, False),  # a whole sentence longer ones continue
        (SURE, Reach.PREFIX, False),  # the beginning of one
        (SURE, None, False),  # no grammar yet: nothing is sure
        (Intent("time_query", confidence=0.9), Reach.END, False),  # complete, not sure
        (Intent("out_of_scope", confidence=0.99), Reach.END, False),
    ],
)
def test_a_sure_ending(intent: Intent, reach: Reach | None, sure: bool) -> None:
    assert sure_ending("what time is it", intent, reach) is sure


def test_unknown_words_can_be_required_to_be_a_whole_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(quick_end, "UNKNOWN_WORDS_SURE", False)
    assert not sure_ending("what time is it", SURE, Reach.NONE)
    assert sure_ending("what time is it", SURE, Reach.END)


def judge(
    intents: dict[str, Intent], reach: Reach | None = Reach.END, whole: str = "what time is it"
) -> CommandCompleteness:
    """The endpointer with a table for intent model; its grammar knows ``whole`` as a sentence
    (``reach``) and anything else as the beginning of one."""

    def understand(text: str) -> Intent:
        return intents.get(text, Intent("out_of_scope", confidence=0.2))

    def grammar(text: str) -> Reach:
        assert reach is not None
        return reach if text == whole else Reach.PREFIX

    return CommandCompleteness(understand, grammar=grammar if reach is not None else None)


def test_the_endpointer_calls_only_complete_words_sure() -> None:
    words = judge({"what time is it": SURE, "set a timer": Intent("timer_start", {}, 0.99)})
    assert sure_words(words, "what time is it")
    assert not sure_words(words, "set a timer")  # no duration: not even complete
    assert not sure_words(words, "what time is the")  # mid-phrase
    assert not sure_words(judge({"what time is it": SURE}, Reach.SENTENCE), "what time is it")
    assert not sure_words(judge({"what time is it": SURE}, None), "what time is it")  # no grammar
    assert not sure_words(lambda text: True, "what time is it")  # no intent model to ask


def segmenter(sure_ms: int = 120) -> UtteranceSegmenter:
    return UtteranceSegmenter(
        SegmenterConfig(
            trailing_silence_ms=700, quick_silence_ms=200, likely_silence_ms=400,
            sure_silence_ms=sure_ms,
        )
    )  # fmt: skip


def end_of(seg: UtteranceSegmenter, complete: bool, sure: bool) -> SpeechEnded:
    frame = b"\0\0" * 480  # 30 ms
    for _ in range(10):
        seg.push(frame, True)
    seg.set_complete(complete, likely=complete, sure=sure)
    for _ in range(40):
        for event in seg.push(frame, False):
            if isinstance(event, SpeechEnded):
                return event
    raise AssertionError("no end")


@pytest.mark.parametrize(
    ("complete", "sure", "reason", "silence_ms"),
    [(True, True, "sure", 120), (True, False, "complete", 210), (False, True, "silence", 720)],
)
def test_the_segmenter_ends_sure_words_soonest(
    complete: bool, sure: bool, reason: str, silence_ms: int
) -> None:
    event = end_of(segmenter(), complete, sure)
    assert event.reason == reason
    assert (event.at_s - event.speech_end_s) * 1000 == pytest.approx(silence_ms, abs=1)


def test_the_sure_silence_is_no_longer_than_the_quick_one() -> None:
    with pytest.raises(SettingsError):
        segmenter(sure_ms=300)
    assert end_of(segmenter(sure_ms=0), True, True).reason == "complete"  # 0: off


def loop_with(text: str, intents: dict[str, Intent]) -> VoicePipeline:
    words = judge(intents, whole=text)  # the grammar holds the words as a whole sentence
    return VoicePipeline(
        AskedRecognizer([text]),
        EnergyVad(),
        FakeAssistant(),
        config=VoiceConfig(
            SegmenterConfig(
                trailing_silence_ms=700,
                quick_silence_ms=200,
                likely_silence_ms=400,
                sure_silence_ms=120,
            )
        ),
        completeness=words,
        likely=words.likely,
    )


def test_a_sure_command_ends_after_the_shorter_pause() -> None:
    [turn] = feed(loop_with("what time is it", {"what time is it": SURE}), tone_clip(1.0))
    assert turn.reason == "sure"
    assert turn.latencies_ms["endpoint_wait"] == pytest.approx(120, abs=40)


def test_complete_words_that_are_not_sure_keep_the_quick_pause() -> None:
    intents = {"what time is it": Intent("time_query", confidence=0.85)}
    [turn] = feed(loop_with("what time is it", intents), tone_clip(1.0))
    assert turn.reason == "complete"
    assert turn.latencies_ms["endpoint_wait"] == pytest.approx(200, abs=40)


def test_a_pause_after_a_number_is_not_a_sure_end() -> None:
    """ "set a timer for ten | minutes": the intent model may read "ten" as the duration (here
    it does, sure of it, and the grammar holds the words as a whole sentence); the pause
    after the number waits at least the quick silence."""
    intents = {"set a timer for ten": Intent("timer_start", {"duration": 600}, 0.99)}
    pcm = silence(0.5) + tone(0.8) + silence(0.22) + tone(0.4) + silence(1.0)
    [turn] = feed(loop_with("set a timer for ten", intents), pcm)
    assert turn.reason == "complete"  # one turn: the pause (~150 ms heard) did not end it


def tone_clip(seconds: float) -> bytes:
    return silence(0.5) + tone(seconds) + silence(1.0)


def eager(text: str) -> Intent:
    """An intent model sure that any words are a whole command."""
    return Intent("time_query", confidence=0.99, text=text)


@pytest.mark.slow
@pytest.mark.parametrize(("sure_ms", "reason"), [(120, "sure"), (0, "complete")])
def test_real_speech_ends_sooner_on_sure_words(
    sphinx: Any,  # noqa: F811 (test_engines' fixture)
    say: Callable[..., bytes],
    sure_ms: int,
    reason: str,
) -> None:
    """Real speech, PocketSphinx and Silero VAD: a command its recogniser reads as sure words
    ends after the sure silence; with the sure ending off, after the quick one (audio time)."""
    from pipelines.audio.vad import create_vad

    words = CommandCompleteness(eager, grammar=lambda text: Reach.NONE)
    config = SegmenterConfig(
        trailing_silence_ms=700,
        quick_silence_ms=200,
        likely_silence_ms=400,
        sure_silence_ms=sure_ms,
    )
    loop = VoicePipeline(
        sphinx,
        create_vad("silero", 2),
        FakeAssistant(),
        config=VoiceConfig(config, speak=False),
        completeness=words,
        likely=words.likely,
    )
    pcm = silence(0.5, 30, seed=1) + say("what time is it") + silence(1.0, 30, seed=2)
    [turn] = feed(loop, pcm)
    assert turn.reason == reason
    wait = turn.latencies_ms["endpoint_wait"]
    assert (wait < 200) if sure_ms else (wait >= 200)
