"""The command LM with the household's accepted commands added (self-adaptation, LM counts).

Built from the template corpus (:func:`~pipelines.speech.lm.command_lm.command_corpus`) plus the
kept commands (:func:`.self_adaptation.household_corpus`), into the ``heard_commands`` folder
of the data directory: it holds the household's words, so it belongs to that privacy category
and is deleted with it. Named by the templates' fingerprint and a hash of the kept commands: a
template change or a deletion makes it stale, and a stale one is never used.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..lm.command_lm import DISCOUNT_MASS, command_corpus, dictionary_words, template_fingerprint
from .self_adaptation import TABLE, HeardCommands, SelfAdaptation, household_corpus

FOLDER = TABLE
"""``<data dir>/heard_commands``: the privacy category's files."""


def _name(settings: Any, texts: list[str]) -> str:
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    return f"household-{template_fingerprint(settings)}-{digest}.arpa"


Counts = dict[str, dict[str, int]]
"""n-gram order ("1", "2", "3") -> space-joined n-gram -> count."""


def count_ngrams(
    sentences: Iterable[str], known: Callable[[str], bool], counts: Counts | None = None
) -> Counts:
    """Add the n-grams of ``sentences`` (with ``<s>``/``</s>``, as the command LM is built;
    sentences with unknown words left out) to ``counts``."""
    out = counts if counts is not None else {"1": {}, "2": {}, "3": {}}
    for sentence, k in Counter(sentences).items():
        words = sentence.split()
        if not words or not all(known(w) for w in words):
            continue
        words = ["<s>", *words, "</s>"]
        for n in (1, 2, 3):
            table = out[str(n)]
            for j in range(len(words) - n + 1):
                gram = " ".join(words[j : j + n])
                table[gram] = table.get(gram, 0) + k
    return out


def template_counts(cache_dir: Path, known: Callable[[str], bool], settings: Any = None) -> Counts:
    """The template corpus's n-gram counts, counted once per template change (~20-50 s)
    and cached: a rebuild with the household's commands then takes a few seconds."""
    path = cache_dir / "speech" / f"ngrams-{template_fingerprint(settings)}.json"
    if path.is_file():
        loaded: Counts = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    counts = count_ngrams(command_corpus(settings=settings), known)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(counts), encoding="utf-8")
    tmp.replace(path)
    for old in path.parent.glob("ngrams-*.json"):
        if old != path:
            old.unlink(missing_ok=True)
    return counts


def arpa_from_counts(counts: Counts, discount_mass: float = DISCOUNT_MASS) -> str:
    """ARPA text, smoothed exactly as :func:`~pipelines.speech.lm.command_lm.build_arpa`."""
    # lazy: start-up speed (pocketsphinx.lm loads only when arpa_from_counts() runs)
    from pocketsphinx.lm import ArpaBoLM

    lm = ArpaBoLM(add_start=True, discount_mass=discount_mass)
    for gram, k in counts["1"].items():
        lm.grams_1[gram] += k
    for gram, k in counts["2"].items():
        w1, w2 = gram.split(" ")
        lm.grams_2[w1][w2] += k
    for gram, k in counts["3"].items():
        w1, w2, w3 = gram.split(" ")
        lm.grams_3[w1][w2][w3] += k
    lm.sent_count = counts["1"].get("<s>", 0)
    lm.compute()
    out = io.StringIO()
    lm.write(out)
    return out.getvalue()


def build_household_lm(
    data_dir: Path,
    dict_paths: Iterable[Path],
    texts: list[str],
    settings: Any = None,
    cache_dir: Path | None = None,
) -> Path:
    """Write the adapted LM (replacing any older one) and return its path."""
    folder = data_dir / FOLDER
    path = folder / _name(settings, texts)
    if path.is_file():
        return path
    known = dictionary_words(*dict_paths).__contains__
    base = template_counts(cache_dir or data_dir.parent / "cache", known, settings)
    counts = {n: dict(table) for n, table in base.items()}
    arpa = arpa_from_counts(count_ngrams(household_corpus(texts), known, counts))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(arpa, encoding="utf-8")
    tmp.replace(path)
    for old in folder.glob("household-*.arpa"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def current_household_lm(data_dir: Path, settings: Any = None) -> Path | None:
    """The household LM for today's templates, if one was built (else the template LM)."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return None
    prefix = f"household-{template_fingerprint(settings)}-"
    found = sorted(folder.glob(f"{prefix}*.arpa"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def attach_self_adaptation(app: Any, recognizer: Any) -> SelfAdaptation:
    """Watch ``app.bus`` for accepted voice turns and retune ``recognizer`` (PocketSphinx)
    with them; start with the household LM built last time, when it fits today's templates."""
    # lazy: start-up speed (loaded only when attach_self_adaptation() runs)
    from ...language.spoken_form import extra_dictionary
    from .sphinx_model_files import model_dir

    data_dir, settings = app.paths.data_dir, app.settings
    dicts = [model_dir() / "cmudict-en-us.dict"]
    if extra_dictionary().exists():
        dicts.append(extra_dictionary())
    built = current_household_lm(data_dir, settings)
    if built is not None:
        recognizer.use_command_lm(built)

    def relearn(texts: list[str]) -> None:
        if texts:
            lm = build_household_lm(data_dir, dicts, texts, settings, app.paths.cache_dir)
            recognizer.use_command_lm(lm)

    adaptation = SelfAdaptation(HeardCommands(app.db, app.ledger), relearn)
    adaptation.unsubscribe = app.bus.subscribe(adaptation.on_event)
    return adaptation
