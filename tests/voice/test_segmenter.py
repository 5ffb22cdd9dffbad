"""The end-of-utterance state machine: pure, so every rule is checked exactly."""

from __future__ import annotations

import pytest

from pipelines.audio.segmenter import (
    SegmenterConfig,
    SegmentState,
    SpeechEnded,
    SpeechStarted,
    UtteranceSegmenter,
)
from pipelines.core.errors import SettingsError

FRAME_MS = 30
FRAME = b"\1\0" * (16 * FRAME_MS)


def run(pattern: str, config: SegmenterConfig, frame_ms: int = FRAME_MS) -> list[object]:
    """``pattern``: one char per 10 ms, "#" speech, "." silence."""
    seg = UtteranceSegmenter(config)
    events: list[object] = []
    step = frame_ms // 10
    for i in range(0, len(pattern), step):
        piece = pattern[i : i + step]
        events += seg.push(b"\1\0" * (160 * len(piece)), "#" in piece)
    return events


def test_speech_starts_after_start_ms_and_ends_after_trailing_silence() -> None:
    cfg = SegmenterConfig(start_ms=90, trailing_silence_ms=300, pre_roll_ms=100)
    events = run("." * 50 + "#" * 100 + "." * 40, cfg)
    started, ended = events
    assert isinstance(started, SpeechStarted) and isinstance(ended, SpeechEnded)
    assert started.at_s == pytest.approx(0.5 - 0.1, abs=0.061)  # frame-aligned
    assert ended.reason == "silence"
    assert ended.speech_end_s == pytest.approx(1.5, abs=0.031)
    assert ended.at_s == pytest.approx(1.8, abs=0.031)
    assert len(ended.audio) == pytest.approx((1.8 - started.at_s) * 32000, abs=32 * 30)


def test_short_pauses_do_not_end_the_utterance() -> None:
    cfg = SegmenterConfig(trailing_silence_ms=300)
    events = run("#" * 30 + "." * 20 + "#" * 30 + "." * 40, cfg)
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    assert events[1].speech_end_s == pytest.approx(0.8, abs=0.031)  # type: ignore[attr-defined]


def test_a_click_does_not_start_an_utterance() -> None:
    assert run("." * 30 + "###" + "." * 60, SegmenterConfig(start_ms=90)) == []


def test_max_length_cuts_a_long_utterance() -> None:
    events = run("#" * 400, SegmenterConfig(max_length_s=2.0))
    assert events[-1].reason == "max_length"  # type: ignore[attr-defined]
    assert len(events[-1].audio) / 32000 == pytest.approx(2.0, abs=0.031)  # type: ignore[attr-defined]


def test_timeout_without_speech() -> None:
    seg = UtteranceSegmenter(SegmenterConfig(start_timeout_s=1.0))
    events = []
    for _ in range(40):
        events += seg.push(FRAME, False)
    assert len(events) == 1 and events[0].reason == "timeout"  # type: ignore[union-attr]
    assert seg.state is SegmentState.DONE
    assert seg.push(FRAME, True) == []


@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_results_do_not_depend_on_frame_size(frame_ms: int) -> None:
    cfg = SegmenterConfig(trailing_silence_ms=300, pre_roll_ms=90)
    pattern = "." * 60 + "#" * 120 + "." * 15 + "#" * 60 + "." * 60
    events = run(pattern, cfg, frame_ms)
    reference = run(pattern, cfg, 10)
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    for a, b in zip(events, reference, strict=True):
        assert a.at_s == pytest.approx(b.at_s, abs=frame_ms / 1000)  # type: ignore[attr-defined]


def test_invalid_config_is_rejected() -> None:
    with pytest.raises(SettingsError):
        UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=0))
    with pytest.raises(SettingsError):
        UtteranceSegmenter(SegmenterConfig(start_ms=300, start_window_ms=100))


def _feed(seg: UtteranceSegmenter, pattern: str) -> list[object]:
    events: list[object] = []
    for i in range(0, len(pattern), 3):
        piece = pattern[i : i + 3]
        events += seg.push(b"\1\0" * (160 * len(piece)), "#" in piece)
    return events


def test_a_complete_command_ends_after_the_quick_silence() -> None:
    cfg = SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=240)
    seg = UtteranceSegmenter(cfg)
    assert isinstance(_feed(seg, "#" * 90)[0], SpeechStarted)
    seg.set_complete(True)
    [ended] = _feed(seg, "." * 30)
    assert isinstance(ended, SpeechEnded) and ended.reason == "complete"
    assert ended.at_s - ended.speech_end_s == pytest.approx(0.24, abs=0.031)


def test_an_incomplete_command_waits_for_the_full_silence() -> None:
    cfg = SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=240)
    seg = UtteranceSegmenter(cfg)
    _feed(seg, "#" * 90)
    seg.set_complete(False)
    assert _feed(seg, "." * 60) == []  # 600 ms: still waiting
    [ended] = _feed(seg, "." * 12)
    assert ended.reason == "silence"  # type: ignore[attr-defined]


def test_adaptive_endpointing_off_by_default() -> None:
    seg = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=500))
    _feed(seg, "#" * 90)
    seg.set_complete(True)
    assert _feed(seg, "." * 30) == []


def test_quick_silence_longer_than_trailing_is_rejected() -> None:
    with pytest.raises(SettingsError, match="quick_end_silence_ms"):
        UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=300, quick_silence_ms=400))


def test_an_understood_request_that_may_go_on_ends_after_the_middle_silence() -> None:
    cfg = SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=240, likely_silence_ms=420)
    seg = UtteranceSegmenter(cfg)
    _feed(seg, "#" * 90)
    seg.set_complete(False, likely=True)
    assert _feed(seg, "." * 39) == []  # 390 ms: not yet
    [ended] = _feed(seg, "." * 6)
    assert isinstance(ended, SpeechEnded) and ended.reason == "likely"
    assert ended.at_s - ended.speech_end_s == pytest.approx(0.42, abs=0.031)


def test_speech_after_a_likely_partial_resets_the_silence() -> None:
    cfg = SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=240, likely_silence_ms=420)
    seg = UtteranceSegmenter(cfg)
    _feed(seg, "#" * 90)
    seg.set_complete(False, likely=True)
    assert _feed(seg, "." * 30 + "#" * 30) == []  # a 300 ms pause, then more words
    seg.set_complete(False, likely=False)  # ... which are not understood
    assert _feed(seg, "." * 60) == []
    [ended] = _feed(seg, "." * 12)
    assert ended.reason == "silence"  # type: ignore[attr-defined]


def test_middle_silence_outside_quick_and_trailing_is_rejected() -> None:
    with pytest.raises(SettingsError, match="likely_silence_ms"):
        UtteranceSegmenter(
            SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=240, likely_silence_ms=800)
        )
    with pytest.raises(SettingsError, match="likely_silence_ms"):
        UtteranceSegmenter(
            SegmenterConfig(trailing_silence_ms=700, quick_silence_ms=240, likely_silence_ms=100)
        )
