"""Text as it is spoken, for the speech recognisers' language models and grammars.

:func:`spoken_form` turns template and slot text into lower-case spoken words ("10" ->
"ten", "2nd" -> "second"); :func:`extra_dictionary` is the pronunciation list Homebody adds
to the recognisers' dictionaries for words they lack. Both are language facts the command LM
(speech/lm), the grammar and the recognisers (speech/asr) share.
"""

from __future__ import annotations

from pathlib import Path

from ..core.paths import assets_dir
from .generated_values import say

_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


def extra_dictionary() -> Path:
    """Pronunciations (CMUdict format) of words the recognisers' dictionaries lack."""
    return assets_dir() / "speech" / "extra-words.dict"


def spoken_form(text: str) -> str:
    """Lower-case words as they are spoken: digits spelled out ("10" -> "ten", "2nd" ->
    "second", "07" -> "oh seven"), punctuation other than apostrophes removed."""
    kept = "".join(c if c.isalnum() or c in " '" else " " for c in text.lower())
    words: list[str] = []
    for token in kept.split():
        if token.isdigit() and len(token) <= 3:
            if len(token) > 1 and token[0] == "0":
                words.extend(["oh", say(int(token))])
            else:
                words.append(say(int(token)))
        elif token[:-2].isdigit() and token[-2:] in _ORDINAL_SUFFIXES and len(token) <= 4:
            words.append(_ordinal(say(int(token[:-2]))))
        else:
            words.append(token)
    return " ".join(words)


def _ordinal(words: str) -> str:
    irregular = {
        "one": "first",
        "two": "second",
        "three": "third",
        "five": "fifth",
        "eight": "eighth",
        "nine": "ninth",
        "twelve": "twelfth",
    }
    head, _, last = words.rpartition(" ")
    if last in irregular:
        last = irregular[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}".strip()
