"""Words as phoneme strings, one character per phoneme, for fuzzy matching by sound.

The pronunciations are PocketSphinx's CMU dictionary (plus Homebody's extra words): the first
pronunciation of each word, stress dropped, each of the 39 ARPAbet phonemes mapped to one
character so that an edit distance over the string counts phonemes. Words the dictionaries
lack (a recogniser's rare word, a made-up name) get a crude spelling-based guess
(:func:`guess`): good enough to weigh them, never to match them exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

PHONEMES = (
    "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH",
    "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH",
    "UW", "V", "W", "Y", "Z", "ZH",
)  # fmt: skip
CHAR = {p: chr(ord("A") + i) if i < 26 else chr(ord("a") + i - 26) for i, p in enumerate(PHONEMES)}
"""One character per phoneme: "A".."Z" then "a".."m"."""

_LETTERS = {
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH", "i": "IH",
    "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P", "q": "K", "r": "R",
    "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S", "y": "Y", "z": "Z",
}  # fmt: skip
_PAIRS = {"th": "TH", "sh": "SH", "ch": "CH", "ph": "F", "ck": "K", "ng": "NG", "ee": "IY",
          "oo": "UW", "ou": "AW", "ai": "EY", "ay": "EY", "ea": "IY", "oa": "OW"}  # fmt: skip


def guess(word: str) -> str:
    """A rough phoneme string for a word no dictionary knows, from its spelling."""
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = _PAIRS.get(word[i : i + 2])
        if pair is not None:
            out.append(CHAR[pair])
            i += 2
            continue
        letters = _LETTERS.get(word[i], "")
        out.extend(CHAR[p] for p in letters.split())
        i += 1
    return "".join(c for n, c in enumerate(out) if n == 0 or c != out[n - 1])


def read_dictionaries(paths: Iterable[Path]) -> dict[str, str]:
    """word -> phoneme string, the first pronunciation of each word in the first file that
    has it (CMUdict format: ``word P1 P2 ...``, variants as ``word(2)``)."""
    found: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) < 2 or "(" in parts[0] or parts[0] in found:
                    continue
                chars = [CHAR.get(p.rstrip("012")) for p in parts[1:]]
                if all(chars):
                    found[parts[0]] = "".join(c for c in chars if c)
    return found


class Pronouncer:
    """Phoneme strings of words and sentences (``#`` stays ``#``: a number, see phrase_index)."""

    def __init__(self, dictionary: Mapping[str, str]) -> None:
        self.dictionary = dictionary

    def word(self, word: str) -> str:
        if word == "#":
            return "#"
        known = self.dictionary.get(word)
        return known if known is not None else guess(word.replace("'", ""))

    def words(self, words: Iterable[str]) -> str:
        return "".join(self.word(w) for w in words)
