"""The recognisers' input front-end: noise reduction before PocketSphinx (issue 23).

Chosen on development voices only (``python -m bench.voice_denoise_dev``; docs/VOICE.md,
"Noise reduction before PocketSphinx"): with a steady 10-20 dB white noise in the pre-roll,
the Wiener filter of audio/denoise.py lifted PocketSphinx's intent accuracy from 60.4% to
71.9% of 96 development utterances (quiet ones 76.0% -> 77.1%: ``keep_rms`` leaves a quiet
room's audio as it is; without it they fell to 63.5%), and the voice loop's choice between
readings from 93.8% to 94.8% in noise and in quiet. Whisper base lost accuracy on filtered
audio (82.3% -> 78.1% in noise), so it hears the audio as it came. Through the voice loop on
the benchmark's noise, which starts with each clip (so the pre-roll is quiet), it leaves the
audio as it is: test split 83.3% -> 83.3% (bench.voice_denoise_ab). ``audio.noise_reduction``
(on by default) turns it off.
"""

from __future__ import annotations

import os
from typing import Any

from ...audio.denoise import DenoiseConfig, SpectralDenoiser

POCKETSPHINX_DENOISE = DenoiseConfig(floor=0.1, keep_rms=60.0)
"""The settings PocketSphinx's input is cleaned with (see the module's docstring)."""


def pocketsphinx_front_end() -> SpectralDenoiser:
    """One utterance's noise reduction for PocketSphinx's stream (``front_end``)."""
    return SpectralDenoiser(POCKETSPHINX_DENOISE)


def attach_front_end(recognizer: Any, enabled: bool) -> None:
    """Give ``recognizer`` (PocketSphinx; others have no ``front_end``) the noise reduction
    when ``enabled`` (``audio.noise_reduction``) and ``HOMEBODY_DENOISE`` is not "0"
    (benchmarks compare); the voice loop and the Wyoming server's recogniser alike."""
    on = enabled and os.environ.get("HOMEBODY_DENOISE", "1") != "0"
    if hasattr(recognizer, "front_end"):
        recognizer.front_end = pocketsphinx_front_end if on else None
