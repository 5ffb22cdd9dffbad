"""Drive the real Homebody app on an X display: type a request, wait for the timer, screenshot.

Run by ``test_xvfb_app.py`` as a separate process (the test process already uses the
offscreen platform). Exit codes: 0 success, 3 no intent model installed, 4 the timer never
appeared, 5 the reply said it did not understand.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

REQUEST = "set a timer for 2 minutes"
NO_MODEL, NO_TIMER, NOT_UNDERSTOOD = 3, 4, 5


def main(screenshot: Path, timeout_s: float = 90.0) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.gui.launch import launch

    def ready(window: Any) -> None:
        session = window.session
        if window.welcome is not None:  # a fresh home opens the first-run welcome: skip it
            window.welcome.skip()
        page = window.show_page("assistant")
        deadline = time.monotonic() + timeout_s

        def finish(code: int, message: str) -> None:
            QApplication.processEvents()
            shot = QGuiApplication.primaryScreen().grabWindow(0)  # the X screen, as a user sees it
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            shot.save(str(screenshot))
            print(message, flush=True)
            QApplication.instance().exit(code)  # type: ignore[union-attr]

        def type_request(recognizer: str) -> None:
            if recognizer == "none":
                finish(NO_MODEL, "no intent model is installed")
                return
            page.entry.setFocus()
            QTest.keyClicks(page.entry, REQUEST)
            QTest.keyClick(page.entry, Qt.Key.Key_Return)
            QTimer.singleShot(100, poll)

        def poll() -> None:
            if page.timers.rows and not page.conversation.waiting:
                reply = page.conversation.texts()[-1] if page.conversation.bubbles else ""
                finish(
                    0,
                    f"timer shown: {page.timers.names()} {page.timers.rows[0].time.text()}"
                    f" | reply: {reply} | {' '.join(page.conversation.notes()[-1:])}",
                )
            elif not page.conversation.waiting and page.conversation.notes()[-1:] == [
                "Not understood"
            ]:
                finish(NOT_UNDERSTOOD, f"not understood: {page.conversation.texts()[-1]}")
            elif time.monotonic() > deadline:
                finish(NO_TIMER, "the timer did not appear")
            else:
                QTimer.singleShot(100, poll)

        if session.assistant is not None:
            type_request(session.recognizer_name)
        else:
            session.assistant_ready.connect(type_request)
            session.assistant_failed.connect(lambda m: finish(NO_MODEL, f"assistant failed: {m}"))

    return launch([sys.argv[0]], ready=ready)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
