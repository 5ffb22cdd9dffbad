"""Lights and devices against a real mosquitto on 127.0.0.1, checked by a paho subscriber."""

from __future__ import annotations

import getpass
import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.settings_schema import DeviceSettings, MqttSettings
from pipelines.skills.mqtt_home import command_payload, discovery_payload, topics_for

from .conftest import FakeClock, Subscriber, Talk, free_port, make_talk, mosquitto

DEVICES = (
    DeviceSettings("kitchen light", "light", "kitchen", ("ceiling light",)),
    DeviceSettings("kitchen spots", "light", "kitchen"),
    DeviceSettings("reading lamp", "light", "living room", ("lamp",)),
    DeviceSettings("coffee machine", "switch", "kitchen", ("coffee maker",)),
    DeviceSettings("hall light", "light", "hall", command_topic="zigbee2mqtt/hall_light/set"),
)


@pytest.fixture
def house(app: Any, broker: int, clock: FakeClock) -> Iterator[tuple[Talk, Subscriber]]:
    mqtt = MqttSettings(host="127.0.0.1", port=broker, devices=DEVICES, timeout_s=5)
    app.settings = replace(app.settings, mqtt=mqtt)
    sub = Subscriber(broker)
    yield make_talk(app, clock), sub
    sub.close()


def test_light_on_publishes_ha_json_and_discovery(house: tuple[Talk, Subscriber]) -> None:
    talk, sub = house
    r = talk("light_on", "turn on the kitchen light", device="kitchen light")
    assert r.action == "device_command" and "kitchen light" in r.text
    assert json.loads(sub.wait_for("homebody/light/kitchen_light/set")) == {"state": "ON"}
    config = json.loads(sub.wait_for("homeassistant/light/homebody/kitchen_light/config"))
    assert config["command_topic"] == "homebody/light/kitchen_light/set"
    assert config["schema"] == "json" and config["supported_color_modes"] == ["rgb"]
    assert config["unique_id"] == "homebody_kitchen_light"
    late = Subscriber(house_port(talk))  # discovery configs are retained for late joiners
    try:
        late.wait_for("homeassistant/light/homebody/kitchen_light/config")
        assert all(retained for t, _, retained in late.messages if t.endswith("/config"))
    finally:
        late.close()


def test_kitchen_lights_means_the_room(house: tuple[Talk, Subscriber]) -> None:
    talk, sub = house
    r = talk("light_on", "turn on the kitchen lights", device="kitchen lights")
    assert "2 lights" in r.text
    sub.wait_for("homebody/light/kitchen_spots/set")


def house_port(talk: Talk) -> int:
    return int(talk.app.settings.mqtt.port)


def test_room_brightness_and_colour(house: tuple[Talk, Subscriber]) -> None:
    talk, sub = house
    r = talk("light_set", "set the kitchen lights to red at 50 percent", room="kitchen",
             device="lights", level=50, color="red")  # fmt: skip
    assert "2 lights in the kitchen" in r.text
    for oid in ("kitchen_light", "kitchen_spots"):
        body = json.loads(sub.wait_for(f"homebody/light/{oid}/set"))
        assert body == {"state": "ON", "brightness": 128, "color_mode": "rgb",
                        "color": {"r": 255, "g": 0, "b": 0}}  # fmt: skip
    assert not any(t == "homebody/switch/coffee_machine/set" for t, _, _ in sub.messages)


def test_switches_aliases_and_own_topics(house: tuple[Talk, Subscriber]) -> None:
    talk, sub = house
    talk("device_on", "switch on the coffee maker", device="coffee maker")
    assert sub.wait_for("homebody/switch/coffee_machine/set") == "ON"
    talk("light_off", "turn off the lamp", device="lamp")
    assert json.loads(sub.wait_for("homebody/light/reading_lamp/set")) == {"state": "OFF"}
    talk("light_off", "turn off the hall light", device="hall light")
    assert json.loads(sub.wait_for("zigbee2mqtt/hall_light/set")) == {"state": "OFF"}


def test_unknown_device_gets_a_clear_answer(house: tuple[Talk, Subscriber]) -> None:
    talk, sub = house
    r = talk("light_on", "turn on the garage light", device="garage light")
    assert r.success is False and "garage light" in r.text and "kitchen light" in r.text
    time.sleep(0.2)
    assert not any(t.endswith("/set") for t, _, _ in sub.messages)


def test_unreachable_broker_is_explained(app: Any, clock: FakeClock) -> None:
    port = free_port()  # nothing listens here
    app.settings = replace(app.settings, mqtt=MqttSettings(port=port, devices=DEVICES, timeout_s=2))
    r = make_talk(app, clock)("light_on", "kitchen light on", device="kitchen light")
    assert r.success is False and f"127.0.0.1:{port}" in r.text and "can't reach" in r.text


def test_no_devices_or_disabled(app: Any, clock: FakeClock) -> None:
    r = make_talk(app, clock)("light_on", device="kitchen light")
    # the reply points at the Settings card that lists and adds lights (issue 24), not a file key
    assert "Lights and switches" in r.text and "mqtt.devices" not in r.text
    app.settings = replace(app.settings, mqtt=MqttSettings(enabled=False, devices=DEVICES))
    assert "switched off" in make_talk(app, clock)("device_off", device="coffee machine").text


def test_payload_and_topic_helpers() -> None:
    mqtt = MqttSettings(base_topic="hb", discovery_prefix="ha")
    lamp = DeviceSettings("Reading Lamp!", "light")
    assert topics_for(mqtt, lamp).command == "hb/light/reading_lamp/set"
    assert topics_for(mqtt, lamp).config == "ha/light/hb/reading_lamp/config"
    assert discovery_payload(mqtt, DeviceSettings("fan", "switch"))["payload_on"] == "ON"
    assert json.loads(command_payload(lamp, on=False, brightness_pct=80)) == {"state": "OFF"}
    assert json.loads(command_payload(lamp, brightness_pct=100))["brightness"] == 255


def test_dim_and_brighten_without_a_number(house: tuple[Talk, Subscriber]) -> None:
    talk, sub = house
    r = talk("light_set", "dim the reading lamp", device="reading lamp")
    assert "30 percent" in r.text
    assert json.loads(sub.wait_for("homebody/light/reading_lamp/set"))["brightness"] == 76
    assert (
        talk("light_set", "set the lamp to blurple", device="lamp", color="blurple").success
        is False
    )


def test_broker_with_a_password(app: Any, clock: FakeClock, tmp_path: Path) -> None:
    passwords = tmp_path / "passwords"
    make = ["mosquitto_passwd", "-c", "-b", str(passwords), "homebody", "s3cret"]
    subprocess.run(make, check=True, capture_output=True)
    passwords.chmod(0o600)
    # "user": mosquitto started as root would otherwise drop to a user who cannot read the file
    conf = f"allow_anonymous false\npassword_file {passwords}\nuser {getpass.getuser()}"
    with mosquitto(tmp_path, conf) as port:
        mqtt = MqttSettings(port=port, devices=DEVICES, timeout_s=5)
        app.settings = replace(app.settings, mqtt=mqtt)
        r = make_talk(app, clock)("light_on", device="kitchen light")
        assert r.success is False and "can't reach" in r.text  # refused without credentials
        app.services.pop("mqtt").close()
        mqtt = replace(mqtt, username="homebody", password="s3cret")
        app.settings = replace(app.settings, mqtt=mqtt)
        assert make_talk(app, clock)("light_on", device="kitchen light").action == "device_command"
