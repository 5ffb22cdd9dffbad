"""The fast path: answer on PocketSphinx's reading at the endpoint, without waiting for Whisper.

Every command is read by both recognisers and the readings vote (reading_chooser.py); the vote
waits for Whisper's decode, which started when the speaker paused and is, on two cores, most of
what is left of the reply time once the command has ended. When PocketSphinx's final reading
is one the vote would not overturn, that wait buys nothing: the command ended on the
endpointer's verdict on the words (``complete`` or ``sure``), PocketSphinx heard its words
surely (mean word posterior >= ``FAST_ASR_CONFIDENCE``) and the intent model is sure of the
request they make (>= ``FAST_INTENT_CONFIDENCE``). Then the reply goes out on that reading and
Whisper's pass is left to finish unread.

Chosen on development voices only (docs/VOICE.md, "The sure ending and the fast path"): on 480
development turns 122 qualified at 0.95 / 0.7 with no command lost; on the 144 of
``bench.voice_latency_dev --commands 24`` 51 with none lost and one gained.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.intent import NO_ACTION_INTENTS, Intent
from ..asr.base import Transcript

FAST_INTENT_CONFIDENCE = 0.95
"""The intent model's confidence in PocketSphinx's reading."""
FAST_ASR_CONFIDENCE = 0.7
"""PocketSphinx's mean word posterior of its reading."""
FAST_PATH = True
"""False: every reply waits for the vote (benchmarks compare)."""
QUICK_ENDS = frozenset({"complete", "sure"})
"""How a command must have ended: on the endpointer's verdict that its words are complete."""


def answers_alone(transcript: Transcript, reason: str, understand: Callable[[str], Intent]) -> bool:
    """Whether PocketSphinx's final ``transcript`` of a command that ended for ``reason`` is
    sure enough to answer on without Whisper's reading."""
    if not FAST_PATH or reason not in QUICK_ENDS or not transcript.text.strip():
        return False
    if transcript.mode != "command" or transcript.confidence < FAST_ASR_CONFIDENCE:
        return False
    intent = understand(" ".join(transcript.text.split()))
    return intent.name not in NO_ACTION_INTENTS and intent.confidence >= FAST_INTENT_CONFIDENCE
