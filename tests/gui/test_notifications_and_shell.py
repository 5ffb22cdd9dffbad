"""Notifications for timers/alarms, the window shell, keyboard navigation, accessibility."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QSlider,
    QWidget,
)

from .conftest import wait_idle


def test_a_finished_timer_rings_a_banner_and_stop_silences_it(window: Any, qtbot: Any) -> None:
    from pipelines.skills.reminders import ReminderService
    from pipelines.skills.timer_store import TimerStore

    app = window.session.app
    TimerStore(app.db, ledger=app.ledger).start(60, "eggs")
    now = [time.time()]
    service = ReminderService(app, clock=lambda: now[0])  # the real service, our clock
    now[0] += 120  # two minutes later the timer has finished
    worker = threading.Thread(target=service.tick)  # it runs on its own thread in the app
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    assert window.notifier.shown[-1][0] == "Eggs timer finished"
    assert "eggs" in window.banner_text.text().lower()
    window.banner_stop.click()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10000)
    assert TimerStore(app.db).ringing() == []


def test_alarm_notice_text() -> None:
    from app.gui.notify import notification_text
    from pipelines.core.events import EventType, PipelineEvent

    event = PipelineEvent(
        EventType.NOTICE,
        "reminders",
        time.time(),
        data={"kind": "alarm_ringing", "name": "bins", "repeat": 0},
        message="It's 06:45.",
    )
    assert notification_text(event) == ("Alarm: bins", "It's 06:45.")
    reminder = PipelineEvent(
        EventType.NOTICE,
        "reminders",
        time.time(),
        data={"kind": "reminder_due", "name": "call mum", "repeat": 0},
        message="Reminder: call mum.",
    )
    assert notification_text(reminder) == ("Reminder: call mum", "Reminder: call mum.")
    other = PipelineEvent(EventType.NOTICE, "camera", time.time(), data={"event": "x"})
    assert notification_text(other) is None


def test_every_page_builds_and_ctrl_number_switches_pages(window: Any, qtbot: Any) -> None:
    from app.gui.main_window import PAGES
    from app.gui.pages.unavailable import UnavailablePage

    broken = [k for k, page in window.pages.items() if isinstance(page, UnavailablePage)]
    assert broken == [], [window.pages[k].reason for k in broken]
    for i, (key, *_rest) in enumerate(PAGES):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.pages[key]


def test_controls_have_accessible_names(window: Any, qtbot: Any) -> None:
    wait_idle(qtbot, window.session)
    unnamed = []
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QSlider)
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.parent() is None:
            continue
        parent = widget.parent()
        if isinstance(widget, QLineEdit) and isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo/spin box: named by its owner
        if type(widget) is QAbstractButton or isinstance(parent, QLineEdit):
            continue  # Qt's own table corner buttons and line-edit clear buttons
        if type(parent).__name__ == "QTabBar":
            continue  # the tab bar's scroll arrows
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else ""
        )
        if not name.strip() and widget.objectName() not in ("qt_spinbox_lineedit",):
            unnamed.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    assert unnamed == [], unnamed


def test_keyboard_only_use_of_the_assistant(window: Any, qtbot: Any) -> None:
    page = window.show_page("assistant")
    page.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert page.entry.hasFocus() or window.focusWidget() is page.entry
    qtbot.keyClicks(page.entry, "hello")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: len(page.conversation.bubbles) >= 2 and not page.conversation.waiting,
        timeout=20000,
    )
    # Tab moves on from the text box to the Ask button (enabled once there is a request)
    page.entry.setFocus()
    qtbot.keyClicks(page.entry, "what time is it")
    qtbot.keyClick(page.entry, Qt.Key.Key_Tab)
    assert window.focusWidget() is page.send


def test_ui_stalls_are_measured_while_the_app_runs(window: Any, qtbot: Any) -> None:
    monitor = window.session.stalls
    qtbot.waitUntil(lambda: monitor.beats > 5, timeout=10000)
    assert monitor.threshold_ms == 50


def test_the_chime_plays_through_the_configured_output_and_stop_cuts_it(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """The chime goes to the same interruptible output as spoken replies (no Qt Multimedia)."""
    import pipelines.speech.tts.speaker as tts
    from pipelines.core.paths import assets_dir

    played: list[tuple[str, int, bool]] = []
    started = threading.Event()

    class FakeOutput:
        def __init__(self, device: str | int | None = None) -> None:
            self.device = device

        def play(self, pcm: bytes, stop: threading.Event) -> bool:
            started.set()
            stopped = stop.wait(5)  # a long chime, until "stop"
            played.append((str(self.device), len(pcm), stopped))
            return not stopped

    monkeypatch.setattr(tts, "SoundDeviceOutput", FakeOutput)
    chime = next(assets_dir().joinpath("sounds").glob("*.wav"))
    window.notifier.play(str(chime))
    assert started.wait(10)
    window.notifier.stop_ringing()
    qtbot.waitUntil(lambda: bool(played), timeout=10000)
    device, size, stopped = played[0]
    assert device == str(window.session.app.settings.audio.output_device)
    assert size > 16000 and stopped  # real audio (> 0.5 s at 16 kHz), cut short by stop
