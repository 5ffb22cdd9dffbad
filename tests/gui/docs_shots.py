"""Regenerate docs/gui.md's screenshots: ``python -m tests.gui.docs_shots docs/images/gui``.

The real app offscreen on a throw-away home filled like the page-walk test (a saved recipe
page, timers, alarms, a list, a photo-folder camera watched by YOLOX-Nano from ../shared),
two typed requests answered by the real assistant, every page grabbed at 1280x800 and saved
at half size (small files for the repository).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any


def save_small(widget: Any, out: Path, scale: float = 0.5) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = widget.grab().toImage()
    small = image.scaled(
        int(image.width() * scale),
        int(image.height() * scale),
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    small.convertToFormat(QImage.Format.Format_RGB888).save(str(out), "PNG", 9)


def say_test_phrase(mic: Any, wav: Path) -> None:
    """Hand the welcome's microphone step espeak-ng reading the test phrase, in the
    microphone's role (there is no sound card here)."""
    from app.first_run import TEST_PHRASE
    from pipelines.audio.pcm import write_wav
    from pipelines.audio.source import FileBackend
    from pipelines.speech.tts.speaker import espeak_pcm

    quiet = bytes(16000)  # 0.5 s
    write_wav(wav, quiet + espeak_pcm(TEST_PHRASE, "en-us", 160) + quiet * 3)
    mic.backend_factory = lambda: FileBackend(wav, realtime=True)


def announce_devices(app: Any, stack: Any) -> None:
    """A real mosquitto announcing a Zigbee2MQTT light and a Tasmota switch (retained Home
    Assistant discovery configs), and the settings pointing at it."""
    import json
    from dataclasses import replace

    from pipelines.core.settings import save_settings
    from tests.skills.conftest import mosquitto
    from tests.skills.test_mqtt_discovery import (
        TASMOTA_CONFIG,
        TASMOTA_TOPIC,
        Z2M_CONFIG,
        Z2M_TOPIC,
        publish_retained,
    )

    port = stack.enter_context(mosquitto(Path(os.environ["HOMEBODY_HOME"])))
    publish_retained(port, Z2M_TOPIC, json.dumps(Z2M_CONFIG))
    publish_retained(port, TASMOTA_TOPIC, json.dumps(TASMOTA_CONFIG))
    app.settings = replace(app.settings, mqtt=replace(app.settings.mqtt, port=port))
    save_settings(app.settings, app.paths.config_file)


def main(folder: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HOMEBODY_HOME"] = tempfile.mkdtemp(prefix="homebody-docs-")
    os.umask(0o077)  # as the app's entry points do
    from PySide6.QtCore import QEventLoop, QTimer

    from app.gui.launch import close_window, open_window, qt_application
    from app.gui.main_window import PAGES
    from app.gui.welcome import WelcomeDialog
    from pipelines.app_context import AppContext
    from pipelines.core.paths import shared_dir

    from .walk import populate

    shared = shared_dir()
    if shared is None:
        print("../shared is needed for the real data", file=sys.stderr)
        return 1
    qt_application()
    app = AppContext.create(guard=False)
    stack = ExitStack()
    announce_devices(app, stack)
    populate(app, shared)
    session, window = open_window(app)
    window.resize(1280, 800)
    window.show()

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    deadline = time.monotonic() + 120
    while session.assistant is None and not session.assistant_error:
        spin(100)
        if time.monotonic() > deadline:
            return 1
    assistant = window.page("assistant")
    for text in ("set a pasta timer for 10 minutes", "add eggs and basil to the shopping list"):
        assistant.entry.setText(text)
        assistant.submit()
        while assistant.conversation.waiting:
            spin(100)
    cooking = window.page("kitchen").cooking
    while cooking.recipe is None:
        spin(100)
    cooking.go(next(s.number for s in cooking.recipe.steps if s.durations))
    folder.mkdir(parents=True, exist_ok=True)
    for key, *_ in PAGES:
        window.show_page(key)
        spin(1200)
        save_small(window, folder / f"{key}.png")
    settings = window.page("settings")
    from PySide6.QtWidgets import QScrollArea

    scroll = settings.findChild(QScrollArea)
    devices = settings.devices  # point at the announced light: it gets a room
    devices.look()
    while devices.found.rowCount() < 2:
        spin(100)
    devices.found.selectRow(0)
    devices.room.setText("Kitchen")
    devices.add_found_button.click()
    scroll.ensureWidgetVisible(settings.devices, 0, 0)  # down to Lights and switches
    spin(500)
    save_small(window, folder / "settings-devices.png")
    dialog = WelcomeDialog(session, window)
    dialog.show()
    say_test_phrase(dialog.mic, Path(os.environ["HOMEBODY_HOME"]) / "test-phrase.wav")
    for name, step in (("welcome-microphone", dialog.mic), ("welcome-detector", dialog.detector)):
        dialog.go(dialog.steps.index(step))
        spin(800)
        if step is dialog.mic:  # the test phrase spoken (espeak-ng) through the mic's path
            step.test_button.click()
            while not step.test_button.isEnabled():
                spin(100)
        save_small(dialog, folder / f"{name}.png", scale=0.75)
    dialog.close()
    close_window(session, window)
    app.close()
    stack.close()
    total = sum(p.stat().st_size for p in folder.glob("*.png"))
    print(f"saved {len(list(folder.glob('*.png')))} screenshots, {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
