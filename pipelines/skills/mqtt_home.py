"""Lights and switches on a local MQTT broker, with Home Assistant discovery-compatible topics.

For a device with object id ``kitchen_light`` (kind ``light``) and the default settings:

- discovery config (retained): ``homeassistant/light/homebody/kitchen_light/config``
- commands: ``homebody/light/kitchen_light/set`` — JSON schema payloads
  ``{"state": "ON", "brightness": 128, "color_mode": "rgb", "color": {"r": 255, "g": 0, "b": 0}}``
- state: ``homebody/light/kitchen_light/state``

Switches use ``homebody/switch/<id>/set`` with plain ``ON``/``OFF``. A device can name its own
``command_topic`` instead (e.g. ``zigbee2mqtt/kitchen_light/set``, which speaks the same JSON).
The connection is opened on first use and kept in ``app.services["mqtt"]``.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from typing import Any

from ..core.errors import DeviceError
from ..core.settings_schema import DeviceSettings, MqttSettings


def object_id_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "device"


@dataclass(frozen=True)
class Topics:
    config: str
    command: str
    state: str


def component(device: DeviceSettings) -> str:
    return "light" if device.kind == "light" else "switch"


def topics_for(settings: MqttSettings, device: DeviceSettings) -> Topics:
    oid = device.object_id or object_id_for(device.name)
    comp = component(device)
    base = f"{settings.base_topic}/{comp}/{oid}"
    command = device.command_topic or f"{base}/set"
    return Topics(
        config=f"{settings.discovery_prefix}/{comp}/{settings.base_topic}/{oid}/config",
        command=command,
        state=f"{base}/state",
    )


def discovery_payload(settings: MqttSettings, device: DeviceSettings) -> dict[str, Any]:
    oid = device.object_id or object_id_for(device.name)
    topics = topics_for(settings, device)
    payload: dict[str, Any] = {
        "name": device.name,
        "unique_id": f"{settings.base_topic}_{oid}",
        "object_id": oid,
        "command_topic": topics.command,
        "state_topic": topics.state,
        "device": {"identifiers": [f"{settings.base_topic}_{oid}"], "name": device.name},
    }
    if device.room:
        payload["device"]["suggested_area"] = device.room
    if component(device) == "light":
        payload.update(
            {"schema": "json", "brightness": True, "brightness_scale": 255,
             "supported_color_modes": ["rgb"]}
        )  # fmt: skip
    else:
        payload.update({"payload_on": "ON", "payload_off": "OFF"})
    return payload


def command_payload(
    device: DeviceSettings,
    on: bool | None = None,
    brightness_pct: int | None = None,
    rgb: tuple[int, int, int] | None = None,
) -> str:
    """What to publish on the command topic for this change."""
    if component(device) != "light":
        return "ON" if on or on is None else "OFF"
    body: dict[str, Any] = {"state": "OFF" if on is False else "ON"}
    if brightness_pct is not None and on is not False:
        body["brightness"] = round(max(0, min(100, brightness_pct)) * 255 / 100)
    if rgb is not None and on is not False:
        body["color_mode"] = "rgb"
        body["color"] = {"r": rgb[0], "g": rgb[1], "b": rgb[2]}
    return json.dumps(body, separators=(",", ":"))


class MqttHome:
    """One paho-mqtt 2.x connection to the configured broker, opened on first use."""

    def __init__(self, settings: MqttSettings) -> None:
        self.settings = settings
        self._client: Any = None
        self._connected = threading.Event()
        self._refused: int | None = None
        self._lock = threading.Lock()

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def _connect(self) -> Any:
        if self._client is not None and self._connected.is_set():
            return self._client
        if self._client is not None:  # the broker went away: start a fresh connection
            self._client.loop_stop()
            self._client = None
        # lazy: start-up speed (paho.mqtt.client, paho.mqtt.enums load only when _connect() runs)
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=f"homebody-{os.getpid()}",
        )
        if self.settings.username:
            client.username_pw_set(self.settings.username, self.settings.password or None)
        client.connect_timeout = self.settings.timeout_s

        def on_connect(_c: Any, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
            if getattr(reason, "is_failure", False):
                self._refused = int(getattr(reason, "value", 1))
            else:
                self._connected.set()

        def on_disconnect(*_args: Any) -> None:
            self._connected.clear()

        client.on_connect = on_connect
        client.on_disconnect = on_disconnect
        self._connected.clear()
        self._refused = None
        try:
            client.connect(self.settings.host, self.settings.port, keepalive=30)
        except (OSError, ValueError) as exc:  # refused, unreachable, timeout, bad host
            raise DeviceError(
                f"The MQTT broker at {self.where} can't be reached ({exc}). "
                "Check that it is running and that mqtt.host and mqtt.port are right.",
                code="mqtt_unreachable",
            ) from exc
        client.loop_start()
        if not self._connected.wait(self.settings.timeout_s) or self._refused is not None:
            client.loop_stop()
            client.disconnect()
            raise DeviceError(
                f"The MQTT broker at {self.where} did not accept the connection"
                + (f" (reason {self._refused}); check mqtt.username and mqtt.password."
                   if self._refused is not None else "."),
                code="mqtt_unreachable",
            )  # fmt: skip
        self._client = client
        for device in self.settings.devices:
            topics = topics_for(self.settings, device)
            payload = json.dumps(discovery_payload(self.settings, device), sort_keys=True)
            client.publish(topics.config, payload, qos=1, retain=True)
        return client

    def publish(self, topic: str, payload: str, *, retain: bool = False) -> None:
        with self._lock:
            client = self._connect()
            info = client.publish(topic, payload, qos=1, retain=retain)
            try:
                info.wait_for_publish(self.settings.timeout_s)
            except (RuntimeError, ValueError) as exc:
                raise DeviceError(
                    f"The MQTT broker at {self.where} dropped the connection while sending.",
                    code="mqtt_unreachable",
                ) from exc
            if not info.is_published():
                raise DeviceError(
                    f"The MQTT broker at {self.where} did not confirm the message in time.",
                    code="mqtt_unreachable",
                )

    def command(self, device: DeviceSettings, **change: Any) -> str:
        """Send one change to a device; returns the payload that was published."""
        topics = topics_for(self.settings, device)
        payload = command_payload(device, **change)
        self.publish(topics.command, payload)
        return payload

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                try:
                    self._client.disconnect()
                finally:
                    self._client.loop_stop()
                self._client = None
                self._connected.clear()
