"""The answer to "Which one: A, B or C?": "the first one", "number two", "the last one", "the
coconut one", or the option said in full. Pure: the options and the words in, one option out."""

from __future__ import annotations

import re

_ORDINALS = {
    "first": 0, "1st": 0, "one": 0, "1": 0, "second": 1, "2nd": 1, "two": 1, "2": 1,
    "third": 2, "3rd": 2, "three": 2, "3": 2, "fourth": 3, "4th": 3, "four": 3, "4": 3,
    "last": -1,
}  # fmt: skip
_ORDINAL = re.compile(
    r"^(?:the |number |no |option |choice )*(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|last|"
    r"one|two|three|four|[1-4])(?: one| recipe| option)?(?: please)?$"
)
_FILLER = frozenset({"the", "one", "a", "an", "please", "recipe", "i", "want", "with", "and", "of"})
_WORD = re.compile(r"[a-z0-9]+")


def pick(options: list[str], said: str) -> str | None:
    """The option ``said`` points at, or None when it points at none or at several."""
    text = " ".join(_WORD.findall(said.lower()))
    found = _ORDINAL.match(text)
    if found and options:
        index = _ORDINALS[found.group("n")]
        return options[index] if -len(options) <= index < len(options) else None
    words = {w for w in text.split() if w not in _FILLER}
    if not words:
        return None
    fits = [o for o in options if words <= set(_WORD.findall(o.lower()))]
    return fits[0] if len(fits) == 1 else None
