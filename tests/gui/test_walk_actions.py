"""Every enabled button on every page, with real data, does its job when pressed.

The other half of issue 24's walk ("fails when ... an enabled button's action would fail"):
each page and each of its tabs is shown at 1280x800 and every enabled button is pressed once
(see walk_actions.py for what counts as failing); buttons that cannot act must be disabled and
say why.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTabWidget

from tests.skills.conftest import mosquitto
from tests.skills.test_mqtt_discovery import Z2M_CONFIG, Z2M_TOPIC, publish_retained

from .conftest import wait_idle
from .walk import populate
from .walk_actions import disabled_without_reason, press_all, safe_seams, select_first_rows
from .walk_keys import keyboard_problems


@pytest.fixture
def stack() -> Any:
    with ExitStack() as s:
        yield s


@pytest.mark.slow
def test_every_enabled_button_does_its_job(
    private_umask: None,
    app: Any,
    shared: Path,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    stack: ExitStack,
) -> None:
    from app.gui.launch import close_window, open_window
    from app.gui.main_window import PAGES
    from pipelines.core.settings import save_settings

    broker = stack.enter_context(mosquitto(tmp_path))  # "Listen for devices" has a broker
    publish_retained(broker, Z2M_TOPIC, json.dumps(Z2M_CONFIG))
    populate(app, shared)
    app.settings = replace(app.settings, mqtt=replace(app.settings.mqtt, port=broker))
    save_settings(app.settings, app.paths.config_file)
    session, win = open_window(app)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()

    def settle() -> None:
        qtbot.wait(50)
        wait_idle(qtbot, session, timeout=60000)
        qtbot.wait(50)

    problems: list[str] = []
    pressed: list[str] = []
    try:
        qtbot.waitUntil(
            lambda: session.assistant is not None or bool(session.assistant_error), timeout=60000
        )
        with safe_seams(monkeypatch, tmp_path):
            for key, *_ in PAGES:
                page = win.show_page(key)
                settle()
                tabs = page.findChildren(QTabWidget)
                states = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
                for tab, index in states:
                    if tab is not None:
                        tab.setCurrentIndex(index)
                        settle()
                    where = key + (f"/{tab.tabText(index)}" if tab is not None else "")
                    problems += [f"{where}: {p}" for p in disabled_without_reason(page)]
                    problems += [f"{where}: {p}" for p in keyboard_problems(page, qtbot)]
                    found, done = press_all(page, qtbot, settle)
                    if select_first_rows(page):  # then what acts on a selected row
                        settle()
                        more, done2 = press_all(page, qtbot, settle, skip=frozenset(done))
                        found, done = found + more, done + done2
                    problems += [f"{where}: {p}" for p in found]
                    pressed += [f"{where}: {b}" for b in done]
            problems += press_welcome(session, win, qtbot, settle)
    finally:
        close_window(session, win)
    print("\n".join(pressed))
    assert len(pressed) >= 20, pressed  # the walk really pressed the pages' buttons
    assert not problems, "\n".join(problems)


def test_buttons_that_act_on_typed_text_wait_for_it(window: Any) -> None:
    """Ask, Add (to a list) and Get (a recipe link) did nothing when pressed with an empty
    field: now they are disabled until something is typed, and say so."""
    pairs = [
        (window.page("assistant").send, window.page("assistant").entry),
        (window.page("lists").add_button, window.page("lists").new_item),
        (window.page("kitchen").link_button, window.page("kitchen").link),
    ]
    for button, entry in pairs:
        entry.clear()
        assert not button.isEnabled() and button.toolTip().endswith("first.")
        entry.setText("eggs")
        assert button.isEnabled() and not button.toolTip()
        entry.setText("   ")
        assert not button.isEnabled()


def press_welcome(session: Any, win: Any, qtbot: Any, settle: Any) -> list[str]:
    """The first-run welcome's steps, each step's buttons pressed like a page's."""
    from app.gui.welcome import WelcomeDialog

    dialog = WelcomeDialog(session, win)
    qtbot.addWidget(dialog)
    dialog.show()
    moving = frozenset(("Next step", "Back", "Skip the rest of the welcome", "Finish the welcome"))
    problems: list[str] = []
    for index, step in enumerate(dialog.steps):
        dialog.go(index)
        settle()
        where = f"welcome {index + 1} ({step.title})"
        problems += [f"{where}: {p}" for p in disabled_without_reason(dialog)]
        found, _done = press_all(step, qtbot, settle, skip=moving)
        problems += [f"{where}: {p}" for p in found]
    dialog.close()
    return problems
