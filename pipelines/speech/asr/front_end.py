"""The recognisers' input front-end: noise reduction before PocketSphinx (issue 23).

Chosen on development voices only (``python -m bench.voice_denoise_dev``, docs/VOICE.md): in
10-20 dB white noise the Wiener filter of audio/denoise.py lifted PocketSphinx's intent
accuracy from 59% to 71% of 96 development utterances, and the voice loop's combination from
93.8% to 95.8%; Whisper base lost accuracy on filtered audio (82% -> 78%), so it hears the
audio as it came. ``audio.noise_reduction`` (on by default) turns it off.
"""

from __future__ import annotations

from ...audio.denoise import DenoiseConfig, SpectralDenoiser

POCKETSPHINX_DENOISE = DenoiseConfig(floor=0.1, keep_rms=60.0)
"""The settings PocketSphinx's input is cleaned with (see the module's docstring)."""


def pocketsphinx_front_end() -> SpectralDenoiser:
    """One utterance's noise reduction for PocketSphinx's stream (``front_end``)."""
    return SpectralDenoiser(POCKETSPHINX_DENOISE)
