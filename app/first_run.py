"""The first-run steps, shared by the desktop welcome and ``homebody setup`` (Qt-free).

Microphone check (a live level), wake word, voice (with a spoken sample), a camera (with a
snapshot) and the object detector (installed from its public URL or a local folder, every file
checked against its sha256) — so "where is my cup?" works when the welcome is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipelines.audio.devices import audio_devices
from pipelines.core import registry
from pipelines.core.errors import InputError
from pipelines.core.settings import save_settings, settings_from_dict, settings_to_dict
from pipelines.core.settings_schema import Settings
from pipelines.services import services

MARKER = "welcome-done"
"""A file in the config folder: the welcome was finished or skipped (Settings re-opens it)."""
DETECTOR = "yolox-nano"
WAKE_WORDS = registry.pairs(registry.WAKE_WORDS)
SAMPLE = "Hello, I'm Homebody. I run on this computer, and nothing I hear leaves it."
TEST_PHRASE = "set a timer for 10 minutes"

Progress = Callable[[str, int, int], None]


def welcome_done(app: Any) -> bool:
    return bool((Path(app.paths.config_dir) / MARKER).exists())


def mark_welcome_done(app: Any) -> None:
    folder = Path(app.paths.config_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("The first-run welcome was finished or skipped.\n")


def change_settings(app: Any, values: dict[str, Any]) -> Settings:
    """Apply dotted ``values`` ("audio.wake_word": "alexa"), validate, save, use them."""
    data = settings_to_dict(app.settings)
    for key, value in values.items():
        section, _, name = key.partition(".")
        data[section][name] = value
    new = settings_from_dict(data)
    save_settings(new, app.paths.config_file)
    services(app).apply_settings(new)
    sections = sorted({key.split(".")[0] for key in values})
    app.ledger.record("settings_changed", "settings", sections=sections)
    return new


# -- microphone ---------------------------------------------------------------------------------
def microphones() -> list[str]:
    return [d.name for d in audio_devices().inputs]


def speakers() -> list[str]:
    """The output devices PortAudio sees (empty without a sound card or audio system)."""
    return [d.name for d in audio_devices().outputs]


def understood(app: Any, text: str) -> str:
    """What Homebody understands ``text`` as, without acting on it ("timer start · 10 min")."""
    # lazy: start-up speed (app.gui.fmt, pipelines.language.loader load only when understood() runs)
    from app.gui.fmt import describe_understanding
    from pipelines.language.loader import load_recognizer

    recognizer = load_recognizer(app)
    intent = recognizer.recognize(text)
    return describe_understanding(intent.name, dict(intent.slots), float(intent.confidence))


# -- voice --------------------------------------------------------------------------------------
def voices() -> list[tuple[str, str]]:
    """(espeak-ng voice, label) pairs for the English voices on this computer; the voice is
    the language code espeak-ng's ``-v`` takes ("en-gb"), the label its readable name."""
    # lazy: start-up speed (pipelines.speech.tts.speaker loads only when voices() runs)
    from pipelines.speech.tts.speaker import available_voices

    found: dict[str, str] = {}
    for v in available_voices():
        name = str(v["name"]).replace("_", " ")
        found.setdefault(str(v["language"]), f"{name} ({v['language']})")
    return sorted(found.items()) or [("en-us", "en-us")]


def sample_pcm(voice: str) -> bytes:
    """:data:`SAMPLE` spoken by espeak-ng in ``voice`` (16 kHz mono s16le)."""
    # lazy: start-up speed (pipelines.speech.tts.speaker loads only when sample_pcm() runs)
    from pipelines.speech.tts.speaker import espeak_pcm

    return espeak_pcm(SAMPLE, voice or "en-us")


def speak_sample(app: Any, voice: str) -> None:
    """Say :data:`SAMPLE` in ``voice`` on the configured speaker (DeviceError without one)."""
    # lazy: start-up speed (pipelines.speech.tts.speaker loads only when speak_sample() runs)
    from pipelines.speech.tts.speaker import SoundDeviceOutput

    pcm = sample_pcm(voice)
    SoundDeviceOutput(app.settings.audio.output_device or None).play(pcm, threading.Event())


# -- camera and detector ------------------------------------------------------------------------
def snapshot(app: Any, source: str) -> Any:
    """One frame (BGR array) from ``source``: a webcam number, a stream URL, a photo folder."""
    # lazy: start-up speed (pipelines.privacy.hosts etc. load only when snapshot() runs)
    from pipelines.privacy.hosts import configured_hosts
    from pipelines.vision.sources import open_capture

    capture = open_capture(source.strip(), configured_hosts(app.settings))
    try:
        ok, image = capture.read()
    finally:
        capture.release()
    if not ok or image is None:
        raise InputError(f"{source} gave no picture. Is the camera on and pointed at something?")
    return image


def add_camera(app: Any, name: str, source: str) -> Settings:
    name, source = " ".join(name.split()).lower(), source.strip()
    if not name or not source:
        raise InputError("A camera needs a name (e.g. kitchen) and a source.")
    cameras = [c for c in settings_to_dict(app.settings)["vision"]["cameras"] if c["name"] != name]
    cameras.append({"name": name, "source": source, "enabled": True})
    return change_settings(app, {"vision.cameras": cameras})


def detector_installed(app: Any) -> bool:
    # lazy: start-up speed (pipelines.models.manager loads only when detector_installed() runs)
    from pipelines.models.manager import ModelManager

    return bool(ModelManager.from_app(app).is_installed(DETECTOR))


def install_detector(
    app: Any, from_dir: Path | None = None, progress: Progress | None = None
) -> Path:
    """Install the detector from its public URL (or ``from_dir``), sha256-checked."""
    # lazy: start-up speed (pipelines.models.manager loads only when install_detector() runs)
    from pipelines.models.manager import ModelManager

    folder: Path = ModelManager.from_app(app).install(
        DETECTOR, from_dir=from_dir, progress=progress
    )
    return folder
