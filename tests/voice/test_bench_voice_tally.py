"""The voice benchmark's bookkeeping: counts per voice and the enrolled-vs-alone table."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bench.voice_commands import CommandTally
from bench.voice_report import enrolled_section

VOICE = ("espeak-ng", "en-us", 175)


def turn(text: str, intent: str, e2r: float) -> Any:
    latencies = {"processing": 20.0, "end_of_speech_to_response": e2r, "asr_final": 10.0}
    return SimpleNamespace(
        transcript=SimpleNamespace(text=text, mode="command", engine="pocketsphinx"),
        latencies_ms=latencies,
        turn=SimpleNamespace(intent=SimpleNamespace(name=intent)),
    )


def test_tally_counts_words_intents_and_latencies() -> None:
    tally = CommandTally()
    tally.add(VOICE, "set a timer for five minutes", "timer_start",
              [turn("set a timer for nine minutes", "timer_start", 250)], True)  # fmt: skip
    tally.add(VOICE, "turn on the lights", "light_on",
              [turn("turn off the lights", "light_off", 900)], True)  # fmt: skip
    tally.add(VOICE, "what time is it", "time", [], True)  # nothing heard: all words missed
    out = tally.summary(has_nlu=True, second_pass=False)
    assert out["n_utterances"] == 3
    assert out["wer"] == (1 + 1 + 4) / (6 + 4 + 4)
    assert out["intent_acc"] == 1 / 3
    assert out["per_voice"] == {"espeak-ng en-us 175 wpm": out["wer"]}
    assert out["e2r_p50"] == 575 and len(tally.examples) == 3


def summary(wer: float, intent: float, p50: float, p95: float) -> dict[str, Any]:
    return {"wer": wer, "intent_acc": intent, "e2r_p50": p50, "e2r_p95": p95,
            "live_e2r_p95": p95, "per_voice": {"espeak-ng en-us 175 wpm": wer}}  # fmt: skip


def test_enrolled_table_compares_each_voice_alone_and_enrolled() -> None:
    enrolled = {
        "espeak": {**summary(0.02, 0.97, 230, 700), "alone": summary(0.2, 0.8, 240, 900),
                   "method": "mllr+map", "enrol_s_p50": 6.0},
    }  # fmt: skip
    text = "\n".join(enrolled_section({}, None, enrolled))
    assert "| Command WER (espeak-ng) | 20.0% | 2.0% | <= 5% | met |" in text
    assert "| Intent accuracy from audio (espeak-ng) | 80.0% | 97.0% | >= 90% | met |" in text
    assert "700; 700 ms | <= 600 ms | **missed** |" in text
    assert "MLLR+MAP" in text and "| espeak-ng en-us 175 wpm | 20.0% | 2.0% |" in text
