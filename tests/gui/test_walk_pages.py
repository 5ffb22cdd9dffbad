"""Every page at 1280x800 and 1024x700 with real data: nothing clipped, nothing fake-enabled.

Screenshots of every page go to ``artifacts/gui-pages/`` (not committed) for a person to review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QScrollArea, QTabWidget

from .conftest import wait_idle
from .walk import SIZES, fake_enabled, fit_problems, populate

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "gui-pages"


@pytest.fixture
def lived_in(private_umask: None, app: Any, shared: Path) -> Any:
    populate(app, shared)
    return app


@pytest.mark.slow
def test_every_page_fits_at_both_sizes(lived_in: Any, qtbot: Any) -> None:
    from app.gui.launch import close_window, open_window
    from app.gui.main_window import PAGES

    session, win = open_window(lived_in)
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(
            lambda: session.assistant is not None or bool(session.assistant_error), timeout=60000
        )
        assistant = win.show_page("assistant")
        for text in ("set a pasta timer for 10 minutes", "what time is it"):
            assistant.entry.setText(text)
            assistant.submit()
            qtbot.waitUntil(lambda: not assistant.conversation.waiting, timeout=60000)
        cooking = win.page("kitchen").cooking
        qtbot.waitUntil(lambda: cooking.recipe is not None, timeout=20000)
        cooking.go(next(s.number for s in cooking.recipe.steps if s.durations))
        SHOTS.mkdir(parents=True, exist_ok=True)
        problems: list[str] = []
        for width, height in SIZES:
            win.resize(width, height)
            for key, *_ in PAGES:
                page = win.show_page(key)
                tabs = page.findChildren(QTabWidget)
                states = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
                for tab, index in states:
                    name = f"{width}x{height}-{key}"
                    if tab is not None:
                        tab.setCurrentIndex(index)
                        name += "-" + tab.tabText(index).lower().replace(" ", "-")
                    wait_idle(qtbot, session)
                    qtbot.wait(300)
                    win.grab().save(str(SHOTS / f"{name}.png"))
                    problems += [f"{name}: {p}" for p in fit_problems(page)]
                problems += [f"{key}: {p}" for p in fake_enabled(page)]
                if key == "settings":  # scrolled down to the last cards too
                    scroll = page.findChild(QScrollArea)
                    scroll.ensureWidgetVisible(page.devices, 0, 0)
                    qtbot.wait(200)
                    win.grab().save(str(SHOTS / f"{width}x{height}-settings-devices.png"))
        problems += walk_welcome(session, win, qtbot)
        assert not problems, "\n".join(problems)
    finally:
        close_window(session, win)


def walk_welcome(session: Any, win: Any, qtbot: Any) -> list[str]:
    """The first-run welcome's every step, checked and photographed like the pages."""
    from app.gui.welcome import WelcomeDialog

    dialog = WelcomeDialog(session, win)
    qtbot.addWidget(dialog)
    dialog.show()
    problems: list[str] = []
    for index, step in enumerate(dialog.steps):
        dialog.go(index)
        wait_idle(qtbot, session)
        qtbot.wait(200)
        dialog.grab().save(str(SHOTS / f"welcome-{index + 1}.png"))
        problems += [f"welcome {step.title}: {p}" for p in fit_problems(dialog)]
    dialog.close()
    return problems
