"""Choose and build the speech recogniser from the settings.

``audio.speech_engine = "auto"`` uses Vosk when a Vosk model is installed (through the model
manager, or ``audio.vosk_model`` pointing at a model folder) and PocketSphinx otherwise.
"""

from __future__ import annotations

import logging
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.errors import ModelNotInstalledError, SettingsError
from ...language.spoken_form import spoken_form
from ...language.templates import sample_sentences
from ...models.manager import ModelManager
from ..adaptation.voice_profile import active_acoustic_model
from .base import SpeechRecognizer
from .pocketsphinx_engine import PocketSphinxRecognizer
from .vosk_engine import VoskRecognizer, engine_missing_message

if TYPE_CHECKING:
    from ...app_context import AppContext

log = logging.getLogger(__name__)

ENGINES = ("auto", "pocketsphinx", "vosk")
VOSK_MODELS = ("vosk-model-en-us", "vosk-model-small-en-us")
"""Manifest names, best first."""


def find_vosk_model(app: AppContext, configured: str = "") -> Path | None:
    """An installed Vosk model folder: ``configured`` (a path or manifest name) or the best
    installed English model."""
    if configured:
        path = Path(configured).expanduser()
        if path.is_dir():
            return _model_root(path) or path
        names: tuple[str, ...] = (configured,)
    else:
        names = VOSK_MODELS
    try:
        manager = ModelManager.from_app(app)
    except Exception:
        return None
    for name in names:
        try:
            if manager.is_installed(name):
                root = _model_root(manager.folder(name))
                if root is not None:
                    return root
        except Exception:
            continue
    return None


def _model_root(folder: Path) -> Path | None:
    """The folder holding ``am/`` + ``conf/`` (zips unpack into a versioned sub-folder)."""
    if (folder / "am").is_dir() or (folder / "conf" / "model.conf").is_file():
        return folder
    for child in sorted(folder.iterdir()) if folder.is_dir() else []:
        if child.is_dir() and ((child / "am").is_dir() or (child / "conf").is_dir()):
            return child
    return None


def command_phrases(app: AppContext | None = None) -> list[str]:
    """Phrases for Vosk's grammar mode: template sentences in spoken form."""
    settings = app.settings if app is not None else None
    del settings  # devices are folded into the templates' value lists by the NLU owner
    return sorted({spoken_form(s) for s in sample_sentences(3000, seed=1)})


def create_recognizer(app: AppContext, name: str | None = None) -> SpeechRecognizer:
    """The recogniser named in the settings (or ``name``), not yet prepared."""
    choice = name or app.settings.audio.speech_engine
    if choice not in ENGINES:
        raise SettingsError(
            f"audio.speech_engine must be one of {', '.join(ENGINES)} (got {choice!r})."
        )
    if choice in ("auto", "vosk"):
        model = find_vosk_model(app, app.settings.audio.vosk_model)
        if model is not None and choice == "auto" and find_spec("vosk") is None:
            # The installers leave the engine out: a Vosk model alone must not break speech.
            log.warning(
                "Using PocketSphinx although a Vosk model is installed: %s",
                engine_missing_message(),
            )
        elif model is not None:
            return VoskRecognizer(model, command_phrases(app))
        if choice == "vosk":
            raise ModelNotInstalledError(
                "No Vosk model is installed. Install one with "
                "`homebody models install vosk-model-small-en-us` (40 MB) or use "
                "`--engine pocketsphinx`."
            )
    return PocketSphinxRecognizer(
        app.paths.cache_dir,
        settings=app.settings,
        models_dir=app.paths.models_dir,
        acoustic_model=active_acoustic_model(app.paths.data_dir),
    )
