"""Regenerate the README screenshot from the real app: ``python -m app.gui.screenshot OUT.png``.

Runs offscreen on a throw-away home, types a few real requests into the Assistant page (the
real intent model and skills answer them), waits for the answers and the timer, and saves the
window. Nothing is staged: what you see is what the app did.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = (
    "set a pasta timer for 10 minutes",
    "add eggs and basil to the shopping list",
    "set a timer for 2 minutes",
)


def main(out: Path, page: str = "assistant", timeout_s: float = 120.0) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="homebody-shot-"))
    os.environ["HOMEBODY_HOME"] = str(home)
    # lazy: start-up speed (PySide6.QtCore, app.gui.launch etc. load only when main() runs)
    from PySide6.QtCore import QEventLoop, QTimer

    # lazy: start-up speed (app.gui.launch loads only when main() runs)
    from app.gui.launch import close_window, open_window, qt_application

    # lazy: start-up speed (pipelines.app_context loads only when main() runs)
    from pipelines.app_context import AppContext

    qt_application()
    app = AppContext.create()
    session, window = open_window(app)
    window.resize(1280, 800)
    window.show()
    assistant = window.page("assistant")

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    deadline = time.monotonic() + timeout_s
    while session.assistant is None and not session.assistant_error:
        spin(100)
        if time.monotonic() > deadline:
            print("the assistant did not start", file=sys.stderr)
            return 1
    for text in REQUESTS:
        assistant.entry.setText(text)
        assistant.submit()
        while assistant.conversation.waiting and time.monotonic() < deadline:
            spin(100)
    spin(3500)  # let the timers panel refresh and tick
    window.show_page(page)
    spin(1500)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    close_window(session, window)
    app.close()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "assistant"))
