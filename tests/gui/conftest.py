"""GUI fixtures: a real AppContext on a temp home, the real session and main window, offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Every test in this folder needs Qt: mark it ``gui`` (``-m "not gui"`` skips them)."""
    here = str(__import__("pathlib").Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def window(app: Any, qtbot: Any) -> Iterator[Any]:
    """The real main window with every page, shown offscreen."""
    from app.gui.launch import close_window, open_window

    session, win = open_window(app)
    qtbot.addWidget(win)
    win.resize(1200, 780)
    win.show()
    qtbot.waitUntil(
        lambda: session.assistant is not None or bool(session.assistant_error), timeout=60000
    )
    yield win
    close_window(session, win)


def wait_idle(qtbot: Any, session: Any, timeout: int = 20000) -> None:
    """Wait until the session's worker pools have delivered every result."""
    qtbot.waitUntil(
        lambda: not (session.tasks.busy or session.assistant_tasks.busy or session.writes.busy),
        timeout=timeout,
    )


@pytest.fixture
def private_umask() -> Iterator[None]:
    """Owner-only new files, as every entry point of the app sets (private_fs.private_process):
    the privacy page would rightly warn about files this test process made readable."""
    old = os.umask(0o077)
    yield
    os.umask(old)
