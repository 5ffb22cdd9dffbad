"""``homebody --self-test``: load every bundled model offline, open the window offscreen, report.

Exits 0 when everything that is part of this installation works, 1 otherwise. Models that
are downloaded separately and not installed are reported as skipped, not as failures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipelines.core.errors import HomebodyError

OK, SKIP, FAIL = "ok", "skip", "FAIL"


@dataclass(frozen=True)
class Result:
    name: str
    state: str
    detail: str
    ms: float


class Skipped(Exception):
    """A check that does not apply to this installation (e.g. a model not installed)."""


def _run(name: str, check: Callable[[], str]) -> Result:
    t0 = time.perf_counter()
    try:
        detail = check()
        state = OK
    except Skipped as exc:
        detail, state = str(exc), SKIP
    except HomebodyError as exc:
        detail, state = exc.message, FAIL
    except Exception as exc:  # a self-test reports every failure instead of crashing
        detail, state = f"{type(exc).__name__}: {exc}", FAIL
    return Result(name, state, detail, (time.perf_counter() - t0) * 1000)


def check_intent_model(app: Any) -> str:
    # lazy: start-up speed (pipelines.language.loader loads only when check_intent_model() runs)
    from pipelines.language.loader import load_recognizer

    recognizer = load_recognizer(app)
    recognizer.prepare()
    if recognizer.name == "none":
        raise HomebodyError("no intent model is bundled: requests cannot be understood")
    intent = recognizer.recognize("set a timer for two minutes")
    return f"{recognizer.name}; 'set a timer for two minutes' -> {intent.name}"


def check_wake_word(app: Any) -> str:
    try:
        # lazy: start-up speed (pipelines.audio.wake loads only when check_wake_word() runs)
        from pipelines.audio.wake import MicroWakeWordDetector
    except ImportError as exc:
        raise Skipped("wake word support is not part of this build") from exc
    if importlib.util.find_spec("pymicro_wakeword") is None:  # no macOS wheel
        raise Skipped("pymicro-wakeword is not available on this platform: the wake word is off")
    detector = MicroWakeWordDetector(app.settings.audio.wake_word)
    detector.process(b"\x00\x00" * 1600)  # 100 ms of silence through the real model
    detector.close()
    return f"{detector.name} (cut-off {detector.cutoff:.2f})"


def check_speech(app: Any) -> str:
    try:
        # lazy: start-up speed (pipelines.speech.asr.engines loads only when check_speech() runs)
        from pipelines.speech.asr.engines import create_recognizer
    except ImportError as exc:
        raise Skipped("speech recognition is not part of this build") from exc
    recognizer = create_recognizer(app)
    recognizer.prepare()
    stream = recognizer.stream("command")
    stream.accept(b"\x00\x00" * 8000)  # half a second of silence through the real decoder
    transcript = stream.finish()
    return f"{recognizer.name} (silence -> {transcript.text!r})"


def check_detectors(app: Any) -> str:
    # lazy: start-up speed (pipelines.models.manager etc. load only when check_detectors() runs)
    from pipelines.models.manager import ModelManager

    manager = ModelManager.from_app(app)
    names = [
        n
        for n, e in manager.entries.items()
        if e.kind == "object-detector" and manager.is_installed(n)
    ]
    if not names:
        raise Skipped("no object detector installed (`homebody models install yolox-nano`)")
    # lazy: start-up speed (numpy loads only when check_detectors() runs)
    import numpy as np

    # lazy: start-up speed (pipelines.vision.catalog loads only when check_detectors() runs)
    from pipelines.vision.catalog import open_detector

    loaded = []
    for name in names:
        detector = open_detector(app, name)
        detector.detect(np.zeros((240, 320, 3), dtype=np.uint8))
        detector.close()
        loaded.append(name)
    return ", ".join(loaded)


def check_model_files(app: Any) -> str:
    # lazy: start-up speed (pipelines.models.manager loads only when check_model_files() runs)
    from pipelines.models.manager import ModelManager

    results = ModelManager.from_app(app).verify()
    bad = [r.message for r in results if not r.ok]
    if bad:
        raise HomebodyError("; ".join(bad))
    return f"{len(results)} installed models match their sha256"


def check_window(app: Any, seconds: float = 1.0) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # lazy: start-up speed (PySide6.QtCore, app.gui.launch etc. load only when check_window() runs)
    from PySide6.QtCore import QEventLoop, QTimer

    # lazy: start-up speed (app.gui.launch loads only when check_window() runs)
    from app.gui.launch import close_window, open_window, qt_application

    # lazy: start-up speed (app.gui.pages.unavailable loads only when check_window() runs)
    from app.gui.pages.unavailable import UnavailablePage

    qapp = qt_application()
    session, window = open_window(app)
    window.show()
    loop = QEventLoop()  # a local loop: the application's own exec() is for the real app
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    broken = [k for k, page in window.pages.items() if isinstance(page, UnavailablePage)]
    stalls = len(session.stalls.stalls)
    close_window(session, window)
    if broken:
        raise HomebodyError("pages failed to open: " + ", ".join(broken))
    return f"{len(window.pages)} pages open ({qapp.platformName()}), {stalls} UI stalls > 50 ms"


def check_offline(app: Any) -> str:
    guard = app.guard
    if guard is None or not guard.installed:
        raise HomebodyError("the egress guard is not installed")
    refused = guard.counters.get("refused", 0)
    if refused:
        raise HomebodyError(f"{refused} attempts to reach the network were blocked")
    return "nothing tried to leave this computer"


def self_test(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines, pipelines.app_context load only when self_test() runs)
    from pipelines import __version__
    from pipelines.app_context import AppContext

    started = time.perf_counter()
    app = AppContext.create()
    try:
        results = [
            _run("intent model", lambda: check_intent_model(app)),
            _run("wake word", lambda: check_wake_word(app)),
            _run("speech recogniser", lambda: check_speech(app)),
            _run("object detectors", lambda: check_detectors(app)),
            _run("model files", lambda: check_model_files(app)),
            _run("desktop window", lambda: check_window(app)),
            _run("offline", lambda: check_offline(app)),
        ]
    finally:
        app.close()
    print(f"Homebody {__version__} self-test")
    for r in results:
        print(f"  {r.state:<4}  {r.name:<18} {r.ms:7.0f} ms  {r.detail}")
    failed = [r for r in results if r.state == FAIL]
    total = (time.perf_counter() - started) * 1000
    print(
        f"{'FAILED' if failed else 'Passed'}: {len(results) - len(failed)}/{len(results)} "
        f"checks in {total:.0f} ms"
    )
    return 1 if failed else 0
