"""bench.voice_ootb_report: the latency rows of the out-of-the-box table."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bench.voice_ootb_report import Tally, _latency_rows


def turn(endpoint_wait: float) -> Any:
    latencies = {"processing": 30.0, "end_of_speech_to_response": endpoint_wait + 30.0,
                 "endpoint_wait": endpoint_wait}  # fmt: skip
    return SimpleNamespace(
        transcript=SimpleNamespace(text="what time is it", engine="pocketsphinx+whisper-base"),
        latencies_ms=latencies,
        turn=SimpleNamespace(intent=SimpleNamespace(name="time_query")),
        reason="complete",
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
