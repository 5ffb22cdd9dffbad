"""Scoring for the voice benchmarks: word error rate, quantiles, and live latency."""

from __future__ import annotations

from typing import Any

import numpy as np

SPELLINGS = {"ok": "okay"}
"""One spoken word, two spellings in the templates: not a recognition error."""


def normalise(text: str) -> str:
    """Spelling only: "OK" = "okay", "that's" = "thats" (the templates use both forms of
    these homophones, so the reference may pick either)."""
    words = text.lower().replace("'", "").split()
    return " ".join(SPELLINGS.get(w, w) for w in words)


def wer_counts(ref: str, hyp: str, *, normalised: bool = True) -> tuple[int, int]:
    if normalised:
        ref, hyp = normalise(ref), normalise(hyp)
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[:], i
        for j in range(1, len(h) + 1):
            d[j] = min(prev[j] + 1, d[j - 1] + 1, prev[j - 1] + (r[i - 1] != h[j - 1]))
    return d[len(h)], len(r)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def quantile(values: list[float], q: float) -> float:
    return float(np.quantile(np.array(values), q)) if values else float("nan")


def live_latency(latency: dict[str, float]) -> float:
    """End of speech -> response as a live microphone sees it: the Whisper pass starts when
    the speaker pauses and runs during the rest of the pause, which this benchmark (feeding
    audio faster than real time) does not wait for."""
    overlap = min(latency.get("second_pass", 0.0), latency.get("second_pass_head_start", 0.0))
    return latency["end_of_speech_to_response"] - overlap


def heard(readings: list[Any]) -> list[Any]:
    """The recognisers' readings of an utterance (``ReadingChooser.last``) without a repaired
    one (phrase_repair.py): choosing rules compared offline choose among what was heard."""
    return [r for r in readings if r.source != "repair"]
