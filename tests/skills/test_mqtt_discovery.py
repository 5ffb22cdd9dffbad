"""Home Assistant MQTT discovery: lights the broker announces become Homebody devices.

A real mosquitto on 127.0.0.1; a retained Zigbee2MQTT-style config is published before
Homebody listens (as on a house where the bridge has run for months)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from pipelines.core.settings_schema import MqttSettings
from pipelines.skills.mqtt_discovery import DiscoveryListener, parse_config

from .conftest import Subscriber

Z2M_TOPIC = "homeassistant/light/0x00158d0001a2b3c4/light/config"
Z2M_CONFIG = {
    "name": None,
    "schema": "json",
    "brightness": True,
    "command_topic": "zigbee2mqtt/Kitchen ceiling/set",
    "state_topic": "zigbee2mqtt/Kitchen ceiling",
    "unique_id": "0x00158d0001a2b3c4_light_zigbee2mqtt",
    "device": {"identifiers": ["zigbee2mqtt_0x00158d0001a2b3c4"], "name": "Kitchen ceiling",
               "suggested_area": "Kitchen"},
}  # fmt: skip
TASMOTA_TOPIC = "homeassistant/switch/DC4F22_RL_1/config"
TASMOTA_CONFIG = {"name": "Kettle", "~": "tasmota_DC4F22/", "cmd_t": "~cmnd/POWER",
                  "stat_t": "~stat/POWER", "uniq_id": "DC4F22_RL_1", "pl_on": "ON"}  # fmt: skip


def publish_retained(port: int, topic: str, payload: str) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    client = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id="bridge")
    client.connect("127.0.0.1", port)
    client.loop_start()
    client.publish(topic, payload, qos=1, retain=True).wait_for_publish(10)
    client.disconnect()
    client.loop_stop()


def test_configs_in_the_shapes_bridges_publish() -> None:
    z2m = parse_config(Z2M_TOPIC, json.dumps(Z2M_CONFIG).encode())
    assert z2m is not None and z2m.kind == "light" and z2m.supported
    assert (z2m.name, z2m.room) == ("Kitchen ceiling", "Kitchen")
    assert z2m.command_topic == "zigbee2mqtt/Kitchen ceiling/set"
    kettle = parse_config(TASMOTA_TOPIC, json.dumps(TASMOTA_CONFIG).encode())
    assert kettle is not None and kettle.kind == "switch" and kettle.name == "Kettle"
    assert kettle.command_topic == "tasmota_DC4F22/cmnd/POWER"  # "~" expanded
    plain = dict(Z2M_CONFIG, schema="default")
    light = parse_config(Z2M_TOPIC, json.dumps(plain).encode())
    assert light is not None and not light.supported and "schema" in light.why_unsupported
    assert parse_config("homeassistant/sensor/x/temp/config", b'{"state_topic": "t"}') is None
    assert parse_config(Z2M_TOPIC, b"") is None  # a removal
    assert parse_config(Z2M_TOPIC, b"{not json") is None


def test_an_announced_light_appears_and_answers_after_pointing(app: Any, broker: int) -> None:
    publish_retained(broker, Z2M_TOPIC, json.dumps(Z2M_CONFIG))
    publish_retained(broker, TASMOTA_TOPIC, json.dumps(TASMOTA_CONFIG))
    mqtt = MqttSettings(host="127.0.0.1", port=broker, timeout_s=5)
    listener = DiscoveryListener(mqtt)
    listener.start()
    try:
        import time

        deadline = time.monotonic() + 10
        while len(listener.devices()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        names = [d.name for d in listener.devices()]
        assert names == ["Kettle", "Kitchen ceiling"]
        publish_retained(broker, TASMOTA_TOPIC, "")  # the kettle is removed from the bridge
        deadline = time.monotonic() + 10
        while len(listener.devices()) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        (light,) = listener.devices()
    finally:
        listener.stop()
    # the user gives it a room and saves: the assistant can now dim it by room
    device = light.to_device(room="kitchen")
    app.settings = replace(app.settings, mqtt=replace(mqtt, devices=(device,)))
    from pipelines.assistant import Assistant

    assistant = Assistant(app)
    assistant.prepare()
    if getattr(assistant.recognizer, "name", "none") == "none":
        pytest.skip("no intent model is installed")
    sub = Subscriber(broker)
    try:
        turn = assistant.ask("turn the kitchen lights to 50 percent")
        body = json.loads(sub.wait_for("zigbee2mqtt/Kitchen ceiling/set"))
    finally:
        sub.close()
        for skill in assistant.dispatcher.registry.skills:
            skill.close()
    assert body == {"state": "ON", "brightness": 128}
    assert turn.response.action == "device_command"
