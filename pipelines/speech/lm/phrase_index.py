"""The sentences Homebody expects, searchable by sound: a misheard reading's nearest command.

A recogniser that mishears an odd voice still gets most of its sounds right: "can you list my
arms", "max not right". :class:`PhraseIndex` holds the command sentences the templates make
(the intent model's and the command LM's templates, filled with the user's devices, lists and
names), each as a phoneme string (:mod:`.phonemes`), and finds the one nearest to a reading by
phoneme edit distance. Numbers are slots, not words to repair: a run of number words is one
``#`` on both sides, and the repaired sentence keeps the numbers as heard. Politeness around a
command ("can you please", "hey", "... thanks": the templates' ``<pre>``, ``<ask>``,
``<lead_in>`` and ``<post>`` rules) is neither indexed nor repaired: it is cut off the reading,
the rest is matched, and it is put back as heard.

Search: a shortlist of the candidates sharing most phoneme trigrams with the reading
(:data:`SHORTLIST`, numpy over posting lists), then rapidfuzz's Levenshtein distance over the
shortlist, normalised by the longer string (0 = the same sounds, 1 = nothing in common).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ...language.spoken_form import spoken_form
from .phonemes import Pronouncer

FILLER_RULES = ("pre", "post", "ask", "lead_in")
"""Template rules that only wrap a command (left out of the index, kept as heard)."""
SHORTLIST = 200
"""Candidates (most phoneme trigrams shared) whose edit distance is computed."""

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand",
)  # fmt: skip
NUMBER_WORDS = frozenset(_UNITS)


@dataclass(frozen=True)
class Repair:
    text: str
    """The nearest command sentence, the reading's politeness and numbers put back."""
    distance: float
    """Phoneme edit distance of the command part, 0..1 (normalised by the longer string)."""
    core: str
    """The command sentence as indexed (numbers as ``#``)."""


def numbers_as_slots(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """Words with each run of number words as one ``#`` ("oh" only inside a run: "eight oh
    five"), and the runs as heard."""
    out: list[str] = []
    runs: list[str] = []
    run: list[str] = []
    for word in words:
        if word in NUMBER_WORDS or (word == "oh" and run):
            run.append(word)
            continue
        if run:
            out.append("#")
            runs.append(" ".join(run))
            run = []
        out.append(word)
    if run:
        out.append("#")
        runs.append(" ".join(run))
    return out, runs


class Fillers:
    """Politeness phrases at the start and end of a command, longest first."""

    def __init__(self, leading: Iterable[str], trailing: Iterable[str]) -> None:
        by_length = sorted({p for p in leading if p}, key=lambda p: -len(p.split()))
        self.leading = [p.split() for p in by_length]
        by_length = sorted({p for p in trailing if p}, key=lambda p: -len(p.split()))
        self.trailing = [p.split() for p in by_length]

    def split(self, words: list[str]) -> tuple[list[str], list[str], list[str]]:
        """(head, command, tail): fillers cut off the start (repeatedly) and the end (once);
        the command keeps at least one word."""
        start, end = 0, len(words)
        cut = True
        while cut:
            cut = False
            for phrase in self.leading:
                n = len(phrase)
                if end - start > n and words[start : start + n] == phrase:
                    start, cut = start + n, True
                    break
        for phrase in self.trailing:
            n = len(phrase)
            if end - start > n and words[end - n : end] == phrase:
                end -= n
                break
        return words[:start], words[start:end], words[end:]


class PhraseIndex:
    """Command sentences (politeness cut off, numbers as ``#``) by phoneme string."""

    def __init__(self, cores: Iterable[str], pronouncer: Pronouncer, fillers: Fillers) -> None:
        """``cores``: :func:`command_cores` of the sentences; ``fillers`` are cut off readings."""
        self.pronouncer = pronouncer
        self.fillers = fillers
        self.cores = list(dict.fromkeys(cores))
        self.sounds = [pronouncer.words(c.split()) for c in self.cores]
        self._slots = np.array([c.split().count("#") for c in self.cores], dtype=np.int16)
        grams: dict[str, list[int]] = {}
        sizes: list[int] = []
        for i, sound in enumerate(self.sounds):
            found = _trigrams(sound)
            sizes.append(max(1, len(found)))
            for gram in found:
                grams.setdefault(gram, []).append(i)
        self._postings = {g: np.array(ids, dtype=np.int32) for g, ids in grams.items()}
        self._sizes = np.array(sizes, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.cores)

    def nearest(self, text: str) -> Repair | None:
        """The indexed command nearest ``text`` by sound, with as many number slots as it has;
        None when nothing shares a sound with it."""
        from rapidfuzz.distance import Levenshtein  # lazy: start-up speed

        head, command, tail = self.fillers.split(spoken_form(text).split())
        if not command:
            return None
        words, runs = numbers_as_slots(command)
        sound = self.pronouncer.words(words)
        shortlist = self._shortlist(sound, len(runs))
        if not shortlist.size:
            return None
        best, distance = int(shortlist[0]), 1.0
        for i in shortlist.tolist():
            d = Levenshtein.normalized_distance(sound, self.sounds[i], score_cutoff=distance)
            if d < distance:
                best, distance = i, d
        numbers = iter(runs)
        core = self.cores[best]
        filled = [next(numbers) if w == "#" else w for w in core.split()]
        return Repair(" ".join([*head, *filled, *tail]), float(distance), core)

    def _shortlist(self, sound: str, slots: int) -> np.ndarray:
        grams = _trigrams(sound)
        lists = [self._postings[g] for g in grams if g in self._postings]
        if not lists:
            return np.zeros(0, dtype=np.int32)
        shared = np.bincount(np.concatenate(lists), minlength=len(self.cores)).astype(np.float32)
        score = shared / (self._sizes + len(grams))
        score[self._slots != slots] = -1.0
        count = min(SHORTLIST, len(score))
        top = np.argpartition(-score, count - 1)[:count]
        return top[score[top] > 0]


def command_cores(sentences: Iterable[str], fillers: Fillers) -> list[str]:
    """The command part of each sentence (spoken form, politeness cut off, numbers as ``#``),
    each once."""
    cores: dict[str, None] = {}
    for sentence in sentences:
        _, core, _ = fillers.split(spoken_form(sentence).split())
        if core:
            cores.setdefault(" ".join(numbers_as_slots(core)[0]), None)
    return list(cores)


def _trigrams(sound: str) -> set[str]:
    padded = f"^{sound}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def template_fillers(rules: Mapping[str, Sequence[str]]) -> Fillers:
    """Fillers from the templates' rule options (``rules.toml``)."""
    leading = [o for name in ("pre", "ask", "lead_in") for o in rules.get(name, ())]
    return Fillers(leading, rules.get("post", ()))
