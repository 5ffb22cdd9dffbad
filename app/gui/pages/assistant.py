"""The Assistant page: talk or type, see what was understood, watch timers count down."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..icons import icon
from ..session import GuiSession
from ..widgets import needs_text, page_header, page_layout, set_tone
from .conversation import ConversationView, describe_understanding
from .timers_panel import TimersPanel
from .voice_panel import VoicePanel

HISTORY_ROWS = 20


class AssistantPage(QWidget):
    title = "Assistant"
    icon_name = "assistant"

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        outer = page_layout(self)
        header, self.model_state = page_header("Assistant", "Starting the assistant…")
        self.model_state.setAccessibleName("Intent model state")
        outer.addWidget(header)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.conversation = ConversationView()
        left.addWidget(self.conversation, 1)
        entry_row = QHBoxLayout()
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Type a request, e.g. “set a timer for 10 minutes”")
        self.entry.setAccessibleName("Type a request")
        self.entry.setClearButtonEnabled(True)
        self.entry.returnPressed.connect(self.submit)
        self.send = QPushButton(icon("send", "#ffffff"), "Ask")
        self.send.setObjectName("Primary")
        self.send.setAccessibleName("Ask")
        self.send.clicked.connect(self.submit)
        needs_text(self.send, self.entry, "Type a request first.")
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.send)
        left.addLayout(entry_row)
        columns.addLayout(left, 3)

        right = QVBoxLayout()
        right.setSpacing(12)
        self.voice = VoicePanel(session)
        self.timers = TimersPanel(session)
        right.addWidget(self.voice)
        right.addWidget(self.timers)
        right.addStretch(1)
        side = QWidget()
        side.setLayout(right)
        side.setFixedWidth(320)
        columns.addWidget(side)
        outer.addLayout(columns, 1)

        QShortcut(QKeySequence("Ctrl+L"), self, self.entry.setFocus)
        session.turn_started.connect(self._started)
        session.turn_finished.connect(self._finished)
        session.turn_failed.connect(self._failed)
        session.assistant_ready.connect(self._ready)
        session.assistant_failed.connect(self._load_failed)
        session.data_deleted.connect(self._data_deleted)
        session.bridge.notice.connect(self._voice_turn)
        if session.assistant is not None:
            self._ready(session.recognizer_name)
        self._load_history()

    # -- model state ----------------------------------------------------------------------------
    def _ready(self, recognizer: str) -> None:
        if recognizer == "none":
            self.model_state.setText(
                "No intent model is installed, so requests can't be understood yet. "
                "Run `homebody doctor` to see what is missing."
            )
            set_tone(self.model_state, "Warn")
        else:
            self.model_state.setText(
                f"Ready. Everything you say is understood on this computer ({recognizer})."
            )
            set_tone(self.model_state, "PageSubtitle")

    def _load_failed(self, message: str) -> None:
        self.model_state.setText(f"The assistant could not start: {message}")
        set_tone(self.model_state, "Bad")

    # -- turns --------------------------------------------------------------------------------
    def submit(self) -> None:
        text = self.entry.text().strip()
        if not text:
            return
        self.entry.clear()
        self.session.ask(text)

    def _started(self, text: str) -> None:
        self.conversation.add_user(text)
        self.conversation.add_thinking()

    def _finished(self, turn: Any) -> None:
        self.conversation.add_turn(turn)
        self.voice.transcript.setText("")

    def _failed(self, _text: str, message: str) -> None:
        self.conversation.add_reply(message, "Something went wrong")

    def _voice_turn(self, event: Any) -> None:
        """A spoken request finished (the voice loop's NOTICE): show it like a typed one."""
        if event.stage != "voice" or "turn" not in event.data:
            return
        turn = dict(event.data["turn"])
        heard = str(turn.get("transcript", "")).strip()
        if not heard:
            return
        self.conversation.add_user(f"🎙 {heard}")
        if "response" in turn:
            note = describe_understanding(
                str(turn.get("intent", "")),
                dict(turn.get("slots", {})),
                float(turn.get("confidence", 0.0)),
            )
            self.conversation.add_reply(str(turn["response"]), note)
        self.voice.transcript.setText("")

    def _data_deleted(self, category: str) -> None:
        if category == "history" and not self.conversation.waiting:
            self.conversation.clear()

    def _load_history(self) -> None:
        app = self.session.app

        def read() -> list[Any]:
            if "history" not in app.db.tables():
                return []
            rows = app.db.query("SELECT * FROM history ORDER BY id DESC LIMIT ?", (HISTORY_ROWS,))
            return list(reversed(rows))

        self.session.run(read, self._show_history)

    def _show_history(self, rows: list[Any]) -> None:
        if self.conversation.bubbles:  # a turn arrived first: keep the live order
            return
        for r in rows:
            self.conversation.add_history_row(r)

    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
