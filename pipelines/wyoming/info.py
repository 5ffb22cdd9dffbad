"""``describe`` -> ``info``: what Homebody offers, in the fields Home Assistant reads.

Home Assistant's Wyoming integration lists a server as speech-to-text when it has an
installed ``asr`` program with models, as text-to-speech with ``tts`` voices, as a
conversation agent with ``handle``/``intent`` programs and as a wake word service with
``wake`` models; languages come from the models and voices. Every program and model carries
a name, an attribution (who made it, where it is from), ``installed`` and a version.
"""

from __future__ import annotations

import importlib.metadata

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


def build_info(engines: LocalEngines, name: str = "homebody") -> Info:
    asr_name = engines.asr.name or "pocketsphinx"
    asr_text, asr_by, asr_dist = _ENGINES.get(
        asr_name.split(":")[0], (asr_name, HOMEBODY, "homebody")
    )
    asr = AsrProgram(
        name=f"{name}-asr",
        description="Homebody speech recognition, offline on this computer",
        attribution=HOMEBODY,
        installed=True,
        version=__version__,
        models=[
            AsrModel(
                name=asr_name,
                description=asr_text,
                attribution=asr_by,
                installed=True,
                version=_version(asr_dist),
                languages=list(LANGUAGES),
            )
        ],
        supports_transcript_streaming=False,
    )
    nlu = dict(
        name="homebody-intent",
        description="Homebody's SqueezeBERT intent and slot model (ONNX int8)",
        attribution=HOMEBODY,
        installed=True,
        version=__version__,
        languages=list(LANGUAGES),
    )
    intent = IntentProgram(
        name=f"{name}-intent",
        description="Homebody intent recognition",
        attribution=HOMEBODY,
        installed=True,
        version=__version__,
        models=[IntentModel(**nlu)],  # type: ignore[arg-type]
    )
    handle = HandleProgram(
        name=f"{name}-conversation",
        description="Homebody: timers, alarms, lists, clock, units, lights, recipes, where-is",
        attribution=HOMEBODY,
        installed=True,
        version=__version__,
        models=[HandleModel(**nlu)],  # type: ignore[arg-type]
        supports_home_control=True,
    )
    info = Info(asr=[asr], intent=[intent], handle=[handle])
    if engines.tts_available():
        voices = [
            TtsVoice(
                name=code,
                description=f"eSpeak NG {code}",
                attribution=ESPEAK,
                installed=True,
                version=None,
                languages=[code.split("-")[0]],
            )
            for code in engines.voices()
        ]
        info.tts = [
            TtsProgram(
                name=f"{name}-tts",
                description="Homebody's voice (eSpeak NG), offline on this computer",
                attribution=HOMEBODY,
                installed=True,
                version=__version__,
                voices=voices,
            )
        ]
    wake_models = [
        WakeModel(
            name=w.name,
            description=f"microWakeWord: {w.phrase}",
            attribution=MICRO_WAKE_WORD,
            installed=True,
            version=_version("pymicro-wakeword"),
            languages=list(LANGUAGES),
            phrase=w.phrase,
        )
        for w in engines.wake_words()
    ]
    if wake_models:
        info.wake = [
            WakeProgram(
                name=f"{name}-wake",
                description="Homebody wake words (microWakeWord + keyphrase check)",
                attribution=HOMEBODY,
                installed=True,
                version=__version__,
                models=wake_models,
            )
        ]
    return info
