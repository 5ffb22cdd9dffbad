"""Adaptive endpointing: does what the user said so far already form a complete command?

Waiting a fixed 700 ms of silence after every command is most of the voice latency. When the
partial transcript is understood with confidence and carries the slots its intent needs
("set a timer for five minutes" has its duration; "set a timer for five" does not), a short
pause is enough to answer. Open-ended requests (lists, recipes by name, unit questions) and
anything uncertain wait longer, so a thinking pause does not cut them off.

Three verdicts, three silences: *complete* (``quick_end_silence_ms``, 200 ms); *likely*, the
words are understood as a request the assistant handles but may go on ("yes go for it",
"turn the lights" understood with 0.5-0.8 confidence): ``LIKELY_SILENCE_MS``; everything else
(not understood, out of scope, open-ended, a required slot missing): the full
``trailing_silence_ms`` (700 ms).

The command grammar (:mod:`.command_grammar`) adds to that: words that form a whole template
sentence nothing can follow are complete; a whole sentence that longer ones continue is likely.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.intent import NO_ACTION_INTENTS, Intent
from ..lm.word_graph import Reach

REQUIRED_SLOTS: dict[str, tuple[str, ...]] = {
    "timer_start": ("duration",),
    "alarm_set": ("time",),
    "light_set": ("level", "color"),  # either one
    "volume_set": ("level",),
    "recipe_step_goto": ("step",),
    "recipe_scale": ("factor", "quantity"),
}
OPEN_ENDED = frozenset({"list_add", "list_remove", "recipe_find", "unit_convert"})
"""Intents whose slot may run on ("eggs ... and milk"): complete only once a closing phrase
has been heard (see :func:`_closed`)."""
LIKELY_SILENCE_MS = 400
"""Silence that ends a request which is understood but may go on."""
LIKELY_THRESHOLD = 0.5
"""Intent confidence from which a request counts as understood (for the middle silence)."""
GRAMMAR_LIKELY = frozenset({Reach.SENTENCE})
"""Grammar verdicts that end after the middle silence: a whole command sentence that could
still go on. Adding ``Reach.NONE`` (words no command begins with: a misrecognition or not a
command) took the development p95 from 772 to 564 ms, but cut 52 instead of 36 of 60
commands with a 0.5 s pause in the middle into two (docs/VOICE.md): not adopted."""
# fmt: off
UNFINISHED = frozenset({
    "a", "an", "the", "my", "your", "our", "their", "its", "to", "for", "of", "at", "from",
    "into", "and", "or", "but", "is", "are", "was", "be", "what's", "whats", "what", "which",
    "how", "where", "who", "can", "could", "would", "will", "i", "i'm", "um", "uh", "er",
})
# fmt: on
"""Words a command does not end on ("what is on ...", "set a timer for ...", "add eggs and
..."): a partial ending in one is mid-phrase, whatever the intent model makes of it, so it
gets neither the quick nor the middle silence (issue 23: "um what is on" was answered as a
complete question and its tail became a second turn). Particles that end commands ("turn it
on", "make it stop", "... please") are not in it; a one-word partial never counts."""
SHORT_ANSWERS = frozenset({"affirm", "deny"})
"""Complete when short ("yes", "no thanks"); a longer answer may go on ("no, I meant ...")."""


def mid_phrase(text: str) -> bool:
    """The words stop on one no command ends on (a one-word command counts as ended)."""
    words = text.split()
    return len(words) > 1 and words[-1] in UNFINISHED


def _closed(intent: Intent, text: str) -> bool:
    """An open-ended request whose closing phrase has been said."""
    if intent.name in ("list_add", "list_remove"):
        # "... to the shopping list" / "... from my to-do list": the list name comes last
        return "list" in intent.slots and text.endswith("list")
    if intent.name == "unit_convert":
        # "how many ml is two cups": both units and the amount are there
        unit = intent.slots.get("unit")
        return isinstance(unit, list) and len(unit) == 2 and "quantity" in intent.slots
    return False


class CommandCompleteness:
    """``judge(text)`` is called with each new partial transcript: complete, likely."""

    def __init__(
        self,
        understand: Callable[[str], Intent],
        threshold: float = 0.8,
        likely_threshold: float = LIKELY_THRESHOLD,
        grammar: Callable[[str], Reach] | None = None,
    ) -> None:
        self.understand = understand
        self.threshold = threshold
        self.likely_threshold = likely_threshold
        self.grammar = grammar
        """Where the words stand in the command grammar (command_grammar.WordGraph.reach)."""
        self._last: tuple[str, bool, bool] = ("", False, False)

    def __call__(self, text: str) -> bool:
        """Whether ``text`` is a complete command."""
        return self.judge(text)[0]

    def likely(self, text: str) -> bool:
        """Whether ``text`` is understood as a request (complete or not)."""
        return self.judge(text)[1]

    def judge(self, text: str) -> tuple[bool, bool]:
        text = text.strip()
        if not text:
            return False, False
        if text == self._last[0]:
            return self._last[1], self._last[2]
        if mid_phrase(text):
            self._last = (text, False, False)
            return False, False
        intent = self.understand(text)
        complete = self._judge(intent, text)
        likely = complete or self._understood(intent)
        if self.grammar is not None and not complete:
            reach = self.grammar(text)
            complete = reach is Reach.END
            likely = likely or complete or reach in GRAMMAR_LIKELY
        self._last = (text, complete, likely)
        return complete, likely

    def _understood(self, intent: Intent) -> bool:
        """A request the assistant handles, not waiting for a slot it cannot do without, and
        not one that runs on (a list of items keeps the full silence)."""
        if intent.name in NO_ACTION_INTENTS or intent.confidence < self.likely_threshold:
            return False
        if intent.name in OPEN_ENDED:
            return False
        needed = REQUIRED_SLOTS.get(intent.name)
        return needed is None or any(slot in intent.slots for slot in needed)

    def _judge(self, intent: Intent, text: str) -> bool:
        if intent.name in NO_ACTION_INTENTS or intent.confidence < self.threshold:
            return False
        if intent.name in OPEN_ENDED:
            return _closed(intent, text)
        if intent.name in SHORT_ANSWERS:
            return len(text.split()) <= 3
        needed = REQUIRED_SLOTS.get(intent.name)
        return needed is None or any(slot in intent.slots for slot in needed)
