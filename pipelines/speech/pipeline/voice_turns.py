"""The steps from a final transcript to a reply, each with the latency it adds (ms): the
second opinion on the transcript, the assistant's answer and the start of the spoken reply.
The voice loop (voice.py) strings them together into a :class:`VoiceTurn`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...audio.segmenter import SpeechEnded
from ..asr.base import Transcript
from .voice_types import Answerer, SecondPass, Speaker

Clock = Callable[[], float]


def second_opinion(
    second_pass: SecondPass | None,
    transcript: Transcript,
    event: SpeechEnded,
    speculated_at: float | None,
    clock: Clock,
) -> tuple[Transcript, dict[str, float]]:
    """The reading the second pass prefers; ``speculated_at`` (audio time) is when it was
    started on the words so far, before the end of the utterance."""
    if second_pass is None or not event.audio:
        return transcript, {}
    t_pass = clock()
    transcript = second_pass.choose(transcript, event.audio)
    latencies = {"second_pass": (clock() - t_pass) * 1000}
    if speculated_at is not None:  # audio time it had before the end
        latencies["second_pass_head_start"] = (event.at_s - speculated_at) * 1000
    return transcript, latencies


def answer(
    answerer: Answerer | None, transcript: Transcript, clock: Clock
) -> tuple[Any, dict[str, float]]:
    """The assistant's turn (None when nothing was heard or nobody answers)."""
    if transcript.is_empty or answerer is None:
        return None, {}
    t1 = clock()
    turn = answerer.ask(transcript.text, source="voice")
    latencies = {"assistant": (clock() - t1) * 1000}
    latencies.update({f"assistant.{k}": v for k, v in getattr(turn, "latencies_ms", {}).items()})
    return turn, latencies


def say_reply(speaker: Speaker, turn: Any, clock: Clock) -> float | None:
    """Start speaking the turn's response — its spoken form (``Response.spoken``: what a skill
    wrote for the ear, e.g. "five minutes" for "5:00"), else its text; the time that took, or
    None without a response."""
    response = getattr(turn, "response", None)
    text = getattr(response, "spoken", None) or getattr(response, "text", "")
    if not text:
        return None
    t2 = clock()
    speaker.say(text)
    return (clock() - t2) * 1000
