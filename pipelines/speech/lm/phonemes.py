"""Words as phoneme strings, one character per phoneme, for fuzzy matching by sound.

The pronunciations are PocketSphinx's CMU dictionary (plus Homebody's extra words): the first
pronunciation of each word, stress dropped, each of the 39 ARPAbet phonemes mapped to one
character so that an edit distance over the string counts phonemes. Words the dictionaries
lack (a recogniser's rare word, a made-up name) get a crude spelling-based guess
(:func:`guess`): good enough to weigh them, never to match them exactly.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

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


class Lookup(Protocol):
    def get(self, word: str, /) -> str | None: ...


class Pronouncer:
    """Phoneme strings of words and sentences (``#`` stays ``#``: a number, see phrase_index)."""

    def __init__(self, dictionary: Lookup) -> None:
        self.dictionary = dictionary

    def word(self, word: str) -> str:
        if word == "#":
            return "#"
        known = self.dictionary.get(word)
        return known if known is not None else guess(word.replace("'", ""))

    def words(self, words: Iterable[str]) -> str:
        return "".join(self.word(w) for w in words)


class LookedUpDictionary:
    """word -> phoneme string like :func:`read_dictionaries`, read from the files on demand:
    a sorted CMUdict file is searched by bisection over a memory map (the 126,000-word
    dictionary as a dict held ~18 MB in every voice loop), a small or unsorted one is read
    whole. Words looked up are kept (a household's vocabulary is a few thousand words)."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._sources: list[dict[str, str] | mmap.mmap] = []
        for path in paths:
            if path.stat().st_size > _MAP_FROM_BYTES and _sorted(path):
                with path.open("rb") as handle:
                    self._sources.append(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
            else:
                self._sources.append(read_dictionaries([path]))
        self._known: dict[str, str | None] = {}

    def get(self, word: str) -> str | None:
        if word not in self._known:
            self._known[word] = next(
                (found for s in self._sources if (found := _look_up(s, word)) is not None), None
            )
        return self._known[word]


_MAP_FROM_BYTES = 1 << 20


def _base(line: bytes) -> bytes:
    return line.split(b" ", 1)[0].split(b"(", 1)[0]


def _sorted(path: Path) -> bool:
    """Whether the file's words (variants ``word(2)`` as ``word``) are in byte order."""
    previous = b""
    with path.open("rb") as handle:
        for line in handle:
            key = _base(line)
            if key < previous:
                return False
            previous = key
    return True


def _look_up(source: dict[str, str] | mmap.mmap, word: str) -> str | None:
    if isinstance(source, dict):
        return source.get(word)
    key = word.encode("utf-8", errors="replace")
    low, high = 0, len(source)
    while low < high:  # the first line whose word is >= key
        middle = (low + high) // 2
        start = source.rfind(b"\n", 0, middle) + 1
        end = source.find(b"\n", start)
        end = len(source) if end < 0 else end
        if _base(source[start:end]) < key:
            low = end + 1
        else:
            high = start
    end = source.find(b"\n", low)
    parts = source[low : len(source) if end < 0 else end].decode("utf-8", "replace").split()
    if len(parts) < 2 or parts[0] != word:
        return None
    chars = [CHAR.get(p.rstrip("012")) for p in parts[1:]]
    return "".join(c for c in chars if c) if all(chars) else None
