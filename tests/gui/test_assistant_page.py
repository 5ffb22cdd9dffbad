"""Assistant page: typing, what was understood, history, timers counting down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
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
    from pipelines.assistant import Assistant
    from pipelines.language.base import NoModelRecognizer

    session = window.session
    session.assistant = Assistant(session.app, recognizer=NoModelRecognizer())
    session._assistant_loaded(session.assistant)  # what start-up reports without a model
    page = window.page("assistant")
    assert session.recognizer_name == "none"
    assert "No intent model" in page.model_state.text()
    qtbot.keyClicks(page.entry, "what time is it")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    _wait_reply(qtbot, page)
    assert page.conversation.texts()[0] == "what time is it"
    assert page.conversation.notes() == ["Not understood"]
    assert page.entry.text() == ""


@pytest.mark.slow
def test_typed_request_with_the_bundled_intent_model(window: Any, qtbot: Any) -> None:
    session = window.session
    if session.recognizer_name in ("", "none"):
        pytest.skip("the intent model is not bundled in this checkout")
    page = window.page("assistant")
    qtbot.keyClicks(page.entry, "add oat milk to the shopping list")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    _wait_reply(qtbot, page)
    assert page.conversation.notes()[-1].startswith("Understood: list add")
    lists = window.show_page("lists")
    try:
        qtbot.waitUntil(lambda: "oat milk" in lists.shown_items(), timeout=30000)
    except Exception:
        print("lists page:", lists.current_list(), lists.shown_items(), page.conversation.texts())
        raise


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
    assert "duration 2\xa0min" in note and "name pasta" in note and "93\xa0%" in note
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

    assistant = Assistant(
        app,
        recognizer=ScriptedRecognizer(
            {
                "hello": Intent("greeting", {}, 0.99, text="hello"),
                "hi there": Intent("greeting", {}, 0.99, text="hi there"),
            }
        ),
    )
    assistant.ask("hello")
    assistant.ask("hi there", source="satellite:kitchen-pi")  # heard by a Wyoming satellite

    from app.gui.launch import close_window, open_window

    session, win = open_window(app)
    qtbot.addWidget(win)
    page = win.page("assistant")
    qtbot.waitUntil(lambda: len(page.conversation.bubbles) == 4, timeout=10000)
    assert page.conversation.texts()[0] == "hello"
    assert page.conversation.notes()[0].startswith("Understood: greeting")
    assert page.conversation.notes()[1].startswith("heard by kitchen-pi · Understood: greeting")
    wait_idle(qtbot, session)
    close_window(session, win)


def test_voice_panel_without_microphone_is_disabled_with_a_reason(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    page = window.page("assistant")
    voice = page.voice
    started: list[int] = []
    monkeypatch.setattr(voice, "start_voice", lambda service=None: started.append(1))
    voice._found([])
    assert not voice.talk.isEnabled()
    assert "No microphone" in voice.state.text()
    assert started == []
    voice._found(["Test mic"])  # a microphone appears: the voice loop is started
    assert voice.talk.isEnabled() and started == [1]
    window.session.set_switch("microphone", False)
    assert not voice.talk.isEnabled()
    assert "switched off" in voice.state.text()


@pytest.mark.slow
def test_spoken_request_through_the_real_voice_loop_appears_in_the_conversation(
    window: Any, qtbot: Any, shared: Path
) -> None:
    """A real recording through the microphone's code path (AudioSource), PocketSphinx, the
    assistant; the panel shows the partial transcripts and the conversation the turn."""
    from app.gui.voice_service import VoiceService
    from pipelines.speech.pipeline.session import create_voice_pipeline, file_source

    app = window.session.app
    wav = shared / "data" / "speech" / "wav" / "goforward.wav"
    partials: list[str] = []
    window.session.bridge.progress.connect(
        lambda e: partials.append(e.data["partial"]) if "partial" in e.data else None
    )
    service = VoiceService(
        app,
        source_factory=lambda: file_source(wav),
        loop_factory=lambda: create_voice_pipeline(app, use_wake_word=False, speak=False),
    )
    page = window.page("assistant")
    page.voice._found(["recording"])
    page.voice.start_voice(service)
    # A hang guard, not a time limit: a fresh home builds the command LM and grammar first
    # (~50 s alone; more than 120 s once under a loaded full run).
    qtbot.waitUntil(lambda: len(page.conversation.bubbles) >= 2, timeout=180000)
    heard = page.conversation.texts()[-2]
    assert heard.startswith("🎙 go forward")
    assert partials and partials[0] != heard
    service.stop()


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


def test_a_voice_loop_that_cannot_start_says_why(window: Any, qtbot: Any) -> None:
    from app.gui.voice_service import VoiceService
    from pipelines.core.errors import ModelNotInstalledError

    def broken_loop() -> Any:
        raise ModelNotInstalledError("No Vosk model is installed.")

    page = window.page("assistant")
    page.voice._found(["recording"])
    service = VoiceService(window.session.app, loop_factory=broken_loop)
    page.voice.start_voice(service)
    qtbot.waitUntil(lambda: "Voice stopped" in page.voice.state.text(), timeout=10000)
    assert "No Vosk model" in page.voice.state.text()
    assert not service.listening


@pytest.mark.slow
def test_microphone_kill_switch_stops_the_running_voice_loop(
    window: Any, qtbot: Any, shared: Path
) -> None:
    from app.gui.voice_service import VoiceService
    from pipelines.audio.source import FileBackend
    from pipelines.speech.pipeline.session import create_voice_pipeline, microphone_source

    app = window.session.app
    wav = shared / "data" / "speech" / "wav" / "librivox_sns01_0920.wav"
    service = VoiceService(
        app,  # the microphone's own code path, fed by a recording paced like a microphone
        source_factory=lambda: microphone_source(app, FileBackend(wav, realtime=True)),  # type: ignore[arg-type]
        loop_factory=lambda: create_voice_pipeline(app, use_wake_word=False, speak=False),
    )
    page = window.page("assistant")
    page.voice._found(["recording"])
    page.voice.start_voice(service)
    qtbot.waitUntil(
        lambda: bool(app.ledger.entries(kind="microphone_opened")), timeout=180000
    )  # a hang guard: a fresh home builds the speech LM and command grammar first
    window.session.set_switch("microphone", False)
    qtbot.waitUntil(lambda: not service.listening, timeout=20000)
    # the worker thread closes the microphone (and writes its ledger row) as it stops
    qtbot.waitUntil(lambda: bool(app.ledger.entries(kind="microphone_closed")), timeout=20000)
    assert not page.voice.talk.isEnabled()


def test_voice_replies_follow_the_spoken_replies_setting(app: Any) -> None:
    import dataclasses

    from app.gui.voice_service import VoiceService

    service = VoiceService(app)
    assert service._make_speaker() is not None  # espeak-ng through the configured speaker
    app.settings = dataclasses.replace(
        app.settings, audio=dataclasses.replace(app.settings.audio, tts="none")
    )
    assert service._make_speaker() is None


def test_voice_does_not_start_while_the_enrolment_dialog_records(window: Any) -> None:
    from types import SimpleNamespace

    app = window.session.app
    page = window.page("assistant")
    started: list[str] = []
    service = SimpleNamespace(start=lambda: started.append("started"))
    app.services["enrolment"] = SimpleNamespace(running=True)  # the dialog holds the mic
    page.voice.start_voice(service)
    assert "voice" not in app.services or app.services["voice"] is not service
    app.services["enrolment"] = SimpleNamespace(running=False)  # recording over
    page.voice.start_voice(service)
    assert app.services["voice"] is service
