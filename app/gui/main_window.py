"""The main window: a sidebar of pages, a stacked page area, status bar, tray, shortcuts."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .icons import app_icon, icon
from .notify import Notifier, make_tray
from .pages.unavailable import UnavailablePage
from .session import GuiSession
from .theme import Colors, apply_theme, colors

log = logging.getLogger(__name__)

PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("assistant", "Assistant", "assistant", "app.gui.pages.assistant:AssistantPage"),
    ("kitchen", "Kitchen", "kitchen", "app.gui.pages.kitchen:KitchenPage"),
    ("where", "Where is", "where", "app.gui.pages.where_is:WhereIsPage"),
    ("lists", "Lists and alarms", "lists", "app.gui.pages.lists:ListsPage"),
    ("privacy", "Privacy", "privacy", "app.gui.privacy.page:PrivacyPage"),
    ("settings", "Settings", "settings", "app.gui.pages.settings:SettingsPage"),
)


def build_page(session: GuiSession, title: str, icon_name: str, target: str) -> QWidget:
    """Import and build one page; a page that fails to build shows why instead of crashing."""
    module_name, _, cls_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        page: QWidget = getattr(module, cls_name)(session)
        return page
    except Exception as exc:  # one broken page must not take the app down
        log.exception("the %s page could not be built", title)
        return UnavailablePage(title, icon_name, f"This page could not start: {exc}")


class MainWindow(QMainWindow):
    def __init__(self, session: GuiSession, theme: Colors | None = None) -> None:
        super().__init__()
        self.session = session
        self.welcome: QWidget | None = None
        """The first-run welcome while it is open."""
        self.colors = theme or colors(session.app.settings.general.theme)
        self.setWindowTitle("Homebody")
        self.setWindowIcon(app_icon())
        self.resize(1200, 780)
        self.setMinimumSize(QSize(900, 600))

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        side = QWidget()
        side.setObjectName("Sidebar")
        side.setFixedWidth(210)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 8)
        brand = QLabel("Homebody")
        brand.setObjectName("Brand")
        tag = QLabel("Stays home. Runs here.")
        tag.setObjectName("BrandTag")
        side_layout.addWidget(brand)
        side_layout.addWidget(tag)
        self.nav = QListWidget()
        self.nav.setObjectName("Sidebar")
        self.nav.setAccessibleName("Pages")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        side_layout.addWidget(self.nav, 1)
        self.offline = QLabel("● Offline: nothing leaves this computer")
        self.offline.setObjectName("Good")
        self.offline.setWordWrap(True)
        self.offline.setContentsMargins(16, 4, 12, 4)
        side_layout.addWidget(self.offline)
        layout.addWidget(side)

        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.banner = QFrame()
        self.banner.setStyleSheet(
            f"QFrame {{ background: {self.colors.warn}; }} QLabel {{ color: #1b1b1b; "
            "font-weight: 600; font-size: 12pt; }"
        )
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(24, 8, 16, 8)
        self.banner_text = QLabel("")
        self.banner_text.setAccessibleName("Notification")
        self.banner_text.setWordWrap(True)
        self.banner_stop = QPushButton("Stop")
        self.banner_stop.setAccessibleName("Stop ringing")
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.banner_stop)
        self.banner.hide()
        body.addWidget(self.banner)
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

        self.pages: dict[str, QWidget] = {}
        for key, title, icon_name, target in PAGES:
            page = build_page(session, title, icon_name, target)
            for view in page.findChildren(QAbstractItemView):
                view.setTabKeyNavigation(False)  # Tab leaves a list/table; arrows move inside
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(icon(icon_name, self.colors.text), title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title} page")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        for i in range(len(PAGES)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, lambda i=i: self.nav.setCurrentRow(i))
        QShortcut(QKeySequence("Ctrl+Space"), self, self._push_to_talk)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.quit)

        self.tray = make_tray(self, session, self._push_to_talk)
        # lazy: start-up speed (.talk_server loads only when __init__() runs)
        from .talk_server import TalkServer

        self.talk_server = TalkServer(session.app.paths, self._push_to_talk, self)
        session.closing.connect(self.talk_server.close)
        self.hotkey: Any = None
        self._start_hotkey(session.app.settings.audio.push_to_talk_key)
        session.closing.connect(self._stop_hotkey)
        # Living in the tray (start minimised): closing the window keeps Homebody running.
        self._hide_to_tray = self.tray is not None and session.app.settings.general.start_minimised
        self.notifier = Notifier(session, self.tray)
        self.notifier.notified.connect(self.show_banner)
        self.notifier.stopped.connect(self.banner.hide)
        self.banner_stop.clicked.connect(self.notifier.stop_ringing)
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)
        self.status = self.statusBar()
        self.status.showMessage("Starting the assistant…")
        session.assistant_ready.connect(self._assistant_ready)
        session.assistant_failed.connect(
            lambda m: self.status.showMessage(f"Assistant unavailable: {m}")
        )
        settings_page = self.pages.get("settings")
        saved = getattr(settings_page, "saved", None)
        if saved is not None:
            saved.connect(lambda new: self.recolor(colors(new.general.theme)))
            saved.connect(lambda new: self._start_hotkey(new.audio.push_to_talk_key))
        hints = QGuiApplication.styleHints()
        if hints is not None:  # "Follow the system": a switch to dark mode shows at once
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self._guard_state()

    def _system_scheme_changed(self, _scheme: object) -> None:
        setting = self.session.app.settings.general.theme
        if setting != "system":
            return

        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            self.recolor(apply_theme(qapp, setting))

    def recolor(self, theme: Colors) -> None:
        """Re-tint the sidebar icons after a theme change (the palette is already applied)."""
        self.colors = theme
        for row, (_key, _title, icon_name, _target) in enumerate(PAGES):
            item = self.nav.item(row)
            if item is not None:
                item.setIcon(icon(icon_name, theme.text))

    # -- navigation ---------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget:
        keys = [p[0] for p in PAGES]
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def page(self, key: str) -> Any:
        return self.pages[key]

    def _push_to_talk(self) -> str:
        """Listen without the wake word (Ctrl+Space, the tray, ``homebody talk``); says what
        happened."""
        assistant = self.pages.get("assistant")
        voice = getattr(assistant, "voice", None)
        if voice is not None and voice.talk.isEnabled():
            self.show_page("assistant")
            voice.talk.toggle()
            return "listening" if voice.talk.isChecked() else "stopped listening"
        reason = voice.talk.toolTip() if voice is not None else "voice is not part of this build"
        self.status.showMessage(f"Push-to-talk is unavailable: {reason}", 5000)
        return f"unavailable: {reason}"

    def _start_hotkey(self, key: str) -> None:
        """Take ``key`` system-wide for push-to-talk (again after Settings change it); where
        the desktop won't, the log and Settings say so and name the ``homebody talk`` command."""
        if self.hotkey is not None and self.hotkey.key == key and self.hotkey.active:
            return
        # lazy: start-up speed (.global_hotkey etc. load only when _start_hotkey() runs)
        from .global_hotkey import start_global_hotkey
        from .pages.settings_audio import talk_command

        self._stop_hotkey()
        platform = QGuiApplication.platformName()
        self.hotkey = start_global_hotkey(key, self._push_to_talk, platform, talk_command())
        audio = getattr(self.pages.get("settings"), "audio", None)
        if audio is not None:
            audio.show_hotkey(self.hotkey)
        action = getattr(self.tray, "talk_action", None)
        if action is not None:
            shortcut = self.hotkey.key if self.hotkey.active else "Ctrl+Space"
            action.setText(f"Talk now ({shortcut})")

    def _stop_hotkey(self) -> None:
        if self.hotkey is not None:
            self.hotkey.close()
            self.hotkey = None

    # -- state --------------------------------------------------------------------------------
    def _guard_state(self) -> None:
        guard = self.session.app.guard
        if guard is None or not guard.installed:
            self.offline.setText("● Egress guard off (developer mode)")
            self.offline.setObjectName("Warn")

    def _assistant_ready(self, recognizer: str) -> None:
        if recognizer == "none":
            self.status.showMessage(
                "No intent model installed: typed requests can't be understood."
            )
        else:
            self.status.showMessage(f"Ready — intent model {recognizer} runs on this computer.")

    def show_banner(self, title: str, body: str) -> None:
        self.banner_text.setText(f"{title} — {body}" if body else title)
        self.banner.show()
        self._banner_timer.start(120000)

    # -- closing ------------------------------------------------------------------------------
    def quit(self) -> None:
        self._hide_to_tray = False
        self.close()
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and getattr(self, "_hide_to_tray", False):
            event.ignore()
            self.hide()
            return
        if self.tray is not None:
            self.tray.hide()
        event.accept()
