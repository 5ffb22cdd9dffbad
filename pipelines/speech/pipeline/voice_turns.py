"""The steps from a final transcript to a reply, each with the latency it adds (ms): the
second opinion on the transcript, then — inside the spoken turn's run — the assistant's
"understand" and "act" stages and the "tts" stage that starts the spoken reply. The voice
pipeline (voice.py) strings them together into a :class:`VoiceTurn`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...audio.segmenter import SpeechEnded
from ...core.errors import HomebodyError
from ...core.events import TtsEnd
from ...core.intent import Intent
from ...core.runner import PipelineRun
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
    alone = getattr(second_pass, "answer_alone", None)  # the fast path (fast_path.py)
    fast = callable(alone) and bool(alone(transcript, event.audio, event.reason))
    if not fast:
        transcript = second_pass.choose(transcript, event.audio)
    latencies = {"second_pass": (clock() - t_pass) * 1000}
    if fast:
        latencies["fast_path"] = 1.0
    if speculated_at is not None:  # audio time it had before the end
        latencies["second_pass_head_start"] = (event.at_s - speculated_at) * 1000
    return transcript, latencies


def answer(
    run: PipelineRun,
    answerer: Answerer | None,
    transcript: Transcript,
    intent: Intent | None,
    latencies: dict[str, float],
    clock: Clock,
) -> tuple[Any, HomebodyError | None]:
    """The assistant's "understand" and "act" stages in ``run``: its Turn (None when nothing
    was heard or nobody answers) and the error of a failing stage. ``intent``: the chosen
    reading's, already understood (it is not parsed again)."""
    if transcript.is_empty or answerer is None:
        return None, None
    t1 = clock()
    try:
        turn = answerer.ask(transcript.text, source="voice", intent=intent, run=run)
    except HomebodyError as exc:  # its ERROR event is out; the listening goes on
        return None, exc
    latencies["assistant"] = (clock() - t1) * 1000
    latencies.update({f"assistant.{k}": v for k, v in getattr(turn, "latencies_ms", {}).items()})
    return turn, None


def speak(
    run: PipelineRun, speaker: Speaker, turn: Any, latencies: dict[str, float], clock: Clock
) -> HomebodyError | None:
    """The "tts" stage: start the spoken reply (``latencies["tts_start"]``); its error, if
    it failed (the answer stands: it was shown, only its sound failed)."""
    try:
        tts_ms = say_reply(speaker, turn, clock, run)
    except HomebodyError as exc:
        return exc
    if tts_ms is not None:
        latencies["tts_start"] = tts_ms
    return None


def say_reply(
    speaker: Speaker, turn: Any, clock: Clock, run: PipelineRun | None = None
) -> float | None:
    """Start speaking the turn's response — its spoken form (``Response.spoken``: what a skill
    wrote for the ear, e.g. "five minutes" for "5:00"), else its text — as the "tts" stage of
    ``run``; the time that took, or None without a response."""
    response = getattr(turn, "response", None)
    text = getattr(response, "spoken", None) or getattr(response, "text", "")
    if not text:
        return None
    t2 = clock()
    if run is None:
        speaker.say(text)
    else:
        voice = str(getattr(speaker, "voice", "") or "")
        run.call("tts", lambda: speaker.say(text), lambda _job: TtsEnd(text, voice))
    return (clock() - t2) * 1000
