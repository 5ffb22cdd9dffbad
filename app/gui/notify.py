"""Desktop notifications for timers and alarms, and the system tray icon.

Timer/alarm NOTICE events arrive through the event bridge. They are shown as a tray balloon
where the desktop has a tray, and always as a banner inside the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from pipelines.core.events import PipelineEvent

from .icons import app_icon
from .session import GuiSession

NOTIFY_STAGES = ("timer", "timers", "alarm", "alarms", "scheduler", "reminder")


def notification_text(event: PipelineEvent) -> tuple[str, str] | None:
    """(title, body) for events that deserve a notification; None for the rest."""
    stage = event.stage.lower()
    data = dict(event.data)
    kind = str(data.get("kind", data.get("type", ""))).lower()
    is_timer = stage in ("timer", "timers", "scheduler") or kind.startswith("timer")
    is_alarm = stage in ("alarm", "alarms", "reminder") or kind.startswith("alarm")
    if not (is_timer or is_alarm):
        return None
    name = str(data.get("name") or data.get("label") or "").strip()
    if is_alarm:
        title = "Alarm" + (f": {name}" if name else "")
    else:
        title = (f"{name.capitalize()} timer" if name else "Timer") + " finished"
    body = event.message or str(data.get("text") or "") or (
        "Say “stop” or press Stop to silence it." if is_timer else "It's time."
    )
    return title, body


class Notifier(QObject):
    notified = Signal(str, str)

    def __init__(self, session: GuiSession, tray: QSystemTrayIcon | None) -> None:
        super().__init__(session)
        self.tray = tray
        self.shown: list[tuple[str, str]] = []
        session.bridge.notice.connect(self.on_notice)

    def on_notice(self, event: PipelineEvent) -> None:
        text = notification_text(event)
        if text is None:
            return
        self.show(*text)

    def show(self, title: str, body: str) -> None:
        self.shown.append((title, body))
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, body, app_icon(), 15000)
        QApplication.beep()
        self.notified.emit(title, body)


def make_tray(window: QWidget, session: GuiSession) -> QSystemTrayIcon | None:
    """A tray icon with Show/Quit, or None where the desktop has no tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(app_icon(), window)
    menu = QMenu(window)
    show = menu.addAction("Show Homebody")
    show.triggered.connect(lambda: (window.showNormal(), window.activateWindow()))
    mic = menu.addAction("Microphone allowed")
    mic.setCheckable(True)
    mic.setChecked(session.mic_allowed)
    mic.toggled.connect(lambda on: session.set_switch("microphone", on))
    session.switches_changed.connect(lambda: mic.setChecked(session.mic_allowed))
    menu.addSeparator()
    quit_action = menu.addAction("Quit")
    quit_action.triggered.connect(QApplication.quit)
    tray.setContextMenu(menu)

    def activated(reason: Any) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            window.showNormal()
            window.activateWindow()

    tray.activated.connect(activated)
    tray.setToolTip("Homebody — everything stays on this computer")
    tray.show()
    return tray
