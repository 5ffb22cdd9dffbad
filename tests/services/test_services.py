"""pipelines.services: one assistant and one vision service per process, settings applied in
one place, history read without SQL in the GUI (issue 25, "One Assistant per process")."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from pipelines.services import HistoryTurn, Services, services
from pipelines.vision.service import VisionService


class FakeVoice:
    """A running voice loop's service: counts restarts."""

    def __init__(self) -> None:
        self.listening = True
        self.calls: list[str] = []
        self.restarted = threading.Event()

    def start(self) -> None:
        self.calls.append("start")
        self.restarted.set()

    def stop(self) -> None:
        self.calls.append("stop")


def test_one_hub_and_one_assistant_per_app(app: Any) -> None:
    hub = services(app)
    assert isinstance(hub, Services) and services(app) is hub
    assert not hub.assistant_loaded
    first = hub.assistant()
    assert hub.assistant() is first and hub.assistant_loaded


def test_one_vision_service_for_every_camera_user(app: Any) -> None:
    from app.gui.camera_service import CameraService

    vision = services(app).vision()
    assert isinstance(vision, VisionService) and services(app).vision() is vision
    assert CameraService(app).vision is vision and CameraService(app).vision is vision
    assert CameraService(app).start() == 0  # no cameras configured: nothing to watch
    assert not CameraService(app).running and CameraService(app).errors == []


def test_history_comes_back_as_typed_turns(app: Any) -> None:
    hub = services(app)
    assert hub.history() == []
    hub.assistant().ask("what time is it", source="satellite:kitchen")
    hub.assistant().ask("thanks")
    turns = hub.history(limit=1)
    assert len(turns) == 1 and isinstance(turns[0], HistoryTurn)
    assert turns[0].text == "thanks" and isinstance(turns[0].slots, dict)
    assert [t.source for t in hub.history()] == ["satellite:kitchen", "text"]


def test_apply_settings_reaches_the_running_app(app: Any) -> None:
    hub = services(app)
    voice = FakeVoice()
    hub.set_voice(voice)
    old = app.settings
    privacy = dataclasses.replace(old.privacy, retention_days={"history": 3})
    assert hub.apply_settings(dataclasses.replace(old, privacy=privacy)) == ["privacy"]
    assert app.inventory.retention_days == {"history": 3} and voice.calls == []
    audio = dataclasses.replace(app.settings.audio, wake_word="alexa")
    assert hub.apply_settings(dataclasses.replace(app.settings, audio=audio)) == ["audio"]
    assert voice.restarted.wait(10)
    assert voice.calls == ["stop", "start"] and app.settings.audio.wake_word == "alexa"


def test_a_new_broker_drops_the_old_connection_but_new_devices_do_not(app: Any) -> None:
    from pipelines.core.settings_schema import DeviceSettings

    class Home:
        closed = False

        def close(self) -> None:
            self.closed = True

    hub, home = services(app), Home()
    app.services["mqtt"] = home
    mqtt = dataclasses.replace(app.settings.mqtt, devices=(DeviceSettings("lamp"),))
    hub.apply_settings(dataclasses.replace(app.settings, mqtt=mqtt))
    assert app.services["mqtt"] is home and not home.closed
    mqtt = dataclasses.replace(app.settings.mqtt, host="192.168.1.5")
    hub.apply_settings(dataclasses.replace(app.settings, mqtt=mqtt))
    assert "mqtt" not in app.services and home.closed
