"""Assistant page: typing, what was understood, history, timers counting down."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pipelines.core.intent import Intent

from .conftest import wait_idle


class ScriptedRecognizer:
    """A seam fake for the intent model: fixed utterance -> intent table."""

    name = "scripted"

    def __init__(self, table: dict[str, Intent]) -> None:
        self.table = table

    def prepare(self) -> None:
        return None

    def recognize(self, text: str) -> Intent:
        return self.table.get(text, Intent("out_of_scope", {}, 0.2, text=text))


def _wait_reply(qtbot: Any, page: Any, bubbles: int = 2) -> None:
    conversation = page.conversation
    qtbot.waitUntil(
        lambda: len(conversation.bubbles) >= bubbles and not conversation.waiting, timeout=20000
    )


def _use_recognizer(window: Any, table: dict[str, Intent]) -> None:
    from pipelines.assistant import Assistant

    session = window.session
    session.assistant = Assistant(session.app, recognizer=ScriptedRecognizer(table))
    session.recognizer_name = "scripted"


def test_without_an_intent_model_the_page_says_so_and_still_answers(
    window: Any, qtbot: Any
) -> None:
    page = window.page("assistant")
    assert window.session.recognizer_name == "none"
    assert "No intent model" in page.model_state.text()
    qtbot.keyClicks(page.entry, "what time is it")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    _wait_reply(qtbot, page)
    assert page.conversation.texts()[0] == "what time is it"
    assert page.conversation.notes() == ["Not understood"]
    assert page.entry.text() == ""


def test_typed_timer_shows_understanding_and_a_countdown_that_can_be_cancelled(
    window: Any, qtbot: Any
) -> None:
    _use_recognizer(
        window,
        {
            "set a pasta timer for 2 minutes": Intent(
                "timer_start",
                {"duration": 120, "name": "pasta"},
                0.93,
                text="set a pasta timer for 2 minutes",
            )
        },
    )
    page = window.page("assistant")
    qtbot.keyClicks(page.entry, "set a pasta timer for 2 minutes")
    page.send.click()
    _wait_reply(qtbot, page)
    note = page.conversation.notes()[-1]
    assert note.startswith("Understood: timer start")
    assert "duration 2 min" in note and "name pasta" in note and "93 %" in note
    qtbot.waitUntil(lambda: page.timers.names() == ["Pasta"], timeout=10000)
    row = page.timers.rows[0]
    minutes, seconds = row.time.text().split(":")
    assert int(minutes) * 60 + int(seconds) <= 120
    assert int(minutes) >= 1
    row.cancel.click()
    qtbot.waitUntil(lambda: page.timers.names() == [], timeout=10000)
    assert page.timers.empty.isVisible()


def test_timers_started_elsewhere_appear_without_typing(window: Any, qtbot: Any) -> None:
    from app.gui.pages.timers_panel import open_timer_store

    page = window.page("assistant")
    store = open_timer_store(window.session.app)
    store.start(300, "tea")  # e.g. by voice or a recipe step, on another thread
    qtbot.waitUntil(lambda: page.timers.names() == ["Tea"], timeout=10000)


def test_conversation_history_is_reloaded_from_the_database(app: Any, qtbot: Any) -> None:
    from pipelines.assistant import Assistant

    Assistant(
        app, recognizer=ScriptedRecognizer({"hello": Intent("greeting", {}, 0.99, text="hello")})
    ).ask("hello")

    from app.gui.launch import close_window, open_window

    session, win = open_window(app)
    qtbot.addWidget(win)
    page = win.page("assistant")
    qtbot.waitUntil(lambda: len(page.conversation.bubbles) == 2, timeout=10000)
    assert page.conversation.texts()[0] == "hello"
    assert page.conversation.notes()[0].startswith("Understood: greeting")
    wait_idle(qtbot, session)
    close_window(session, win)


def test_voice_panel_without_microphone_is_disabled_with_a_reason(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    page = window.page("assistant")
    voice = page.voice
    voice._found([])
    assert not voice.talk.isEnabled()
    assert "No microphone" in voice.state.text()
    voice._found(["Test mic"])
    window.session.set_switch("microphone", False)
    assert not voice.talk.isEnabled()
    assert "switched off" in voice.state.text()


def test_partial_transcripts_are_shown_live(window: Any, qtbot: Any) -> None:
    import threading
    import time

    from pipelines.core.events import EventType, PipelineEvent

    page = window.page("assistant")
    event = PipelineEvent(
        EventType.PROGRESS, "transcribe", time.time(), data={"partial": "set a timer"}
    )
    threading.Thread(target=window.session.app.bus.emit, args=(event,)).start()
    qtbot.waitUntil(lambda: page.voice.transcript.text() == "set a timer", timeout=5000)
