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
from pathlib import Path
from typing import TYPE_CHECKING

from ...language.templates import load_templates
from . import builds
from .command_lm import dictionary_words, template_fingerprint
from .grammar_build import build_graph
from .word_graph import WordGraph

if TYPE_CHECKING:
    from ...core.settings_schema import Settings

log = logging.getLogger(__name__)

GRAPH_VERSION = "1"


def ensure_command_graph(
    cache_dir: Path,
    dict_paths: Iterable[Path] | None,
    settings: Settings | None = None,
    *,
    use_prebuilt: bool = True,
) -> WordGraph:
    """The graph of the current templates (``dict_paths``: only words these pronunciation
    dictionaries know; None: every word): the home's cached build, else the install's
    prebuilt one (builds.py), else built now."""
    dicts = list(dict_paths) if dict_paths is not None else None
    name = graph_name(settings, dicts)
    found = builds.find(name, cache_dir) if use_prebuilt else None
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
    name = graph_name(settings, None)
    if builds.find(name, cache_dir) is not None:
        return ensure_command_graph(cache_dir, None, settings)
    builds.in_background(
        name, lambda: ensure_command_graph(cache_dir, None, settings, use_prebuilt=False), on_ready
    )
    return last_good_graph(cache_dir, None)


def graph_name(settings: Settings | None, dicts: list[Path] | None) -> str:
    key = f"{template_fingerprint(settings)}-{GRAPH_VERSION}{'d' if dicts else 'a'}"
    return f"grammar-{key}.txt"


def last_good_graph(cache_dir: Path, dicts: list[Path] | None) -> WordGraph | None:
    """The newest graph built before (other templates), for listening while one builds."""
    suffix = f"-{GRAPH_VERSION}{'d' if dicts else 'a'}.txt"
    last = builds.last_good("grammar-*" + suffix, cache_dir, lambda p: True)
    return WordGraph.loads(last.read_text(encoding="utf-8")) if last is not None else None


def _build_graph(path: Path, dicts: list[Path] | None, settings: Settings | None) -> WordGraph:
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
