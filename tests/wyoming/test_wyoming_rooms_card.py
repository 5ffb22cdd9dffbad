"""Settings → Rooms: server state, satellites and the remote engine, saved like any setting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pipelines.core.settings import load_settings

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytestmark = pytest.mark.gui


@pytest.fixture
def window(app: Any, qtbot: Any) -> Iterator[Any]:
    from app.gui.launch import close_window, open_window

    session, win = open_window(app)
    qtbot.addWidget(win)
    win.resize(1200, 780)
    win.show()
    yield win
    close_window(session, win)


def test_rooms_card_saves_satellites_and_server_settings(window: Any, qtbot: Any) -> None:
    page = window.show_page("settings")
    rooms = page.rooms
    assert "not running" in rooms.status.text()
    rooms.add_row("kitchen-pi", "192.168.1.20", "kitchen", True)
    rooms.add_row("bedroom-pi", "192.168.1.21:10800", "bedroom", False)
    rooms.lan.setChecked(True)
    rooms.uri.setText("tcp://0.0.0.0:10700")
    rooms.allowed.setText("192.168.1.10, 192.168.1.0/24")
    rooms.remote.setText("tcp://192.168.1.30:10300")
    rooms.remote_voice.setText("tcp://192.168.1.30:10200")
    page.save_button.click()
    assert page.message.text().startswith("✔ Saved"), page.message.text()
    w = load_settings(window.session.app.paths.config_file).wyoming
    assert [(s.name, s.host, s.port, s.room, s.enabled) for s in w.satellites] == [
        ("kitchen-pi", "192.168.1.20", 10700, "kitchen", True),
        ("bedroom-pi", "192.168.1.21", 10800, "bedroom", False),
    ]
    assert w.lan and w.allowed_peers == ("192.168.1.10", "192.168.1.0/24")
    assert w.remote_asr == "tcp://192.168.1.30:10300"
    assert w.remote_tts == "tcp://192.168.1.30:10200"
    page.revert_button.click()
    assert rooms.rows()[0] == ("kitchen-pi", "192.168.1.20:10700", "kitchen", True)


def test_rooms_card_refuses_bad_addresses(window: Any, qtbot: Any) -> None:
    page = window.show_page("settings")
    rooms = page.rooms
    rooms.allowed.setText("the kitchen")
    page.save_button.click()
    assert "not an address or subnet" in page.message.text()
    rooms.allowed.setText("")
    rooms.uri.setText("tcp://0.0.0.0:10700")  # LAN address with LAN serving off
    page.save_button.click()
    assert "LAN serving is off" in page.message.text()
    rooms.uri.setText("tcp://127.0.0.1:10700")
    rooms.remote.setText("192.168.1.30")  # no scheme, no port
    page.save_button.click()
    assert "tcp://HOST:PORT" in page.message.text()


def test_server_status_line() -> None:
    from app.gui.pages.rooms_card import server_status

    state = {
        "uri": "tcp://0.0.0.0:10700",
        "lan": True,
        "announced": True,
        "peers": [{"host": "192.168.1.10", "requests": {"transcribe": 2, "describe": 1}}],
        "refused": 1,
    }
    assert server_status(state) == (
        "Serving on tcp://0.0.0.0:10700 (home network), announced to Home Assistant. "
        "Connected: 192.168.1.10 (describe, transcribe). Refused 1 unknown peer(s)."
    )


def test_start_now_serves_from_the_app(window: Any, qtbot: Any) -> None:
    import dataclasses

    from wyoming_helpers import free_port

    app = window.session.app
    uri = f"tcp://127.0.0.1:{free_port()}"
    app.settings = dataclasses.replace(
        app.settings, wyoming=dataclasses.replace(app.settings.wyoming, uri=uri)
    )
    rooms = window.show_page("settings").rooms
    rooms.toggle.click()
    qtbot.waitUntil(lambda: rooms.status.text().startswith("Serving on"), timeout=180000)
    assert uri in rooms.status.text() and rooms.toggle.text() == "Stop"
    rooms.toggle.click()
    qtbot.waitUntil(lambda: "not running" in rooms.status.text(), timeout=30000)
    assert not app.services["wyoming"].running
