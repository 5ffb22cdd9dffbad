"""The ONNX intent recogniser: calibrated intent, normalised slots, taught phrasings."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.intent import Intent
from . import rules
from .decode import assemble, tag_spans
from .onnx_model import IntentModel
from .repair import repair
from .taught import TaughtExample, clean_phrase

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ..privacy.ledger import Ledger
    from .taught import TaughtExamples

TAUGHT_SIMILARITY = 0.9
"""Cosine similarity above which a taught phrasing decides the intent."""

_PUNCT = re.compile(r"[^\w\s'%:.,&-]")


def prepare_text(text: str) -> str:
    """What the model sees: ASR-like text (the tokenizer lower-cases; odd symbols dropped)."""
    return " ".join(_PUNCT.sub(" ", text).split())


class OnnxIntentRecognizer:
    """:class:`~pipelines.language.base.IntentRecognizer` over the bundled int8 model."""

    name = "squeezebert-int8"

    def __init__(
        self,
        folder: Path,
        threads: int = 1,
        threshold: float = 0.55,
        taught: TaughtExamples | None = None,
        model_file: str = "intent.int8.onnx",
        ledger: Ledger | None = None,
        cache_dir: Path | None = None,
        use_rules: bool = True,
        on_demand: bool = False,
    ) -> None:
        self.model = IntentModel(folder, threads, model_file, cache_dir=cache_dir)
        self._cache_dir = cache_dir
        self.ledger = ledger
        self.threshold = threshold
        self.taught_store = taught
        self._taught: list[TaughtExample] = []
        self._taught_matrix: npt.NDArray[np.float32] | None = None
        """The taught phrasings' embeddings, one row each (built when the model loads)."""
        self.adapt_seconds = 0.0
        self.use_rules = use_rules
        """Capability grammars first (:mod:`.rules`); off to measure the bare model."""
        self.on_demand = on_demand
        """One-shot callers (``homebody ask``): ``prepare()`` loads nothing, and the model is
        loaded by the first request the grammars do not read ("what time is it in Tokyo",
        "5 miles in km" never start onnxruntime). Long-running loops keep loading up front."""

    def prepare(self) -> None:
        if not self.on_demand:
            self._load()

    def _load(self) -> None:
        if self.model.session is None:
            self.model.load()
            if self.ledger is not None:
                # lazy: start-up speed (..models.verify loads only when _load() runs)
                from ..models.verify import cached_sha256

                self.ledger.record(
                    "model_loaded",
                    "models",
                    model="homebody-intent",
                    file=self.model.model_path.name,
                    sha256=cached_sha256(self.model.model_path, self._cache_dir),
                )
        self.refresh_taught()

    def refresh_taught(self) -> None:
        """(Re-)embed the taught phrasings; takes milliseconds per phrase."""
        # lazy: start-up speed (numpy loads with the model; requests the grammars read, such
        # as "what time is it in Tokyo", never need it: ~45 ms of a one-shot `homebody ask`)
        import numpy as np

        started = time.perf_counter()
        examples = self.taught_store.all() if self.taught_store is not None else []
        self._taught = examples
        if examples:
            # one at a time: batch 1 is the shape the app runs (no padding involved)
            rows = [self.model.run([e.text]).embeddings[0] for e in examples]
            self._taught_matrix = np.stack(rows).astype(np.float32)
        else:
            self._taught_matrix = np.zeros((0, 1), dtype=np.float32)
        self.adapt_seconds = time.perf_counter() - started

    def preload(self, text: str) -> None:
        """One-shot callers that know the request: when the grammars will not read ``text``,
        the model's session starts building now, beside the rest of start-up, for the
        :meth:`recognize` to come (the same model and answers; see
        :meth:`IntentModel.load_in_background`)."""
        if self.model.session is not None or not prepare_text(text):
            return
        if self.use_rules and rules.match(text) is not None:
            return
        self.model.load_in_background()

    def recognize(self, text: str) -> Intent:
        cleaned = prepare_text(text)
        if not cleaned:
            return Intent("out_of_scope", {}, 0.0, text=text)
        if self.use_rules:
            found = rules.match(text)
            if found is not None:
                return found
        if self.model.session is None:  # on demand: the first request the grammars left
            self._load()
        return repair(self._model_intent(text, cleaned), rules.tidy(text))

    def _model_intent(self, text: str, cleaned: str) -> Intent:
        # lazy: start-up speed (numpy loads with the model, see refresh_taught)
        import numpy as np

        out = self.model.run([cleaned])
        probs = out.probs[0]
        order = np.argsort(-probs)
        best = int(order[0])
        name, confidence = self.model.intents[best], float(probs[best])
        top2 = tuple((self.model.intents[int(i)], float(probs[int(i)])) for i in order[:2])
        taught = self._match_taught(cleaned, out.embeddings[0])
        if taught is not None:
            taught_intent, similarity = taught
            if taught_intent != name or similarity > confidence:
                name, confidence = taught_intent, max(similarity, confidence)
        spans = tag_spans(cleaned, out.tags[0], out.offsets[0])
        slots, raw = assemble(cleaned, spans)
        alternatives = top2 if confidence < self.threshold else ()
        return Intent(name, slots, confidence, text=text, raw_slots=raw, alternatives=alternatives)

    def _match_taught(
        self, cleaned: str, embedding: npt.NDArray[np.float32]
    ) -> tuple[str, float] | None:
        if not self._taught or self._taught_matrix is None:
            return None
        # lazy: start-up speed (numpy loads with the model, see refresh_taught)
        import numpy as np

        phrase = clean_phrase(cleaned)
        for example in self._taught:
            if example.text == phrase:
                return example.intent, 1.0
        sims = self._taught_matrix @ embedding
        index = int(np.argmax(sims))
        if float(sims[index]) >= TAUGHT_SIMILARITY:
            return self._taught[index].intent, float(sims[index])
        return None
