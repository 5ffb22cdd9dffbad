"""The command grammar's data structure: a deterministic, minimal word graph and where a word
sequence stands in it (:class:`Reach`). Built from the templates by :mod:`.grammar_build`,
cached and loaded by :mod:`.command_grammar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

Arc = tuple[int, int, str]
"""(source state, target state, word)."""


class Reach(StrEnum):
    """Where a word sequence stands in the grammar."""

    NONE = "none"
    """Not the beginning of any command sentence."""
    PREFIX = "prefix"
    """The beginning of a command sentence, not a whole one."""
    SENTENCE = "sentence"
    """A whole command sentence that longer ones continue ("add eggs" ... "and milk")."""
    END = "end"
    """A whole command sentence that no command sentence continues."""


@dataclass(frozen=True)
class WordGraph:
    """A deterministic, minimal word graph: state 0 is the start."""

    arcs: tuple[Arc, ...]
    finals: frozenset[int]
    states: int
    _next: dict[tuple[int, str], int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._next.update(((src, word), dst) for src, dst, word in self.arcs)

    def state_after(self, words: Iterable[str]) -> int | None:
        state: int | None = 0
        for word in words:
            state = self._next.get((state, word)) if state is not None else None
        return state

    def accepts(self, words: Iterable[str]) -> bool:
        return self.state_after(words) in self.finals

    def reach(self, text: str) -> Reach:
        state = self.state_after(text.split())
        if state is None:
            return Reach.NONE
        if state not in self.finals:
            return Reach.PREFIX
        return Reach.SENTENCE if state in self._open else Reach.END

    @property
    def _open(self) -> frozenset[int]:
        """States with a word leaving them."""
        found = self.__dict__.get("_open_states")
        if found is None:
            found = frozenset(src for src, _, _ in self.arcs)
            self.__dict__["_open_states"] = found
        return found

    def transitions(self, final_weight: float = 1.0) -> list[tuple[object, ...]]:
        """PocketSphinx ``create_fsg`` transitions: the words leaving a state share its
        probability evenly; accepting states lead to one extra final state (number
        ``states``) with a null transition (weight ``final_weight`` of a word)."""
        out_degree = [0.0] * self.states
        for src, _, _ in self.arcs:
            out_degree[src] += 1.0
        for state in self.finals:
            out_degree[state] += final_weight
        out: list[tuple[object, ...]] = [
            (src, dst, 1.0 / out_degree[src], word) for src, dst, word in self.arcs
        ]
        out.extend((s, self.states, final_weight / out_degree[s]) for s in self.finals)
        return out

    def dumps(self) -> str:
        head = f"{self.states} " + " ".join(str(s) for s in sorted(self.finals))
        return "\n".join([head, *(f"{s} {d} {w}" for s, d, w in self.arcs)])

    @classmethod
    def loads(cls, text: str) -> WordGraph:
        head, *lines = text.splitlines()
        states, *finals = (int(x) for x in head.split())
        arcs = []
        for line in lines:
            src, dst, word = line.split(" ", 2)
            arcs.append((int(src), int(dst), word))
        return cls(tuple(arcs), frozenset(finals), states)
