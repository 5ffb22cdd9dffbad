"""Load ingredient-parser-nlp fully offline.

ingredient-parser-nlp bundles its CRF model, but its part-of-speech features come from NLTK's
``averaged_perceptron_tagger_eng``, which is *not* in the wheel: on import the package tries
to download it. Homebody never downloads at run time, so before importing the package we
swap the download for a no-op and give it :class:`IngredientPosTagger`, a small rule-based
Penn-Treebank tagger: the package's own ingredient tag dictionary (about a thousand
ingredient words), English closed-class words, number shapes and suffix rules. The CRF model
still decides every label; only its POS feature comes from these rules instead of NLTK's
perceptron weights.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ..core.errors import ModelError
from ..language.numbers import FRACTIONS, NUMBER_WORDS

_CLOSED_CLASS: dict[str, str] = {}
for _tag, _words in {
    "DT": "a an the this that these those each every any some no all both another",
    "IN": "of in on at by for with from into onto over under about than as per after before "
    "until during without within like near around through between if while because so",
    "CC": "and or but nor & plus and/or",
    "TO": "to",
    "PRP": "it they you i we he she them itself",
    "PRP$": "your my their its our his her",
    "MD": "can could may might should will would must",
    "RB": "not very more less well also just only too then again else optionally ahead",
    "VBZ": "is has does",
    "VBP": "are have do",
    "VB": "be use add see make",
    "JJ": "optional other such few many much several extra whole",
    "WRB": "how when where",
    "EX": "there",
}.items():
    for _word in _words.split():
        _CLOSED_CLASS[_word] = _tag

_PUNCTUATION = {
    ",": ",",
    ".": ".",
    ":": ":",
    ";": ":",
    "-": ":",
    "–": ":",
    "—": ":",
    "(": "(",
    ")": ")",
    "[": "(",
    "]": ")",
    "$": "$",
    "#": "#",
    '"': "''",
    "'": "''",
    "/": "SYM",
    "*": "SYM",
    "%": "NN",
    "!": ".",
    "?": ".",
    "~": "SYM",
    "+": "SYM",
    "&": "CC",
}
_NUMBER_WORDS = NUMBER_WORDS | set(FRACTIONS) | {"dozen"}
_FRACTIONS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_NUMBER = re.compile(
    rf"^[~≈]?[\d{_FRACTIONS}.,/#\-x×]*\d[\d{_FRACTIONS}.,/\-x×%]*$|^[{_FRACTIONS}]$"
)
_SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    ("ly", "RB"),
    ("ed", "VBN"),
    ("ing", "VBG"),
    ("ous", "JJ"),
    ("ful", "JJ"),
    ("ive", "JJ"),
    ("able", "JJ"),
    ("ible", "JJ"),
    ("est", "JJS"),
    ("ss", "NN"),
    ("s", "NNS"),
)


class IngredientPosTagger:
    """A deterministic Penn-Treebank POS tagger for ingredient sentences (``.tag(tokens)``)."""

    def __init__(self, tagdict: dict[str, str]) -> None:
        self.tagdict = dict(tagdict)

    def tag_word(self, word: str) -> str:
        if word in self.tagdict:
            return self.tagdict[word]
        lower = word.lower()
        if lower in self.tagdict:
            return self.tagdict[lower]
        if word in _PUNCTUATION:
            return _PUNCTUATION[word]
        if _NUMBER.match(word) or lower in _NUMBER_WORDS:
            return "CD"
        if lower in _CLOSED_CLASS:
            return _CLOSED_CLASS[lower]
        if not any(ch.isalnum() for ch in word):
            return "SYM"
        for suffix, tag in _SUFFIX_RULES:
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                return tag
        return "NN"

    def tag(self, tokens: Sequence[str]) -> list[tuple[str, str]]:
        return [(token, self.tag_word(token)) for token in tokens]


_LOCK = threading.Lock()
_PARSE: Callable[..., Any] | None = None


def ingredient_parse_function() -> Callable[..., Any]:
    """``ingredient_parser.parse_ingredient``, imported offline with the rule-based tagger."""
    global _PARSE
    with _LOCK:
        if _PARSE is not None:
            return _PARSE
        try:
            # lazy: start-up speed (loaded only when ingredient_parse_function() runs)
            import nltk.downloader

            original = nltk.downloader.download
            nltk.downloader.download = _refuse_download
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    # lazy: start-up speed (loaded only when ingredient_parse_function() runs)
                    import ingredient_parser

                    # lazy: start-up speed (loaded only when ingredient_parse_function() runs)
                    from ingredient_parser.en import _utils

                    # lazy: start-up speed (loaded only when ingredient_parse_function() runs)
                    from ingredient_parser.en._loaders import load_ingredient_tagdict
            finally:
                nltk.downloader.download = original
        except ImportError as exc:
            raise ModelError(
                "The ingredient parser (ingredient-parser-nlp) is not installed. "
                "Reinstall Homebody with its dependencies: pip install ingredient-parser-nlp"
            ) from exc
        tagger = IngredientPosTagger(load_ingredient_tagdict())
        setattr(_utils, "_get_pos_tagger", lambda: tagger)  # noqa: B010 - patching a module
        _PARSE = ingredient_parser.parse_ingredient
        return _PARSE


def _refuse_download(*args: object, **kwargs: object) -> bool:
    return False
