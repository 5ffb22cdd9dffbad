"""The bundled intent model at run time: onnxruntime + tokenizers only (no torch).

``models/intent/`` holds ``intent.int8.onnx`` (SqueezeBERT, int8), ``tokenizer.json`` and
``labels.json`` (intent names, BIO tags, calibration temperature, max length).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.derived_cache import cached_json
from ..core.errors import ModelError, ModelNotInstalledError
from .wordpiece import WordPieceTokenizer

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MODEL_FILE = "intent.int8.onnx"
SLOW_FUSIONS = ("SkipLayerNormFusion",)
"""onnxruntime fusions whose fused CPU kernel is slower than the ops it replaces at command
size (15 tokens x 384, one thread, onnxruntime 1.32): one SkipLayerNormalization takes ~28 us
against ~3 us for Add + LayerNormalization. Leaving it unfused takes ~0.1-0.15 ms off each
command (docs/BENCHMARKS.md, nlu-compare); same outputs to 1e-7."""
STALE_DAYS = 7
"""An optimised copy of another version of the model unused this long is deleted."""
TOKENIZER_FORMAT = 1
"""Version of the cached tokenizer data (WordPieceTokenizer.to_data): a new one rebuilds it."""
CACHE_TAG = "unfused-sln"
"""Part of the cached ORT-format copy's name: a copy optimised with other fusions is rebuilt."""


@dataclass(frozen=True)
class ModelOutput:
    probs: npt.NDArray[np.float32]
    """[N, intents] calibrated probabilities."""
    tags: list[list[str]]
    """Per utterance, one BIO tag per token ([CLS]/[SEP] included)."""
    offsets: list[list[tuple[int, int]]]
    embeddings: npt.NDArray[np.float32]
    """[N, 384] L2-normalised sentence embeddings (for taught phrasings)."""


class IntentModel:
    """One warm onnxruntime session plus the WordPiece tokenizer."""

    def __init__(
        self,
        folder: Path,
        threads: int = 1,
        model_file: str = MODEL_FILE,
        cache_dir: Path | None = None,
    ) -> None:
        self.folder = folder
        self.cache_dir = cache_dir
        """Where the optimised ORT-format copy is kept (loads ~3x faster than the .onnx)."""
        self.model_path = folder / model_file
        self.threads = max(1, threads)
        self.session: Any = None
        self.tokenizer: Any = None
        self.intents: tuple[str, ...] = ()
        self.tags: tuple[str, ...] = ()
        self.labels: dict[str, Any] = {}
        self.load_seconds = 0.0
        self._pending: tuple[threading.Thread, dict[str, Any]] | None = None
        """The session being built by :meth:`load_in_background`, and its result."""

    @staticmethod
    def available(folder: Path, model_file: str = MODEL_FILE) -> bool:
        return all(
            (folder / name).is_file() for name in (model_file, "tokenizer.json", "labels.json")
        )

    def load_in_background(self) -> None:
        """Start building the onnxruntime session on another thread; :meth:`load` finishes
        the load and takes it. onnxruntime releases the GIL while it reads the model and
        prepares its kernels (~35 ms), so a one-shot request that is going to need the model
        spends that time on the rest of its start-up. Imported here, on this thread: an
        import holds the GIL and would gain nothing on another. Errors surface in load()."""
        if (
            self.session is not None
            or self._pending is not None
            or not self.available(self.folder, self.model_path.name)
        ):
            return
        # lazy: start-up speed (onnxruntime loads only when load_in_background() runs)
        import onnxruntime as ort

        result: dict[str, Any] = {}

        def build() -> None:
            try:
                result["session"] = self._session(ort)
            except Exception as exc:  # raised again by load(), on the caller's thread
                result["error"] = exc

        thread = threading.Thread(target=build, name="intent-model-session")
        thread.start()
        self._pending = (thread, result)

    def _background_session(self) -> Any:
        """The session load_in_background() built (None if it was not started)."""
        if self._pending is None:
            return None
        thread, result = self._pending
        thread.join()
        self._pending = None
        if "error" in result:
            raise result["error"]
        return result["session"]

    def load(self) -> None:
        if self.session is not None:
            return
        needed = (self.model_path, self.folder / "tokenizer.json", self.folder / "labels.json")
        if not all(path.is_file() for path in needed):
            raise ModelNotInstalledError(
                f"the intent model is missing from {self.folder} (expected {self.model_path.name},"
                " tokenizer.json and labels.json); reinstall Homebody or rebuild it with"
                " `python -m training.build`"
            )
        started = time.perf_counter()
        try:
            # lazy: start-up speed (onnxruntime loads only when load() runs)
            import onnxruntime as ort

            self.labels = json.loads((self.folder / "labels.json").read_text(encoding="utf-8"))
            self.intents = tuple(self.labels["intents"])
            self.tags = tuple(self.labels["tags"])
            tokenizer = self._tokenizer()
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=int(self.labels.get("max_len", 32)))
            session = self._background_session() or self._session(ort)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelError(
                f"could not load the intent model from {self.folder}: {exc}; the files may be"
                " damaged — reinstall Homebody or rebuild with `python -m training.build`"
            ) from exc
        self.tokenizer = tokenizer
        self.session = session
        self.load_seconds = time.perf_counter() - started

    def _tokenizer(self) -> Any:
        """The plain-Python WordPiece for a BERT tokenizer.json (the same ids and offsets as
        ``tokenizers``: tests/packaging/test_pkg_wordpiece.py), which loads ~15 ms quicker
        than the library and starts no thread pool; ``tokenizers`` for any other kind.
        With a cache folder, what the WordPiece reads is kept there as a word list that loads
        in a third of the time (:mod:`..core.derived_cache`)."""
        path = self.folder / "tokenizer.json"
        parsed: list[dict[str, Any]] = []

        def build() -> tuple[dict[str, Any], WordPieceTokenizer]:
            parsed.append(json.loads(path.read_text(encoding="utf-8")))  # damaged: ValueError
            tokenizer = WordPieceTokenizer(parsed[0])  # not plain BERT: ValueError
            return tokenizer.to_data(), tokenizer

        try:
            return cached_json(
                self.cache_dir, "tokenizer", [path], TOKENIZER_FORMAT, build,
                WordPieceTokenizer.from_data,
            )  # fmt: skip
        except ValueError:
            if not parsed:
                raise  # tokenizer.json itself is damaged
            try:
                # lazy: start-up speed (tokenizers loads only for a tokenizer.json that is
                # not plain BERT WordPiece)
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise ValueError(f"{path} needs the tokenizers library ({exc})") from exc
            return Tokenizer.from_file(str(path))

    def _options(self, ort: Any) -> Any:
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        return options

    def cached_model(self) -> Path | None:
        """The ORT-format copy for this exact model file and onnxruntime version."""
        if self.cache_dir is None:
            return None
        # lazy: start-up speed (onnxruntime loads only when cached_model() runs)
        import onnxruntime as ort

        stat = self.model_path.stat()
        key = (
            f"{self.model_path.stem}-{stat.st_size}-{int(stat.st_mtime)}-ort{ort.__version__}"
            f"-{CACHE_TAG}"
        )
        return self.cache_dir / f"{key}.ort"

    def _session(self, ort: Any) -> Any:
        providers = ["CPUExecutionProvider"]
        cached = self.cached_model()
        if cached is not None and cached.is_file():
            options = self._options(ort)
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
            try:
                session = ort.InferenceSession(str(cached), options, providers=providers)
            except Exception:  # a damaged cache file: rebuild it below
                cached.unlink(missing_ok=True)
            else:
                with contextlib.suppress(OSError):
                    os.utime(cached)  # "used now", for _drop_stale_copies
                self._drop_stale_copies(cached)
                return session
        options = self._options(ort)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                options.optimized_model_filepath = str(cached)
                options.add_session_config_entry("session.save_model_format", "ORT")
            except OSError:
                options = self._options(ort)
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        try:
            session = ort.InferenceSession(
                str(self.model_path), options, providers=providers,
                disabled_optimizers=list(SLOW_FUSIONS),
            )  # fmt: skip
        except Exception as exc:  # onnxruntime's own errors, e.g. InvalidProtobuf: a damaged file
            raise RuntimeError(str(exc)) from exc
        if cached is not None and cached.is_file():
            self._drop_stale_copies(cached)
        return session

    def _drop_stale_copies(self, current: Path) -> None:
        """Remove optimised copies of other versions of this model (another size, date,
        onnxruntime or fusion set) that no start has used for STALE_DAYS: each is as big as
        the model. (Not at once: two installs of different versions may share the cache.)"""
        cutoff = time.time() - STALE_DAYS * 86400
        for old in current.parent.glob(f"{self.model_path.stem}-*.ort"):
            try:
                if old != current and old.stat().st_mtime < cutoff:
                    old.unlink()
            except OSError:
                continue  # gone already, or not ours to delete: harmless

    def run(self, texts: list[str]) -> ModelOutput:
        # lazy: start-up speed (numpy loads with the model, not with this module: requests
        # the grammars read never need it)
        import numpy as np

        self.load()
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        probs, tag_ids, embeddings = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask}
        )
        tags = [
            [self.tags[int(t)] for t in tag_ids[row, : len(enc.ids)]]
            for row, enc in enumerate(encodings)
        ]
        offsets = [[(int(a), int(b)) for a, b in enc.offsets] for enc in encodings]
        return ModelOutput(probs.astype(np.float32), tags, offsets, embeddings.astype(np.float32))
