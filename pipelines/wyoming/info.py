"""``describe`` -> ``info``: what Homebody offers, in the fields Home Assistant reads.

Home Assistant's Wyoming integration lists a server as speech-to-text when it has an
installed ``asr`` program with models, as text-to-speech with ``tts`` voices, as a
conversation agent with ``handle``/``intent`` programs and as a wake word service with
``wake`` models; languages come from the models and voices. Every program and model carries
a name, an attribution (who made it, where it is from), ``installed`` and a version.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    HandleModel,
    HandleProgram,
    Info,
    IntentModel,
    IntentProgram,
    TtsProgram,
    TtsVoice,
    WakeModel,
    WakeProgram,
)

from .. import __version__
from .engines import LocalEngines

LANGUAGES = ["en"]
HOMEBODY = Attribution(name="Homebody", url="")
"""No public project page yet: an empty URL rather than an invented one."""
_ENGINES = {
    "pocketsphinx": (
        "PocketSphinx with Homebody's command language model",
        Attribution("CMU Sphinx", "https://github.com/cmusphinx/pocketsphinx"),
        "pocketsphinx",
    ),
    "vosk": (
        "Vosk (Kaldi) with Homebody's command grammar",
        Attribution("Alpha Cephei", "https://alphacephei.com/vosk/"),
        "vosk",
    ),
}
ESPEAK = Attribution("eSpeak NG", "https://github.com/espeak-ng/espeak-ng")
MICRO_WAKE_WORD = Attribution(
    "microWakeWord (Kevin Ahrendt)", "https://github.com/kahrendt/microWakeWord"
)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _about(
    name: str, description: str, by: Attribution = HOMEBODY, version: str | None = __version__
) -> dict[str, Any]:
    """The fields every program, model and voice carries (Artifact)."""
    return {
        "name": name,
        "description": description,
        "attribution": by,
        "installed": True,
        "version": version,
    }


def build_info(engines: LocalEngines, name: str = "homebody") -> Info:
    asr_name = engines.asr.name or "pocketsphinx"
    asr_text, asr_by, asr_dist = _ENGINES.get(
        asr_name.split(":")[0], (asr_name, HOMEBODY, "homebody")
    )
    languages = list(LANGUAGES)
    asr_model = AsrModel(
        **_about(asr_name, asr_text, asr_by, _version(asr_dist)), languages=languages
    )
    asr = AsrProgram(
        **_about(f"{name}-asr", "Homebody speech recognition, offline on this computer"),
        models=[asr_model],
        supports_transcript_streaming=False,
    )
    nlu = _about("homebody-intent", "Homebody's SqueezeBERT intent and slot model (ONNX int8)")
    intent = IntentProgram(
        **_about(f"{name}-intent", "Homebody intent recognition"),
        models=[IntentModel(**nlu, languages=languages)],
    )
    handle = HandleProgram(
        **_about(
            f"{name}-conversation",
            "Homebody: timers, alarms, lists, clock, units, lights, recipes, where-is",
        ),
        models=[HandleModel(**nlu, languages=languages)],
        supports_home_control=True,
    )
    info = Info(asr=[asr], intent=[intent], handle=[handle])
    if engines.tts_available():
        voices = [
            TtsVoice(
                **_about(code, f"eSpeak NG {code}", ESPEAK, None),
                languages=[code.split("-")[0]],
            )
            for code in engines.voices()
        ]
        info.tts = [
            TtsProgram(
                **_about(f"{name}-tts", "Homebody's voice (eSpeak NG), offline on this computer"),
                voices=voices,
            )
        ]
    wake_models = [
        WakeModel(
            **_about(
                w.name, f"microWakeWord: {w.phrase}", MICRO_WAKE_WORD, _version("pymicro-wakeword")
            ),
            languages=languages,
            phrase=w.phrase,
        )
        for w in engines.wake_words()
    ]
    if wake_models:
        info.wake = [
            WakeProgram(
                **_about(f"{name}-wake", "Homebody wake words (microWakeWord + keyphrase check)"),
                models=wake_models,
            )
        ]
    return info
