"""Build (or read back) the :class:`~.phrase_index.PhraseIndex` of the user's command sentences.

The sentences are the templates' (the intent model's and the command LM's), politeness rules
emptied (:data:`~.phrase_index.FILLER_RULES`: it is cut off readings, not repaired), up to
:data:`PER_TEMPLATE` distinct fillings of each template, the user's devices and rooms
included. Sampling ~70k sentences takes ~20 s on a loaded core, so the command parts (numbers
as ``#``) are cached under the home's cache folder, keyed like the command LM by the
templates' fingerprint; the index itself (phoneme strings and trigram postings) is built from
them in a few seconds, on a background thread (``phrase_repair.PhraseRepairer``), once per
process and templates (every voice loop of the process shares it). The shipped
templates' sentences are prebuilt at install time beside the command LM (``speech_builds.py``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ...language.template_syntax import parse
from ...language.templates import expand, load_templates, templates_dir
from . import builds
from .command_lm import template_fingerprint
from .phonemes import LookedUpDictionary, Pronouncer
from .phrase_index import FILLER_RULES, Fillers, PhraseIndex, command_cores, template_fillers

if TYPE_CHECKING:
    from ...core.settings_schema import Settings

log = logging.getLogger(__name__)

PER_TEMPLATE = 40
"""Distinct fillings sampled per template (numbers are one slot, so few are needed for them;
device x room templates are covered only in part: a repair may then change "turn off" into
"switch off", same intent)."""
PHRASES_VERSION = "1"


def fillers() -> Fillers:
    """The politeness phrases of ``rules.toml``."""
    path = templates_dir() / "rules.toml"
    rules = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    lists = {k: [str(o) for o in v] for k, v in rules.items() if isinstance(v, list)}
    return template_fillers(lists)


def command_sentences(
    settings: Settings | None = None, per_template: int = PER_TEMPLATE
) -> list[str]:
    """Up to ``per_template`` fillings of every template, politeness rules emptied."""
    tset = load_templates(settings=settings)
    rules = dict(tset.rules)
    for name in FILLER_RULES:
        rules[name] = parse("()")
    tset = dataclasses.replace(tset, rules=rules)
    return [e.text for e in expand(per_template, seed=0, templates=tset)]


def load_phrase_index(
    cache_dir: Path,
    dict_paths: Iterable[Path],
    settings: Settings | None = None,
    per_template: int = PER_TEMPLATE,
    *,
    use_prebuilt: bool = True,
) -> PhraseIndex:
    """The index of the current templates' command sentences: sampled once per template
    change and cached as text under ``cache_dir/speech``, or read from the install's prebuilt
    folder (``speech_builds.py``, like the command LM)."""
    key = f"{template_fingerprint(settings)}-{PHRASES_VERSION}-{per_template}"
    name = f"phrases-{key}.txt"
    path = cache_dir / "speech" / name
    dicts = list(dict_paths)
    with _lock:  # one index per templates and dictionaries in a process (every voice loop)
        known = _loaded.get((key, tuple(dicts)))
    if known is not None:
        if not use_prebuilt and not path.is_file():  # a prebuild wants the file
            _write(path, known.cores)
        return known
    found = builds.find(name, cache_dir) if use_prebuilt else None
    pronouncer = Pronouncer(LookedUpDictionary(dicts))
    cut = fillers()
    if found is not None or path.is_file():
        text = (found or path).read_text(encoding="utf-8")
        index = PhraseIndex(text.splitlines(), pronouncer, cut)
    else:
        sentences = command_sentences(settings, per_template)
        index = PhraseIndex(command_cores(sentences, cut), pronouncer, cut)
        _write(path, index.cores)
        log.info("speech: %d command sentences indexed for repair", len(index))
    with _lock:
        _loaded[(key, tuple(dicts))] = index
    return index


_lock = threading.Lock()
_loaded: dict[tuple[str, tuple[Path, ...]], PhraseIndex] = {}


def _write(path: Path, cores: list[str]) -> None:
    """The command parts as text, atomically; older builds in the folder removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text("\n".join(cores), encoding="utf-8")
    tmp.replace(path)
    for old in path.parent.glob("phrases-*.txt"):
        if old != path:
            old.unlink(missing_ok=True)
