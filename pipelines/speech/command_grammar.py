"""The command grammar: a word graph that accepts exactly the template sentences.

Every template, with its rules and slot value lists expanded in place, becomes a path through
one graph, which is made deterministic (templates sharing a beginning share states) and then
minimal (templates sharing an ending share states): ~22,000 states and ~155,000 word arcs for
1,753 templates, built in ~5 s once and cached like the command LM (~20 MB in memory).

Used for endpointing (:mod:`.endpointing`): whether the words heard so far are a whole command
sentence, one that nothing can follow, the beginning of one, or no command at all.

As a PocketSphinx FSG search (``python -m bench.voice_dev --grammar``) it is the "JSGF grammar"
the issue suggests, built without JSGF's null transitions; on the development set it lost to
the command LM in accuracy and took ~5x the CPU (docs/VOICE.md), so it does not decode.
Words the pronunciation dictionary lacks remove the paths through them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .command_lm import dictionary_words, template_fingerprint

if TYPE_CHECKING:
    from ..core.settings_schema import Settings

log = logging.getLogger(__name__)

Arc = tuple[int, int, str]
"""(source state, target state, word)."""
GRAPH_VERSION = "1"


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


def ensure_command_graph(
    cache_dir: Path,
    dict_paths: Iterable[Path] | None,
    settings: Settings | None = None,
    *,
    use_prebuilt: bool = True,
) -> WordGraph:
    """The graph of the current templates (``dict_paths``: only words these pronunciation
    dictionaries know; None: every word): the home's cached build, else the install's
    prebuilt one (speech_builds.py), else built now."""
    from . import speech_builds

    dicts = list(dict_paths) if dict_paths is not None else None
    name = graph_name(settings, dicts)
    found = speech_builds.find(name, cache_dir) if use_prebuilt else None
    if found is None and (cache_dir / "speech" / name).is_file():
        found = cache_dir / "speech" / name
    if found is not None:
        return WordGraph.loads(found.read_text(encoding="utf-8"))
    return _build_graph(cache_dir / "speech" / name, dicts, settings)


def command_graph_soon(
    cache_dir: Path, settings: Settings | None, on_ready: Callable[[WordGraph], None]
) -> WordGraph | None:
    """The graph for the current templates if one is built; else the last good graph (or
    None) now, while the current one builds in the background and goes to ``on_ready``."""
    from . import speech_builds

    name = graph_name(settings, None)
    if speech_builds.find(name, cache_dir) is not None:
        return ensure_command_graph(cache_dir, None, settings)
    speech_builds.in_background(
        name, lambda: ensure_command_graph(cache_dir, None, settings, use_prebuilt=False), on_ready
    )
    return last_good_graph(cache_dir, None)


def graph_name(settings: Settings | None, dicts: list[Path] | None) -> str:
    key = f"{template_fingerprint(settings)}-{GRAPH_VERSION}{'d' if dicts else 'a'}"
    return f"grammar-{key}.txt"


def last_good_graph(cache_dir: Path, dicts: list[Path] | None) -> WordGraph | None:
    """The newest graph built before (other templates), for listening while one builds."""
    from . import speech_builds

    suffix = f"-{GRAPH_VERSION}{'d' if dicts else 'a'}.txt"
    last = speech_builds.last_good("grammar-*" + suffix, cache_dir, lambda p: True)
    return WordGraph.loads(last.read_text(encoding="utf-8")) if last is not None else None


def _build_graph(path: Path, dicts: list[Path] | None, settings: Settings | None) -> WordGraph:
    from ..language.templates import load_templates
    from .grammar_build import build_graph

    folder = path.parent
    tset = load_templates(settings=settings)
    vocab = dictionary_words(*dicts) if dicts else None
    graph = build_graph(
        [t.tree for t in tset.templates],
        tset.rules,
        tset.values,
        vocab.__contains__ if vocab is not None else lambda _w: True,
    )
    log.info("command grammar: %d states, %d arcs", graph.states, len(graph.arcs))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(graph.dumps(), encoding="utf-8")
    tmp.replace(path)
    for old in folder.glob("grammar-*.txt"):
        if old != path:
            old.unlink(missing_ok=True)
    return graph
