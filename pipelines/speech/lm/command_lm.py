"""The command language model: a trigram LM generated from the assistant's sentence templates.

Decoding commands with a language model that only knows how people talk to *this* assistant
cuts PocketSphinx's word error rate on commands from ~79% (its general English LM) to a few
percent. The corpus is sampled from :mod:`pipelines.language.templates` (the same templates
the intent model is trained on) plus every slot value in a short carrier phrase, so every
device, room, item and number the templates know is in the vocabulary.

The ARPA file is cached under the app's cache folder, keyed by a hash of the templates, so it
is rebuilt only when the templates (or the devices in the settings) change.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.errors import InputError
from ...language.spoken_form import extra_dictionary, spoken_form
from ...language.templates import load_templates, sample_sentences, templates_dir
from . import builds

if TYPE_CHECKING:
    from ...core.settings_schema import Settings

log = logging.getLogger(__name__)

CORPUS_SENTENCES = 200000
"""Sentences sampled for the LM: 40,000 left the trigram counts of 1,753 templates sparse
(development set: WER 27.4% -> 26.0%, intent from audio 67.2% -> 69.4%; builds in ~17 s, cached)."""
DISCOUNT_MASS = 0.1
LM_VERSION = "3"


@dataclass(frozen=True)
class CommandLm:
    path: Path
    sentences: int
    vocabulary: int
    dropped_oov: tuple[str, ...]
    """Template words the pronunciation dictionary does not know (their sentences are left out)."""


def template_fingerprint(settings: Settings | None = None) -> str:
    """A hash of every template, rule and value file, the extra pronunciations (+ configured
    devices)."""
    digest = hashlib.sha256(LM_VERSION.encode())
    folder = templates_dir()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    extra = extra_dictionary()
    if extra.exists():  # new pronunciations bring sentences back into the LM
        digest.update(extra.read_bytes())
    if settings is not None:
        for device in settings.mqtt.devices:
            digest.update(repr((device.name, device.aliases, device.room)).encode())
    digest.update(f"{CORPUS_SENTENCES}/{DISCOUNT_MASS}".encode())
    return digest.hexdigest()[:16]


def command_corpus(n: int = CORPUS_SENTENCES, settings: Settings | None = None) -> list[str]:
    """Sentences sampled from the templates, plus each slot value in a carrier phrase."""
    tset = load_templates(settings=settings)
    sentences = [spoken_form(s) for s in sample_sentences(n, seed=0, templates=tset)]
    for values in tset.values.values():
        sentences.extend(spoken_form(v) for v in values)
    return [s for s in sentences if s]


def build_arpa(
    sentences: Iterable[str],
    known: Callable[[str], bool],
    discount_mass: float = DISCOUNT_MASS,
) -> tuple[str, int, int, tuple[str, ...]]:
    """ARPA text for ``sentences``; sentences with words ``known`` rejects are left out."""
    from pocketsphinx.lm import ArpaBoLM  # lazy: only a build needs it (start-up speed)

    kept: list[str] = []
    oov: set[str] = set()
    for sentence in sentences:
        unknown = [w for w in sentence.split() if not known(w)]
        if unknown:
            oov.update(unknown)
            continue
        kept.append(sentence)
    if not kept:
        raise InputError("The sentence templates produced no usable sentences for speech.")
    lm = ArpaBoLM(text="\n".join(kept), add_start=True, discount_mass=discount_mass)
    lm.compute()
    out = io.StringIO()
    lm.write(out)
    return out.getvalue(), len(kept), len(lm.grams_1), tuple(sorted(oov))


def dictionary_words(*dict_paths: Path) -> set[str]:
    words: set[str] = set()
    for dict_path in dict_paths:
        words |= _words_in(dict_path)
    return words


def _words_in(dict_path: Path) -> set[str]:
    words: set[str] = set()
    with dict_path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            word = line.split(" ", 1)[0]
            if "(" in word:
                word = word[: word.index("(")]
            words.add(word)
    return words


def _read_lm(path: Path) -> CommandLm:
    lines = path.with_suffix(".oov").read_text(encoding="utf-8").splitlines()
    return CommandLm(path, int(lines[0]), int(lines[1]), tuple(lines[2:]))


def ensure_command_lm(
    cache_dir: Path,
    dict_paths: Iterable[Path],
    settings: Settings | None = None,
    *,
    wait: bool = True,
    use_prebuilt: bool = True,
) -> CommandLm:
    """The command LM for the current templates: the home's cached build, else the install's
    prebuilt one (builds.py), else built now — or, with ``wait=False`` and an older
    build at hand, that last good build while the new one is made in the background."""
    key = template_fingerprint(settings)
    name = f"command-{key}.arpa"
    found = builds.find(name, cache_dir) if use_prebuilt else None
    if found is None and (cache_dir / "speech" / name).is_file():
        found = cache_dir / "speech" / name
    if found is not None and found.with_suffix(".oov").is_file():
        return _read_lm(found)
    dicts = list(dict_paths)
    if not wait and use_prebuilt:
        last = builds.last_good(
            "command-*.arpa", cache_dir, lambda p: p.with_suffix(".oov").is_file()
        )
        if last is not None:
            log.info("speech: templates changed; listening with %s while %s builds", last, name)
            builds.in_background(
                name, lambda: ensure_command_lm(cache_dir, dicts, settings, use_prebuilt=False)
            )
            return _read_lm(last)
    return _build_lm(cache_dir / "speech", key, dicts, settings)


def _build_lm(
    folder: Path, key: str, dict_paths: Iterable[Path], settings: Settings | None
) -> CommandLm:
    path = folder / f"command-{key}.arpa"
    meta = path.with_suffix(".oov")
    vocab = dictionary_words(*dict_paths)
    arpa, n, v, oov = build_arpa(command_corpus(settings=settings), vocab.__contains__)
    if oov:
        log.warning("speech LM: %d template words have no pronunciation: %s", len(oov), oov[:20])
    folder.mkdir(parents=True, exist_ok=True)
    tmp_meta = meta.with_suffix(f".{os.getpid()}.tmpoov")
    tmp_meta.write_text("\n".join([str(n), str(v), *oov]), encoding="utf-8")
    tmp_meta.replace(meta)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(arpa, encoding="utf-8")
    tmp.replace(path)  # last: an .arpa is only ever seen complete and with its .oov
    for old in folder.glob("command-*.arpa"):
        if old != path:
            old.unlink(missing_ok=True)
            old.with_suffix(".oov").unlink(missing_ok=True)
    return CommandLm(path, n, v, oov)
