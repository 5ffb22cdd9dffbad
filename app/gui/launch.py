"""``homebody`` with no command: open the desktop app."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from pipelines.core.errors import HomebodyError

from .gc_guard import GuiThreadCollector
from .icons import app_icon
from .main_window import MainWindow
from .session import GuiSession
from .theme import apply_theme

log = logging.getLogger(__name__)


def qt_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qapp = QApplication(list(argv if argv is not None else sys.argv[:1]))
    qapp.setApplicationName("Homebody")
    qapp.setApplicationDisplayName("Homebody")
    qapp.setDesktopFileName("homebody")
    qapp.setWindowIcon(app_icon())
    return qapp


def open_window(app: Any, *, start: bool = True) -> tuple[GuiSession, MainWindow]:
    """Build the session and main window for ``app`` (an AppContext); start its workers."""
    qapp = qt_application()
    theme = apply_theme(qapp, app.settings.general.theme)
    session = GuiSession(app)
    window = MainWindow(session, theme)
    window.collector = GuiThreadCollector(window)  # type: ignore[attr-defined]
    if start:
        session.start()
        # lazy: start-up speed (.services loads only when open_window() runs)
        from .services import start_services

        start_services(session)
    return session, window


def close_window(session: GuiSession, window: MainWindow) -> None:
    """Stop services and workers first, then close the window (no result reaches a dead page)."""
    # lazy: start-up speed (.services loads only when close_window() runs)
    from .services import stop_services

    stop_services(session)
    session.close()
    window.close()
    collector = getattr(window, "collector", None)
    if isinstance(collector, GuiThreadCollector):
        collector.stop()  # the workers are stopped: Python may collect on its own again


def show_startup_error(message: str) -> None:
    """Tell a desktop user (who may never see a terminal) why Homebody cannot start."""

    log.error("Homebody cannot start: %s", message)
    QMessageBox.critical(None, "Homebody cannot start", message)


def launch(
    argv: Sequence[str] | None = None, ready: Callable[[MainWindow], None] | None = None
) -> int:
    """Run the desktop app until the user quits; returns the exit code.

    ``ready`` is called with the main window once it is shown (used by end-to-end tests that
    drive the real app).
    """
    # lazy: start-up speed (pipelines.app_context etc. load only when launch() runs)
    from pipelines.app_context import AppContext
    from pipelines.core.private_fs import private_process

    private_process()  # owner-only files, secrets scrubbed from log lines
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    qapp = qt_application(argv)
    try:
        app = AppContext.create()
    except HomebodyError as exc:  # e.g. a settings file with a typo: say so in a window
        show_startup_error(exc.message)
        return 2
    app.ledger.record("app_started", "app", interface="desktop")
    session, window = open_window(app)
    minimised = app.settings.general.start_minimised and window.tray is not None
    qapp.setQuitOnLastWindowClosed(not window._hide_to_tray)
    if minimised:
        window.tray.showMessage("Homebody", "Homebody is running in the tray.")  # type: ignore[union-attr]
    else:
        window.show()
        # lazy: start-up speed (.welcome loads only when launch() runs)
        from .welcome import maybe_welcome

        window.welcome = maybe_welcome(session, window)  # first run: a short, skippable welcome
    if ready is not None:
        ready(window)
    try:
        return int(qapp.exec())
    finally:
        close_window(session, window)
        app.close()
