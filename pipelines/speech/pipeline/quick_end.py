"""The sure ending: a command whose words leave no doubt ends after a shorter pause (issue 23).

The endpointer's "complete" verdict (endpointing.py) ends a command after
``quick_end_silence_ms`` (200 ms) of silence. Most of the reply time left after that is the
pause itself, so a partial transcript that is *surely* a whole command ends sooner, after
``SURE_SILENCE_MS``. A partial that parses is not proof that the phrase ended, so "sure" asks
more than "complete" does, all of it from the words, decided in audio time like every verdict:

- the endpointer calls the words complete (a request the intent model is >= 0.8 sure of, with
  the slots it needs, not open-ended, not stopping on a word no command ends on);
- the intent model is at least ``SURE_CONFIDENCE`` sure of it;
- the last word is a plausible ending: not one no command ends on (``UNFINISHED``), not a
  number (a unit or the minutes may follow: "five | minutes", "at seven | thirty"), not a
  filler ("um");
- the command grammar does not know the words as the beginning of a longer command sentence
  (``Reach.PREFIX`` / ``Reach.SENTENCE``: "don't wake me" | "up on the twenty first").

Anything else keeps the waits it had; the sure ending can only shorten one.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.intent import NO_ACTION_INTENTS, Intent
from ...language.numbers import is_number_token
from ..lm.word_graph import Reach
from .endpointing import UNFINISHED

SURE_SILENCE_MS = 120
"""Silence that ends a sure command (0 turns the sure ending off)."""
SURE_CONFIDENCE = 0.95
"""Intent confidence from which complete words are a sure command."""
OPEN_REACH = frozenset({Reach.PREFIX, Reach.SENTENCE})
"""Grammar verdicts under which the words may go on: never a sure ending."""
UNKNOWN_WORDS_SURE = True
"""Words the grammar knows no command sentence beginning with (``Reach.NONE``: the command
LM's paraphrases, a name the templates lack) may be sure (False: only a whole sentence that
nothing continues, ``Reach.END``)."""
FILLERS = frozenset({"um", "uh", "er", "erm", "hmm", "mm", "ah", "oh"})


def plausible_ending(text: str) -> bool:
    """The words stop where a command can stop (at least two words; the last one neither a
    word no command ends on, nor a number, nor a filler)."""
    words = text.split()
    if len(words) < 2:
        return False
    last = words[-1]
    return last not in UNFINISHED and last not in FILLERS and not is_number_token(last)


def sure_ending(text: str, intent: Intent, reach: Reach | None) -> bool:
    """Whether words the endpointer already calls complete are surely a whole command
    (``reach``: where they stand in the command grammar, None when it is not built yet)."""
    if intent.name in NO_ACTION_INTENTS or intent.confidence < SURE_CONFIDENCE:
        return False
    if reach is None or reach in OPEN_REACH:
        return False
    if reach is Reach.NONE and not UNKNOWN_WORDS_SURE:
        return False
    return plausible_ending(text)


def sure_words(judge: Callable[[str], bool], text: str) -> bool:
    """Whether the endpointer ``judge`` (endpointing.CommandCompleteness: its intent model
    and command grammar) calls ``text`` complete and it is surely a whole command."""
    understand = getattr(judge, "understand", None)
    text = text.strip()
    if not callable(understand) or not judge(text):
        return False
    grammar = getattr(judge, "grammar", None)
    reach = grammar(text) if callable(grammar) else None
    intent = understand(text)
    return isinstance(intent, Intent) and sure_ending(text, intent, reach)
