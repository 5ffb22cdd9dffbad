"""PocketSphinx: the built-in speech recogniser (BSD; the US-English model ships in the wheel).

Two searches share one decoder and one acoustic model:

- ``command``: the trigram LM generated from the assistant's templates (see
  :mod:`.command_lm`) — accurate on the commands Homebody understands;
- ``free``: the general English trigram LM from the wheel — for anything else.

In ``command`` mode, an utterance whose command hypothesis is weak (low word posteriors, or
empty) is decoded again with the general LM from the stored audio, and the better-scoring
reading wins. Word confidences are PocketSphinx's lattice posteriors. The streaming pass
only produces partial transcripts; the final transcript comes from a whole-utterance pass.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Protocol

from ...core.errors import InputError, ModelError, ModelNotInstalledError
from ...language.spoken_form import extra_dictionary
from ..adaptation.sphinx_model_files import model_dir
from ..lm.command_lm import ensure_command_lm
from .base import MODES, Transcript, Word
from .nbest import nbest

log = logging.getLogger(__name__)

FRAME_S = 0.01
FALLBACK_CONFIDENCE = 0.3
FALLBACK_MARGIN = 0.2
"""The general LM must be this much more confident than the command LM to win."""
"""Command readings with a mean word posterior below this are re-decoded with the general LM."""
CMN_WARM_S = 8.0
"""Speech heard before the streaming result is trusted without a whole-utterance pass."""
PARTIAL_EVERY_BYTES = 9600
"""Compute a partial hypothesis every 300 ms of audio (it costs a search traceback)."""
FILLERS = frozenset({"<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "[BREATH]", "[COUGH]"})


FREE_SEARCH = "free"
GENERAL_LM = "pocketsphinx-en-us-lm"
"""Manifest name of the general English LM; the installers leave it out (issue 9)."""


def general_lm(models_dir: Path | None) -> Path | None:
    """The general English LM: the copy `homebody models install pocketsphinx-en-us-lm` put in
    ``models_dir``, else the wheel's, else None (a frozen build without the download)."""
    candidates = [models_dir / GENERAL_LM / "en-us.lm.bin"] if models_dir is not None else []
    candidates.append(model_dir() / "en-us.lm.bin")
    return next((path for path in candidates if path.is_file()), None)


def add_extra_words(decoder: Any, only: Collection[str] | None = None) -> None:
    """Teach ``decoder`` the pronunciations in assets/speech/extra-words.dict it lacks
    (``only``: just these words)."""
    extra = extra_dictionary()
    if not extra.exists():
        return
    for line in extra.read_text(encoding="utf-8").splitlines():
        word, _, phones = line.strip().partition(" ")
        if not word or not phones or (only is not None and word not in only):
            continue
        if decoder.lookup_word(word) is None:
            decoder.add_word(word, phones.strip(), False)


class PocketSphinxRecognizer:
    """PocketSphinx with a command LM and the general English LM as fallback."""

    name = "pocketsphinx"

    def __init__(
        self,
        cache_dir: Path,
        *,
        command_lm: Path | None = None,
        fallback_confidence: float = FALLBACK_CONFIDENCE,
        settings: Any = None,
        final_pass: bool = False,
        models_dir: Path | None = None,
        acoustic_model: Path | None = None,
    ) -> None:
        self.final_pass = final_pass
        self.acoustic_model = acoustic_model
        """An adapted copy of the wheel's US-English model (the user's voice profile,
        :mod:`.voice_profile`); None: the wheel's own."""
        self.heard_s = 0.0
        """Seconds of speech this decoder has adapted to (its live CMN is warm after a few)."""
        self.cache_dir = cache_dir
        self.models_dir = models_dir
        self._command_lm_path = command_lm
        self.fallback_confidence = fallback_confidence
        self._settings = settings
        self._decoder: Any = None
        self._free_search: str | None = None
        self._lock = threading.RLock()
        self._active: PocketSphinxStream | None = None
        self.command_lm_info: Any = None
        self._next: tuple[Any, str | None, Path] | None = None
        """A decoder with a newer command LM, taken over at the next utterance."""
        self.nbest_keep = 0
        """Command-LM n-best readings handed to the chooser (asr/nbest.py; ``asr.nbest.KEEP`` = 4
        when turned on). Off: on the development split they cost 3 points of intent accuracy
        (garbled near-misses the intent model maps to a request win too often)."""
        self.last_nbest: tuple[str, ...] = ()
        self.understood: Callable[[str], bool] | None = None
        """Judges a weak command reading: one understood as a request skips the general-LM
        pass (300-1,600 ms, and it rarely wins then); see session.create_voice_pipeline."""
        self.front_end: Callable[[], FrontEnd] | None = None
        """Makes each utterance's noise reduction (audio/denoise.py) that every stream's audio
        passes through before the decoder; None: the audio as it came (session.py sets it from
        ``audio.noise_reduction``)."""
        self.free_text_elsewhere: Callable[[], bool] | None = None
        """True while another recogniser (Whisper, reading_chooser.py) reads every utterance as
        free text: the general-LM pass is then skipped (it cost 300-1,600 ms after the end of
        speech, most in noise, and its reading was chosen for ~1 utterance in 200)."""

    def prepare(self) -> None:
        if self._decoder is not None:
            return
        try:
            import pocketsphinx  # lazy: loads the native decoder (start-up speed)
        except ImportError as exc:
            raise ModelError("PocketSphinx is not installed: `pip install pocketsphinx`.") from exc
        folder = model_dir()
        dict_path = folder / "cmudict-en-us.dict"
        extra = extra_dictionary()
        if self._command_lm_path is None:
            dicts = [dict_path, extra] if extra.exists() else [dict_path]
            self.command_lm_info = ensure_command_lm(
                self.cache_dir, dicts, self._settings, wait=False
            )
            self._command_lm_path = self.command_lm_info.path
        free_lm = general_lm(self.models_dir)
        if free_lm is None:
            log.warning(
                "PocketSphinx: the general English LM is not installed, so free text cannot be "
                "read and weak command readings get no second pass; "
                "`homebody models install %s` adds it (27 MB).",
                GENERAL_LM,
            )
        try:
            pocketsphinx.set_loglevel("FATAL")
            # The flat-lexicon pass re-searches the whole utterance after its end: +100 ms on
            # every command; without it, development WER 25.2% -> 23.5% (docs/VOICE.md). The
            # general LM keeps it, and is added last: a search without that pass shrinks the
            # shared feature buffer the pass needs, a search with it grows the buffer again.
            decoder = pocketsphinx.Decoder(
                hmm=str(self.acoustic_model or folder / "en-us"),
                lm=None,
                dict=str(dict_path),
                bestpath=True,
                fwdflat=False,
            )
            add_extra_words(decoder)
            decoder.add_lm_file("command", str(self._command_lm_path))
            if free_lm is not None:
                decoder.config["fwdflat"] = True
                decoder.add_lm_file(FREE_SEARCH, str(free_lm))
            decoder.activate_search(FREE_SEARCH if free_lm is not None else "command")
        except RuntimeError as exc:
            raise ModelError(f"PocketSphinx could not load its model: {exc}") from exc
        self._free_search = FREE_SEARCH if free_lm is not None else None
        self._decoder = decoder

    def use_command_lm(self, path: Path) -> None:
        """Listen with another command LM from the next utterance on (self-adaptation): the
        new decoder loads beside the current one, then takes over between utterances."""
        fresh = PocketSphinxRecognizer(
            self.cache_dir, command_lm=path, settings=self._settings, models_dir=self.models_dir,
            acoustic_model=self.acoustic_model, final_pass=self.final_pass,
            fallback_confidence=self.fallback_confidence,
        )  # fmt: skip
        fresh.prepare()
        with self._lock:
            self._next = (fresh._decoder, fresh._free_search, path)
            if self._active is None:
                self._take_next()

    def _take_next(self) -> None:
        """Under the lock, with no utterance in progress: switch to a decoder loaded aside."""
        if self._next is not None:
            self._decoder, self._free_search, self._command_lm_path = self._next
            self._next = None
            self.heard_s = 0.0  # the new decoder's live CMN starts cold

    def stream(self, mode: str = "command") -> PocketSphinxStream:
        if mode not in MODES:
            raise InputError(f"Unknown recognition mode {mode!r}; use one of {MODES}.")
        self.prepare()
        self._search_name(mode)  # free text without the general LM fails here, not mid-stream
        return PocketSphinxStream(self, mode)

    def _search_name(self, mode: str) -> str:
        if mode == "command":
            return "command"
        if self._free_search is None:
            raise ModelNotInstalledError(
                "Free-text recognition needs PocketSphinx's general English LM: "
                f"`homebody models install {GENERAL_LM}` (27 MB), or use command mode."
            )
        return str(self._free_search)

    def decode(self, pcm: bytes, mode: str) -> tuple[str, tuple[Word, ...], float]:
        """Decode a whole utterance with one search (used for the fallback pass)."""
        with self._lock:
            if self._active is not None:
                self._active.cancel()
            self._take_next()
            d = self._decoder
            d.activate_search(self._search_name(mode))
            d.start_utt()
            d.process_raw(pcm, full_utt=True)
            d.end_utt()
            return self._result()

    def _result(self) -> tuple[str, tuple[Word, ...], float]:
        d = self._decoder
        hyp = d.hyp()
        self.last_nbest = ()
        if hyp is None:
            return "", (), 0.0
        if self.nbest_keep and d.current_search() == "command":
            self.last_nbest = nbest(d, hyp.hypstr, self.nbest_keep)
        words = tuple(
            Word(
                seg.word.split("(")[0],
                seg.start_frame * FRAME_S,
                (seg.end_frame + 1) * FRAME_S,
                max(0.0, min(1.0, float(seg.prob))),
            )
            for seg in d.seg()
            if seg.word not in FILLERS and not seg.word.startswith("[")
        )
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        return hyp.hypstr.strip(), words, confidence


class FrontEnd(Protocol):
    """Streaming audio clean-up before the decoder (audio/denoise.SpectralDenoiser)."""

    def process(self, pcm: bytes) -> bytes: ...

    def flush(self) -> bytes: ...


class PocketSphinxStream:
    def __init__(self, engine: PocketSphinxRecognizer, mode: str) -> None:
        self.engine = engine
        self.mode = mode
        self._front = engine.front_end() if engine.front_end is not None else None
        self._audio = bytearray()
        self._since_partial = 0
        self._partial = ""
        self._started = False
        self._done = False

    def _start(self) -> None:
        with self.engine._lock:
            active = self.engine._active
            if active is not None and active is not self:
                active.cancel()
            self.engine._take_next()
            d = self.engine._decoder
            d.activate_search(self.engine._search_name(self.mode))
            d.start_utt()
            self.engine._active = self
            self._started = True

    def cancel(self) -> None:
        """Abandon this utterance (a newer stream takes the decoder over)."""
        if self._started and not self._done:
            self._done = True
            if self.engine._active is self:
                self.engine._decoder.end_utt()
                self.engine._active = None

    def accept(self, pcm: bytes) -> str | None:
        if self._done:
            raise InputError("This recognition stream has already finished.")
        if not self._started:
            self._start()
        if self._front is not None:
            pcm = self._front.process(pcm)  # lags 16 ms; the pre-roll gives the noise first
        self._decode_more(pcm)
        self._since_partial += len(pcm)
        if self._since_partial < PARTIAL_EVERY_BYTES:
            return None
        return self.partial()

    def _decode_more(self, pcm: bytes) -> None:
        if not pcm:
            return
        with self.engine._lock:
            self.engine._decoder.process_raw(pcm)
        self._audio.extend(pcm)

    def partial(self) -> str | None:
        """The transcript of everything accepted so far, when it changed (else None)."""
        self._since_partial = 0
        if not self._started or self._done:
            return None
        with self.engine._lock:
            hyp = self.engine._decoder.hyp() if self.engine._active is self else None
        text = hyp.hypstr.strip() if hyp is not None else ""
        if text and text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> Transcript:
        if self._done:
            raise InputError("This recognition stream has already finished.")
        t0 = time.perf_counter()
        if not self._started:
            self._start()
        if self._front is not None:
            self._decode_more(self._front.flush())
        streamed: tuple[str, tuple[Word, ...], float] | None = None
        with self.engine._lock:
            self._done = True
            if self.engine._active is self:
                self.engine._decoder.end_utt()
                self.engine._active = None
                warm = self.engine.heard_s >= CMN_WARM_S
                if not self.engine.final_pass and warm:
                    streamed = self.engine._result()
        self.engine.heard_s += len(self._audio) / 32000
        # Live cepstral mean normalisation starts from a generic prior and adapts to the voice
        # and room over the first seconds of speech. Until then (or always, with final_pass)
        # the utterance is decoded again as a whole, with utterance-level normalisation.
        if streamed is not None:
            text, words, confidence = streamed
        else:
            text, words, confidence = self.engine.decode(bytes(self._audio), self.mode)
        mode = self.mode
        alternatives: tuple[str, ...] = self.engine.last_nbest if mode == "command" else ()
        fallback = self.engine._free_search is not None and bool(self._audio)
        elsewhere = self.engine.free_text_elsewhere
        if mode == "command" and elsewhere is not None and elsewhere():
            fallback = False
        understood = self.engine.understood
        weak = mode == "command" and confidence < self.engine.fallback_confidence
        if weak and text and understood is not None and understood(text):
            weak = False
        if weak and fallback:
            free_text, free_words, free_conf = self.engine.decode(bytes(self._audio), "free")
            if free_text and (free_conf > confidence + FALLBACK_MARGIN or not text):
                alternatives = ((text,) if text else ()) + alternatives
                text, words, confidence, mode = free_text, free_words, free_conf, "free"
            elif free_text:
                alternatives = (free_text, *alternatives)
        return Transcript(
            text,
            words,
            confidence,
            engine=self.engine.name,
            mode=mode,
            audio_s=len(self._audio) / 32000,
            decode_ms=(time.perf_counter() - t0) * 1000,
            alternatives=alternatives,
        )
