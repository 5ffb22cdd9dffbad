"""PocketSphinx's n-best list for the command search: more readings for the chooser.

The command LM's best path is often one word away from the command ("set a timer for ten
minutes" heard as "do it for two minutes"); the lattice holds the near misses. PocketSphinx's
``Decoder.nbest()`` walks it best first (A*), yielding many hypotheses that differ only in a
filler or a pronunciation variant, so the walk is capped (:data:`SCAN`) and only distinct word
sequences are kept (:data:`KEEP`). Each one is understood once by the intent model (its
:class:`~pipelines.core.intent_cache.IntentCache`) and judged with the other readings by
:mod:`pipelines.speech.pipeline.reading_chooser`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

KEEP = 4
"""Distinct alternatives beside the best path (each costs one intent-model call)."""
SCAN = 60
"""Hypotheses walked at most (the walk is ~0.2 ms each on a command)."""
_VARIANT = re.compile(r"\(\d+\)$")


def clean(hypstr: str) -> str:
    """Words only: no sentence markers, fillers or pronunciation-variant suffixes."""
    words = (_VARIANT.sub("", w) for w in hypstr.split())
    return " ".join(w for w in words if w and w[0] not in "<[" and w != "++garbage++")


def nbest(decoder: Any, best: str, keep: int = KEEP, scan: int = SCAN) -> tuple[str, ...]:
    """Up to ``keep`` distinct readings after ``best`` from the decoder's last utterance, best
    first; () when the search has no lattice (an empty utterance, a grammar search)."""
    seen = {clean(best)}
    out: list[str] = []
    try:
        for i, hyp in enumerate(decoder.nbest()):
            if i >= scan or len(out) >= keep:
                break
            text = clean(hyp.hypstr) if hyp is not None else ""
            if text and text not in seen:
                seen.add(text)
                out.append(text)
    except (RuntimeError, ValueError) as exc:  # no lattice for this utterance
        log.debug("PocketSphinx n-best unavailable: %s", exc)
    return tuple(out)
