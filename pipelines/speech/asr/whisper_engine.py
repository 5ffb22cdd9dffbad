"""Whisper (CTranslate2) as a whole-utterance command recogniser.

Run as faster-whisper does, Whisper's encoder reads a 30 s window (~1.2 s per command for base
on one core). A command is a few seconds, so the utterance is padded to ``PAD_S`` (8 s) instead:
~0.2 s for base. With no padding at all Whisper repeats itself ("yes go for it. yes go for it.
..."), so the padding stays and a repetition guard (:func:`collapse_repeats`) plus a token
budget proportional to the audio catch the loops that remain. Multilingual models (base) are
told the language and given a short domain prompt (``PROMPT``: the issue measured WER
~9.5 -> ~7.5% with it on its clips; on our development voices it measured no difference,
docs/VOICE.md); English-only tiny.en gets none (it loops more with one).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ...core.errors import ModelError, ModelNotInstalledError
from ...language.spoken_form import spoken_form
from .whisper_features import log_mel

PAD_S = 8.0
PROMPT = (
    "Voice commands for a home assistant: timers, alarms, shopping list, lights, music, "
    "weather, recipes, units."
)
TOKENS_PER_S = 6.0
"""Token budget per second of audio (a fast speaker says ~4 a second), plus ``MIN_TOKENS``."""
MIN_TOKENS = 12
BEAM = 5
HYPOTHESES = 3
"""The chooser's Whisper readings: a 5-wide beam's 3 best (reading_chooser.py). On the
development voices (never the test voices) Whisper base's intent from audio went from 46/60
(greedy) to 54/60 with the intent model choosing among the three, for ~10% more decode time."""


def spoken_text(text: str) -> str:
    """Whisper writes "4:30 a.m.", "50%", "21st": the words as the command LM spells them."""
    t = text.lower().replace("%", " percent").replace("a.m.", "am").replace("p.m.", "pm")
    t = re.sub(r"(\d+)\.(\d\d)\s*(am|pm)\b", r"\1:\2 \3", t)  # "4.30am"
    t = re.sub(r"(\d)(am|pm)\b", r"\1 \2", t)  # "4:30am", "3pm": the LM's "four thirty am"
    t = re.sub(r"(\d+):00\b", r"\1 o'clock", t)
    t = re.sub(r"(\d+):(\d\d)", r"\1 \2", t)
    return spoken_form(t)


ECHO_WORDS = 4
"""A run of at least this many of the prompt's words, in the prompt's order, in a reading is
the prompt read back, not the audio (:func:`strip_echo`)."""


def strip_echo(words: list[str], prompt: list[str], min_words: int = ECHO_WORDS) -> list[str]:
    """The reading without any run of ``min_words`` or more of the prompt's words in a row.

    Given a prompt, Whisper sometimes writes the prompt instead of what was said: on a fast
    espeak-ng voice "hey disable the alarm" came back as "voice commands for a home assistant"
    (understood as out of scope). Commands do not say four of the prompt's words in its order
    ("voice commands for a", "for a home assistant", "timers alarms shopping list"), so such a
    run is dropped and what was heard around it is kept."""
    if not prompt or len(words) < min_words:
        return words
    grams = {tuple(prompt[i : i + min_words]) for i in range(len(prompt) - min_words + 1)}
    out: list[str] = []
    i = 0
    while i < len(words):
        if tuple(words[i : i + min_words]) not in grams:
            out.append(words[i])
            i += 1
            continue
        end = i + min_words  # extend the run while it continues the prompt word for word
        while end < len(words) and tuple(words[end - min_words + 1 : end + 1]) in grams:
            end += 1
        i = end
    return out


def collapse_repeats(words: list[str], min_repeats: int = 3) -> list[str]:
    """Whisper's loop, "set a timer set a timer set a timer", back to one copy.

    A run of the same n-gram (n >= 2) repeated back to back at least twice, or one word at
    least ``min_repeats`` times, keeps one copy: "no no" and "eight oh eight oh five" said on
    purpose are rare in commands and cost less than a looping reading does."""
    out = list(words)
    changed = True
    while changed:
        changed = False
        for n in range(len(out) // 2, 0, -1):
            need = 2 if n >= 2 else min_repeats
            for i in range(0, len(out) - n * need + 1):
                unit = out[i : i + n]
                k = 1
                while out[i + k * n : i + (k + 1) * n] == unit:
                    k += 1
                if k >= need:
                    out = out[: i + n] + out[i + k * n :]
                    changed = True
                    break
            if changed:
                break
    return out


class WhisperRecognizer:
    """Whole-utterance transcription with a CTranslate2 Whisper model (no streaming)."""

    def __init__(
        self, model_dir: Path | Callable[[], Path], threads: int = 1, name: str = "whisper"
    ) -> None:
        self._locate = model_dir if callable(model_dir) else None
        """Finds (joins, verifies) the model on first use: off the start-up path."""
        self.model_dir = model_dir if isinstance(model_dir, Path) else Path()
        self.threads = threads
        self.name = name
        self._model: Any = None
        self._tokenizer: Any = None
        self._prefix: list[int] = []
        self._bare_prefix: list[int] = []
        """The prefix without the domain prompt (a reading that echoed it is read again)."""
        self._prompt_words: list[str] = []
        self._eot = 0
        self.prompt = PROMPT
        """Given to multilingual models before the audio ("" for none)."""
        self.beam = BEAM
        self.hypotheses = HYPOTHESES
        self.pad_s = PAD_S
        self.tokens_per_s = TOKENS_PER_S

    def prepare(self) -> None:
        if self._model is not None:
            return
        if self._locate is not None:
            self.model_dir, self._locate = self._locate(), None
        try:
            import ctranslate2  # lazy: optional native library (start-up speed)
            from tokenizers import Tokenizer  # lazy: optional native library (start-up speed)
        except ImportError as exc:
            raise ModelNotInstalledError(
                "Whisper needs CTranslate2: run ./scripts/setup again (pip install ctranslate2)."
            ) from exc
        try:
            model = ctranslate2.models.Whisper(
                str(self.model_dir), device="cpu", compute_type="int8", intra_threads=self.threads
            )
            tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        except (RuntimeError, OSError, ValueError) as exc:
            raise ModelError(f"Whisper could not load {self.model_dir}: {exc}") from exc
        self._tokenizer = tokenizer
        self._prefix = self._prompt_tokens(model.is_multilingual)
        self._bare_prefix = self._prompt_tokens(model.is_multilingual, prompt=False)
        self._prompt_words = spoken_text(self.prompt).split() if self.prompt else []
        self._eot = int(tokenizer.token_to_id("<|endoftext|>") or 0)
        self._model = model

    def _prompt_tokens(self, multilingual: bool, prompt: bool = True) -> list[int]:
        tok = self._tokenizer

        def special(name: str) -> int:
            value = tok.token_to_id(name)
            if value is None:
                raise ModelError(f"Whisper tokenizer in {self.model_dir} lacks {name}.")
            return int(value)

        if not multilingual:
            return [special("<|startoftranscript|>"), special("<|notimestamps|>")]
        ids = tok.encode(" " + self.prompt, add_special_tokens=False).ids if self.prompt else []
        return [
            *([special("<|startofprev|>"), *ids] if ids and prompt else []),
            special("<|startoftranscript|>"),
            special("<|en|>"),
            special("<|transcribe|>"),
            special("<|notimestamps|>"),
        ]

    def transcribe(self, pcm: bytes) -> tuple[str, float]:
        """(spoken-form text, mean token probability) of one utterance (16 kHz s16le),
        greedy."""
        found = self.readings(pcm, beam=1, hypotheses=1)
        return found[0] if found else ("", 0.0)

    def readings(
        self, pcm: bytes, beam: int | None = None, hypotheses: int | None = None
    ) -> list[tuple[str, float]]:
        """The beam's ``hypotheses`` best distinct readings, best first, as
        (spoken-form text, mean token probability); [] for no audio. When every reading was
        the domain prompt read back (:func:`strip_echo`), the audio is read once more without
        the prompt."""
        self.prepare()
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if not len(x):
            return []
        beam = beam or self.beam
        hypotheses = hypotheses or self.hypotheses
        seconds = len(x) / 16000
        pad = max(self.pad_s, math.ceil(seconds))
        x = np.concatenate([x, np.zeros(max(0, int(16000 * pad) - len(x)), np.float32)])
        features = log_mel(x)
        features = np.ascontiguousarray(features[None, :, : features.shape[1] // 2 * 2])
        found, echoed = self._decode(features, seconds, beam, hypotheses, prompted=True)
        if echoed and not any(text for text, _ in found):
            found, _ = self._decode(features, seconds, beam, hypotheses, prompted=False)
        return [(text, p) for text, p in found if text] or found[:1]

    def _decode(
        self, features: Any, seconds: float, beam: int, hypotheses: int, prompted: bool
    ) -> tuple[list[tuple[str, float]], bool]:
        """Distinct (spoken-form text, mean token probability) readings, the prompt's echo
        removed (:func:`strip_echo`; a reading that was all echo becomes ""), and whether
        any reading echoed the prompt."""
        import ctranslate2  # lazy: optional native library (start-up speed)

        prefix = self._prefix if prompted else self._bare_prefix
        result = self._model.generate(
            ctranslate2.StorageView.from_array(features),
            [prefix],
            beam_size=beam,
            num_hypotheses=hypotheses,
            max_length=len(prefix) + int(MIN_TOKENS + self.tokens_per_s * seconds),
            return_scores=True,
            suppress_blank=True,
        )[0]
        out: dict[str, float] = {}
        echoed = False
        for sequence, score in zip(result.sequences_ids, result.scores, strict=True):
            tokens = [t for t in sequence if t < self._eot]
            heard = collapse_repeats(spoken_text(str(self._tokenizer.decode(tokens))).split())
            words = strip_echo(heard, self._prompt_words) if prompted else heard
            echoed = echoed or len(words) < len(heard)
            out.setdefault(" ".join(words), math.exp(min(0.0, float(score))))
        return list(out.items()), echoed
