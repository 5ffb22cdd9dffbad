"""Desktop notifications for timers and alarms, and the system tray icon.

Timer/alarm NOTICE events arrive through the event bridge. They are shown as a tray balloon
where the desktop has a tray, and always as a banner inside the window.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from pipelines.core.events import PipelineEvent

from .icons import app_icon
from .session import GuiSession

log = logging.getLogger(__name__)

RINGING_KINDS = ("timer_done", "alarm_ringing", "reminder_due")


def notification_text(event: PipelineEvent) -> tuple[str, str] | None:
    """(title, body) for a reminder that is ringing; None for every other event.

    The reminder service (:mod:`pipelines.skills.reminders`) emits NOTICE events on stage
    "reminders" with ``kind`` "timer_done", "alarm_ringing" or "reminder_due" and the text to show.
    """
    data = dict(event.data)
    kind = str(data.get("kind", ""))
    if event.stage != "reminders" or kind not in RINGING_KINDS:
        return None
    name = str(data.get("name") or "").strip()
    if kind == "alarm_ringing":
        title = "Alarm" + (f": {name}" if name else "")
    elif kind == "reminder_due":
        title = "Reminder" + (f": {name}" if name else "")
    else:
        title = (f"{name.capitalize()} timer" if name else "Timer") + " finished"
    if data.get("missed"):
        title += " (while Homebody was closed)"
    body = event.message or str(data.get("text") or "")
    return title, body


class Notifier(QObject):
    """Shows ringing timers/alarms (tray balloon + chime + in-window banner) and stops them."""

    notified = Signal(str, str)
    stopped = Signal()

    def __init__(self, session: GuiSession, tray: QSystemTrayIcon | None) -> None:
        super().__init__(session)
        self.session = session
        self.tray = tray
        self.shown: list[tuple[str, str]] = []
        self._chime_stop: threading.Event | None = None
        self.chimes_played = 0
        session.bridge.notice.connect(self.on_notice)

    def on_notice(self, event: PipelineEvent) -> None:
        if event.stage == "reminders" and event.data.get("kind") == "reminder_stopped":
            self.stopped.emit()
            return
        text = notification_text(event)
        if text is None:
            return
        first = int(event.data.get("repeat", 0) or 0) == 0
        self.show(*text, balloon=first)
        sound = event.data.get("sound")
        if sound:
            self.play(str(sound))

    def show(self, title: str, body: str, balloon: bool = True) -> None:
        self.shown.append((title, body))
        if balloon and self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, body, app_icon(), 15000)
        self.notified.emit(title, body)

    def play(self, path: str) -> None:
        """Play the chime on the configured output device, through the same interruptible
        output as spoken replies (no Qt Multimedia: it is ~45 MB of an installer for this).
        Without a sound device it stays quiet; the banner still shows."""
        self.stop_sound()
        stop = threading.Event()
        self._chime_stop = stop
        audio = self.session.app.settings.audio

        def run() -> None:
            # lazy: start-up speed (pipelines.core.errors etc. load only when run() runs)
            from pipelines.core.errors import HomebodyError
            from pipelines.speech.tts.speaker import SoundDeviceOutput, file_pcm

            try:
                pcm = np.frombuffer(file_pcm(Path(path)), dtype="<i2")
                scaled = (pcm.astype(np.float32) * (audio.volume / 100.0)).astype("<i2")
                SoundDeviceOutput(audio.output_device).play(scaled.tobytes(), stop)
                self.chimes_played += 1
            except (HomebodyError, OSError) as exc:
                log.info("timer chime not played: %s", exc)

        threading.Thread(target=run, name="homebody-chime", daemon=True).start()

    def stop_sound(self) -> None:
        if self._chime_stop is not None:
            self._chime_stop.set()
            self._chime_stop = None

    def stop_ringing(self) -> None:
        """Silence every ringing timer and alarm (like saying "stop")."""
        app = self.session.app

        def run() -> int:
            # lazy: start-up speed (pipelines.skills.alarm_store etc. load only when run() runs)
            from pipelines.skills.alarm_store import AlarmStore
            from pipelines.skills.timer_store import TimerStore

            timers = TimerStore(app.db, ledger=app.ledger).dismiss_ringing()
            alarms = AlarmStore(app.db, ledger=app.ledger).dismiss_ringing()
            return len(timers) + len(alarms)

        self.stop_sound()
        self.session.run(run, lambda _n: self.stopped.emit())


VOICE_STATES = {
    "listening": ("listening…", "#2e7d5b"),
    "follow_up": ("listening for a follow-up…", "#2e7d5b"),
    "wake_tail": ("wake word heard…", "#2e7d5b"),
    "thinking": ("thinking…", "#d99a1e"),
    "speaking": ("speaking…", "#3b6fb6"),
}
"""Voice-loop state -> (what the tray says, the dot on its icon)."""


def state_icon(colour: str | None) -> QIcon:
    """The app icon with a coloured dot in its corner (listening, thinking, speaking)."""
    if colour is None:
        return app_icon()
    pixmap = app_icon().pixmap(64, 64)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#ffffff"), 4))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(34, 34, 28, 28)
    painter.end()
    return QIcon(pixmap)


class TrayState(QObject):
    """Follows the voice loop's PROGRESS states on the tray icon and its tooltip."""

    def __init__(self, tray: QSystemTrayIcon, session: GuiSession) -> None:
        super().__init__(tray)
        self.tray, self.session = tray, session
        self.voice_state = "idle"
        session.bridge.progress.connect(self._progress)
        session.switches_changed.connect(self.show)
        self.show()

    def _progress(self, event: Any) -> None:
        if event.stage == "voice" and "state" in event.data:
            self.voice_state = str(event.data["state"])
            self.show()

    def show(self) -> None:
        said, colour = VOICE_STATES.get(self.voice_state, ("", None))
        mic = "microphone allowed" if self.session.mic_allowed else "microphone off"
        cams = "cameras allowed" if self.session.camera_allowed else "cameras off"
        self.tray.setIcon(state_icon(colour))
        self.tray.setToolTip(f"Homebody — {said or 'offline'}; {mic}, {cams}")


def make_tray(
    window: QWidget, session: GuiSession, talk: Callable[[], object] | None = None
) -> QSystemTrayIcon | None:
    """A tray icon with Talk/Show/Quit that shows the voice state, or None without a tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(app_icon(), window)
    menu = QMenu(window)
    if talk is not None:
        talk_action = menu.addAction("Talk now (Ctrl+Space)")
        talk_action.triggered.connect(lambda: talk())
        tray.talk_action = talk_action  # type: ignore[attr-defined]  # names the global key
    show = menu.addAction("Show Homebody")

    def bring_up() -> None:
        window.showNormal()
        window.activateWindow()

    show.triggered.connect(bring_up)
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
            bring_up()

    tray.activated.connect(activated)
    tray.state = TrayState(tray, session)  # type: ignore[attr-defined]
    tray.show()
    return tray
