"""Build the voice pipeline and its audio sources from the app's settings.

The microphone source records ``microphone_opened`` / ``microphone_closed`` in the privacy
ledger (device name and duration only — never audio or words).
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...assistant import Assistant
from ...audio.pcm import RawFormat
from ...audio.segmenter import SegmenterConfig
from ...audio.source import AudioBackend, AudioSource, FileBackend, MicrophoneBackend
from ...audio.vad import create_vad
from ...language.spoken_form import extra_dictionary
from ..adaptation.sphinx_model_files import model_dir
from ..asr.base import SpeechRecognizer
from ..asr.engines import create_recognizer
from ..asr.front_end import attach_front_end
from ..asr.wake_verifier import create_wake_detector
from ..asr.whisper_engine import WhisperRecognizer
from ..asr.whisper_models import locate, spec
from ..lm.command_grammar import command_graph_soon
from ..lm.phrase_build import load_phrase_index
from ..lm.word_graph import WordGraph
from . import quick_end
from .endpointing import LIKELY_SILENCE_MS, CommandCompleteness
from .phrase_repair import PhraseRepairer
from .reading_chooser import ReadingChooser
from .voice import VoiceConfig, VoicePipeline

if TYPE_CHECKING:
    from ...app_context import AppContext

log = logging.getLogger(__name__)


def voice_config(app: AppContext, speak: bool = True) -> VoiceConfig:
    audio = app.settings.audio
    return VoiceConfig(
        segmenter=SegmenterConfig(
            trailing_silence_ms=audio.trailing_silence_ms,
            max_length_s=audio.max_utterance_s,
            quick_silence_ms=min(audio.quick_end_silence_ms, audio.trailing_silence_ms),
            likely_silence_ms=_likely_silence(
                audio.quick_end_silence_ms, audio.trailing_silence_ms
            ),
            sure_silence_ms=min(
                quick_end.SURE_SILENCE_MS, audio.quick_end_silence_ms, audio.trailing_silence_ms
            ),
        ),
        follow_up_s=audio.follow_up_s,
        speak=speak,
    )


def _likely_silence(quick_ms: int, trailing_ms: int) -> int:
    """The middle silence (see endpointing.py); off when adaptive endpointing is off."""
    if quick_ms <= 0:
        return 0
    return max(min(quick_ms, trailing_ms), min(LIKELY_SILENCE_MS, trailing_ms))


def create_voice_pipeline(
    app: AppContext,
    *,
    recognizer: SpeechRecognizer | None = None,
    use_wake_word: bool | None = None,
    speaker: Any = None,
    answerer: Any = None,
    speak: bool = True,
) -> VoicePipeline:
    """A ready voice pipeline: models loaded (each model load is noted in the ledger)."""
    audio = app.settings.audio
    if recognizer is None:
        recognizer = create_recognizer(app)
    recognizer.prepare()
    app.ledger.record(
        "model_loaded", "models", model=f"speech:{recognizer.name}", **_package(recognizer.name)
    )
    wake = None
    if audio.wake_word_enabled if use_wake_word is None else use_wake_word:
        wake = create_wake_detector(audio.wake_word, audio.wake_sensitivity)
        app.ledger.record(
            "model_loaded", "models", model=f"wake:{wake.name}", **_package("pymicro-wakeword")
        )
    if answerer is None:
        answerer = Assistant(app)
        answerer.prepare()
    attach_front_end(recognizer, app.settings.audio.noise_reduction)
    judge = _completeness(app, answerer)
    if judge is not None and hasattr(recognizer, "understood"):
        recognizer.understood = judge.likely  # a weak reading that is understood stays
    second_pass = _second_pass(app, answerer)
    if second_pass is not None and hasattr(recognizer, "free_text_elsewhere"):
        recognizer.free_text_elsewhere = lambda: second_pass.reads_free_text
    loop = VoicePipeline(
        recognizer,
        create_vad(audio.vad, audio.vad_aggressiveness),
        answerer,
        wake=wake,
        speaker=speaker,
        bus=app.bus,
        config=voice_config(app, speak),
        completeness=judge,
        likely=judge.likely if judge is not None else None,
        second_pass=second_pass,
    )
    if audio.self_adaptation and hasattr(recognizer, "use_command_lm"):
        # lazy: start-up speed (loaded only when create_voice_pipeline() runs)
        from ..adaptation.household_lm import attach_self_adaptation

        loop.self_adaptation = attach_self_adaptation(app, recognizer)
        loop.on_close.append(loop.self_adaptation.close)
    return loop


def _second_pass(app: AppContext, answerer: Any) -> Any:
    """Whisper beside PocketSphinx, the intent model choosing (reading_chooser.py); None when
    turned off. The model is found, verified and loaded on the chooser's worker thread, so
    listening starts without waiting for it; a missing or corrupt model leaves PocketSphinx
    alone, with one warning line and an entry in ``homebody doctor``."""
    understand = getattr(answerer, "understand", None)
    choice = app.settings.audio.whisper_model
    if os.environ.get("HOMEBODY_WHISPER_PASS", "1") == "0":
        choice = "off"
    if not callable(understand) or choice == "off":
        return None
    models, cache = app.paths.models_dir, app.paths.cache_dir
    engine = WhisperRecognizer(lambda: locate(choice, models, cache), name=f"whisper-{choice}")
    second = None
    if choice == "base" and os.environ.get("HOMEBODY_SECOND_OPINION", "1") != "0":
        # tiny.en's opinion on an unsettled choice (reading_chooser.py); both ship by default
        second = WhisperRecognizer(lambda: locate("tiny.en", models, cache), name="whisper-tiny.en")
    chooser = ReadingChooser(engine, understand, _phrase_repairer(app), second)
    chooser.warm_up()
    for name, used in ((choice, engine), ("tiny.en", second)):
        if used is not None:
            package = spec(name).packages[-1].replace("_", "-")
            app.ledger.record(
                "model_loaded", "models", model=f"speech:{used.name}", **_package(package)
            )
    return chooser


def _phrase_repairer(app: AppContext) -> PhraseRepairer | None:
    """Unsure choices repaired to the nearest command sentence by sound (phrase_repair.py);
    ``HOMEBODY_PHRASE_REPAIR=0`` turns it off (benchmarks compare)."""
    if os.environ.get("HOMEBODY_PHRASE_REPAIR", "1") == "0":
        return None
    dicts = [extra_dictionary(), model_dir() / "cmudict-en-us.dict"]
    return PhraseRepairer(
        lambda: load_phrase_index(app.paths.cache_dir, [p for p in dicts if p.is_file()],
                                  app.settings)
    )  # fmt: skip


def _completeness(app: AppContext, answerer: Any) -> CommandCompleteness | None:
    """Adaptive endpointing needs an answerer that can understand without acting; the
    command grammar (built once, then cached) says whether the words can go on."""
    understand = getattr(answerer, "understand", None)
    if not callable(understand):
        return None
    judge = CommandCompleteness(understand)

    def ready(graph: WordGraph) -> None:
        judge.grammar = graph.reach  # the templates' own graph, once built

    graph = command_graph_soon(app.paths.cache_dir, app.settings, ready)
    if graph is not None and judge.grammar is None:
        judge.grammar = graph.reach
    return judge


def file_source(
    path: Path, raw_format: RawFormat | None = None, realtime: bool = False
) -> AudioSource:
    return AudioSource(FileBackend(path, raw_format, realtime=realtime))


def microphone_source(app: AppContext, backend: AudioBackend | None = None) -> AudioSource:
    """The microphone as an AudioSource; opening and closing it is written to the ledger
    (``backend``: another input with the microphone's role, e.g. a test's chunk stream)."""
    audio = app.settings.audio
    mic = backend or MicrophoneBackend(audio.input_device or None, audio.sample_rate)
    opened: dict[str, float] = {}

    def on_open(b: AudioBackend) -> None:
        opened["t"] = time.time()
        app.ledger.record("microphone_opened", "audio", device=b.name)

    def on_close(b: AudioBackend) -> None:
        seconds = round(time.time() - opened.get("t", time.time()), 1)
        app.ledger.record("microphone_closed", "audio", device=b.name, seconds=seconds)

    return AudioSource(mic, on_open=on_open, on_close=on_close)


def _package(name: str) -> dict[str, str]:
    """Models shipped inside a PyPI package are identified by the package's version."""
    dist = name.split(":")[0]
    try:
        return {"package": f"{dist} {importlib.metadata.version(dist)}"}
    except importlib.metadata.PackageNotFoundError:
        return {}
