"""Run the real Homebody app on an X display for the global push-to-talk key tests.

``hotkey_driver.py press READY_FILE``: once the window holds the key, write READY_FILE and
wait (kitchen page showing) until the key starts listening: exit 0, or 4 after the timeout.
``hotkey_driver.py taken SHOT``: print whether the key is held and what Settings says, save a
screenshot of Settings → Voice and sound to SHOT, exit 0.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

NO_LISTENING = 4


def main(mode: str, out: Path, timeout_s: float = 60.0) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.launch import launch

    def ready(window: Any) -> None:
        if window.welcome is not None:
            window.welcome.skip()
        voice = window.page("assistant").voice
        audio = window.page("settings").audio
        deadline = time.monotonic() + timeout_s

        def finish(code: int, message: str) -> None:
            print(message, flush=True)
            QApplication.instance().exit(code)  # type: ignore[union-attr]

        def armed() -> None:  # the microphone probe has answered; Xvfb has no sound card
            if voice.microphones is None and time.monotonic() < deadline:
                QTimer.singleShot(100, armed)
                return
            hotkey = window.hotkey
            print(f"hotkey active={hotkey.active} key={hotkey.key}", flush=True)
            print(f"settings: {audio.hotkey_note.text()}", flush=True)
            if mode == "taken":
                window.show_page("settings")
                QApplication.processEvents()
                out.parent.mkdir(parents=True, exist_ok=True)
                audio.grab().save(str(out))  # the Voice and sound card, as laid out
                finish(0, "done")
                return
            voice._set("Say “okay nabu” or press the button.", "Good", True)  # as with a mic
            window.show_page("kitchen")
            out.write_text("ready")
            poll()

        def poll() -> None:
            if voice.talk.isChecked() and window.stack.currentWidget() is window.page("assistant"):
                finish(0, "listening")
            elif time.monotonic() > deadline:
                finish(NO_LISTENING, "the key never started listening")
            else:
                QTimer.singleShot(50, poll)

        armed()

    return launch([sys.argv[0]], ready=ready)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
