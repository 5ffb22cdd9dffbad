"""bench.voice_ootb_report: the latency rows of the out-of-the-box table."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bench.voice_ootb_report import Tally, _latency_rows


def turn(endpoint_wait: float, ended_at_s: float = 0.0) -> Any:
    latencies = {"processing": 30.0, "end_of_speech_to_response": endpoint_wait + 30.0,
                 "endpoint_wait": endpoint_wait}  # fmt: skip
    return SimpleNamespace(
        transcript=SimpleNamespace(text="what time is it", engine="pocketsphinx+whisper-base"),
        latencies_ms=latencies,
        turn=SimpleNamespace(intent=SimpleNamespace(name="time_query")),
        reason="complete",
        ended_at_s=ended_at_s,
    )


def test_the_endpoint_wait_in_audio_time_has_its_row() -> None:
    tally = Tally()
    assistant = SimpleNamespace(understand=lambda text: SimpleNamespace(name="time_query"))
    for wait in (210.0, 300.0, 540.0):
        result = {"turns": [turn(wait)], "readings": {"pocketsphinx": "what time is it"}}
        tally.add("espeak-ng", "v", "what time is it", "time_query", None, result, assistant)
    rows = "\n".join(_latency_rows(tally))
    assert "| Endpoint wait: silence after the last speech frame p50 / p95" in rows
    assert "| 300 / 516 ms |" in rows  # p95 between 300 and 540


def test_the_reply_from_the_real_end_of_speech_has_its_row() -> None:
    """The VAD's end of speech can be late (in noise it was ~0.5 s): the table also counts
    from where the synthesised speech really ends."""
    tally = Tally()
    assistant = SimpleNamespace(understand=lambda text: SimpleNamespace(name="time_query"))
    for wait, late in ((210.0, 0.5), (210.0, 0.5), (300.0, 0.0)):
        # the turn ended `wait` after the VAD's end, which was `late` after the real end (2.0 s)
        result = {"turns": [turn(wait, 2.0 + late + wait / 1000)], "true_end_s": 2.0,
                  "readings": {"pocketsphinx": "what time is it"}}  # fmt: skip
        tally.add("espeak-ng", "v", "what time is it", "time_query", 15.0, result, assistant)
    rows = "\n".join(_latency_rows(tally))
    assert "| Real end of speech -> reply p50 / p95" in rows
    assert "| 740 / 740 ms | <= 300 / 600 ms |" in rows  # 30 ms processing + 710 ms
    assert "| 710 / 710 ms; 500 / 500 ms | |" in rows
