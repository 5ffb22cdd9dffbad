"""Settings -> Devices against a real mosquitto: an announced light appears, gets a room, is
blinked, and answers "turn the kitchen lights to 50 percent"."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.skills.conftest import Subscriber, mosquitto
from tests.skills.test_mqtt_discovery import Z2M_CONFIG, Z2M_TOPIC, publish_retained

from .conftest import wait_idle


def test_point_at_an_announced_light_and_use_it(app: Any, qtbot: Any, tmp_path: Path) -> None:
    from app.gui.launch import close_window, open_window
    from pipelines.core.settings import load_settings, save_settings

    with mosquitto(tmp_path) as port:
        publish_retained(port, Z2M_TOPIC, json.dumps(Z2M_CONFIG))
        app.settings = replace(
            app.settings, mqtt=replace(app.settings.mqtt, host="127.0.0.1", port=port)
        )
        save_settings(app.settings, app.paths.config_file)
        session, win = open_window(app)
        qtbot.addWidget(win)
        sub = Subscriber(port)
        try:
            card = win.show_page("settings").devices
            assert not card.add_found_button.isEnabled() and card.add_found_button.toolTip()
            assert not card.blink_button.isEnabled() and not card.remove_button.isEnabled()
            card.look()
            qtbot.waitUntil(lambda: card.found.rowCount() == 1, timeout=10000)
            assert card.found.item(0, 0).text() == "Kitchen ceiling"
            card.found.selectRow(0)
            card.room.setText("Kitchen")
            card.add_found_button.click()
            assert "Added Kitchen ceiling in the kitchen" in card.message.text()
            assert card.found.rowCount() == 0  # now a known device, not a suggestion
            (device,) = load_settings(app.paths.config_file).mqtt.devices
            assert (device.room, device.command_topic) == ("kitchen", Z2M_CONFIG["command_topic"])
            card.known.selectRow(0)
            card.blink_button.click()
            qtbot.waitUntil(lambda: "Blinked" in card.message.text(), timeout=15000)
            sent = [json.loads(p) for t, p, _ in sub.messages if t == device.command_topic]
            assert sent == [{"state": "ON"}, {"state": "OFF"}] * 2
            qtbot.waitUntil(lambda: session.understands or bool(session.assistant_error),
                            timeout=60000)  # fmt: skip
            if session.understands:
                session.ask("turn the kitchen lights to 50 percent")
                wait_idle(qtbot, session, 60000)
                body = json.loads(sub.wait_for(device.command_topic))
                assert body == {"state": "ON", "brightness": 128}
            card.remove_button.click()
            assert load_settings(app.paths.config_file).mqtt.devices == ()
            assert card.found.rowCount() == 1  # back among the suggestions
        finally:
            sub.close()
            close_window(session, win)
