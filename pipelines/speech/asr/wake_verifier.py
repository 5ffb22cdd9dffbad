"""Second-stage wake word check: PocketSphinx keyphrase spotting on a candidate's audio.

microWakeWord scores some voices low (espeak-ng's fast female voice peaks at 0.2-0.5 on
"okay nabu" against a cut-off of 0.85), yet rarely scores ordinary speech above 0.15. A score
between those values is a candidate; this verifier decodes the last two seconds of audio
with PocketSphinx's keyword search for the wake phrase and accepts only when it is found.
Both stages have to agree, so false accepts stay rare while the misses go away.

The threshold was chosen on a development set (other espeak-ng voices/speeds, other commands
and SLURP sentences than ``bench.voice`` measures), see docs/VOICE.md.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import Any

from ...audio.wake import MicroWakeWordDetector
from ..adaptation.sphinx_model_files import model_dir
from .pocketsphinx_engine import add_extra_words

log = logging.getLogger(__name__)

KWS_THRESHOLD = 1e-30
"""Keyphrase spotting threshold (smaller is more eager)."""


class KeyphraseVerifier:
    """``verifier(pcm) -> bool``: does PocketSphinx spot ``phrase`` in this audio?"""

    def __init__(self, phrase: str, threshold: float = KWS_THRESHOLD) -> None:
        self.phrase = " ".join(phrase.lower().replace("_", " ").split())
        self.threshold = threshold
        self._decoder: Any = None
        self._lock = threading.Lock()

    def missing_words(self) -> list[str]:
        """Words of the phrase with no pronunciation (the verifier cannot be used then)."""
        decoder = self._load()
        return [w for w in self.phrase.split() if decoder.lookup_word(w) is None]

    def _load(self) -> Any:
        if self._decoder is not None:
            return self._decoder
        import pocketsphinx  # lazy: loads the native decoder (start-up speed)

        folder = model_dir()
        pocketsphinx.set_loglevel("FATAL")
        decoder = pocketsphinx.Decoder(
            hmm=str(folder / "en-us"),
            dict=str(folder / "cmudict-en-us.dict"),
            lm=None,
            cmn="batch",
        )
        add_extra_words(decoder, only=self.phrase.split())
        self._decoder = decoder
        if not self.missing_words():
            with tempfile.TemporaryDirectory(prefix="homebody-kws-") as tmp:
                keyfile = Path(tmp) / "wake.kws"
                keyfile.write_text(f"{self.phrase} /{self.threshold:g}/\n", encoding="utf-8")
                decoder.add_kws("wake", str(keyfile))
            decoder.activate_search("wake")
        return decoder

    def __call__(self, pcm: bytes) -> bool:
        with self._lock:
            decoder = self._load()
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp()
        return bool(hyp is not None and hyp.hypstr.strip())


def create_wake_detector(
    wake_word: str, sensitivity: float = 0.5, *, verify: bool = True
) -> MicroWakeWordDetector:
    """microWakeWord, with the keyphrase verifier as its second stage when PocketSphinx
    knows every word of the wake phrase."""
    detector = MicroWakeWordDetector(wake_word, sensitivity)
    if not verify:
        return detector
    try:
        verifier = KeyphraseVerifier(detector.phrase)
        missing = verifier.missing_words()
    except (ImportError, RuntimeError) as exc:
        log.warning("wake word: no second-stage check (%s)", exc)
        return detector
    if missing:
        log.info("wake word: no second-stage check, no pronunciation for %s", missing)
        return detector
    detector.verifier = verifier
    return detector
