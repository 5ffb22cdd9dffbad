"""Lights and switches the broker already announces (Home Assistant MQTT discovery).

Zigbee2MQTT, Tasmota and ESPHome publish a retained JSON config per entity on
``homeassistant/<component>/[<node_id>/]<object_id>/config``. :class:`DiscoveryListener`
subscribes to both topic shapes, keeps the lights and switches it hears (an empty payload
removes one, as in Home Assistant) and turns a chosen one into a :class:`DeviceSettings`, so
"turn the kitchen lights to 50 percent" works after the user points at it and names a room.
Homebody's own announcements (node id = our base topic) are left out.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.errors import DeviceError
from ..core.settings_schema import DeviceSettings, MqttSettings
from .mqtt_home import object_id_for

COMPONENTS = ("light", "switch")
ABBREVIATIONS = {
    "cmd_t": "command_topic",
    "stat_t": "state_topic",
    "uniq_id": "unique_id",
    "obj_id": "object_id",
    "dev": "device",
    "sa": "suggested_area",
    "pl_on": "payload_on",
    "pl_off": "payload_off",
}


@dataclass(frozen=True)
class Announced:
    """One light or switch from a discovery config."""

    config_topic: str
    kind: str
    """"light" or "switch"."""
    name: str
    unique_id: str
    command_topic: str
    state_topic: str
    schema: str
    """Lights: "json" (Zigbee2MQTT, ESPHome) or "default"/"template"; switches: "default"."""
    room: str
    """The device's suggested area, when it announces one."""

    @property
    def supported(self) -> bool:
        """Homebody speaks plain ON/OFF to switches and the JSON schema to lights."""
        return self.kind == "switch" or self.schema == "json"

    @property
    def why_unsupported(self) -> str:
        if self.supported:
            return ""
        return f"announces the {self.schema!r} light schema; Homebody speaks the JSON schema"

    def to_device(self, room: str = "", name: str = "") -> DeviceSettings:
        """The settings entry that makes Homebody command this device."""
        return DeviceSettings(
            name=name or self.name,
            kind=self.kind,
            room=room or self.room,
            object_id=object_id_for(self.unique_id or self.name),
            command_topic=self.command_topic,
        )


def _expand(config: dict[str, Any]) -> dict[str, Any]:
    out = {ABBREVIATIONS.get(k, k): v for k, v in config.items()}
    base = str(out.get("~", ""))
    for key in ("command_topic", "state_topic"):
        value = out.get(key)
        if isinstance(value, str) and base:
            if value.startswith("~"):
                out[key] = base + value[1:]
            elif value.endswith("~"):
                out[key] = value[:-1] + base
    device = out.get("device")
    if isinstance(device, dict):
        out["device"] = {ABBREVIATIONS.get(k, k): v for k, v in device.items()}
    return out


def parse_config(topic: str, payload: bytes, prefix: str = "homeassistant") -> Announced | None:
    """The light or switch a discovery message announces; None for other components, our
    own announcements, removals (empty payload) and configs without a command topic."""
    parts = topic.split("/")
    if len(parts) not in (4, 5) or parts[0] != prefix or parts[-1] != "config":
        return None
    kind = parts[1]
    if kind not in COMPONENTS or not payload.strip():
        return None
    try:
        raw = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(raw, dict):
        return None
    config = _expand(raw)
    command = config.get("command_topic")
    if not isinstance(command, str) or not command:
        return None
    raw_device = config.get("device")
    device: dict[str, Any] = raw_device if isinstance(raw_device, dict) else {}
    entity, owner = config.get("name"), device.get("name")
    if owner and (not entity or str(entity).lower() in COMPONENTS):
        name = owner  # Zigbee2MQTT: device "Kitchen ceiling", entity "Light" (or none)
    else:
        name = entity or owner or parts[-2]
    return Announced(
        config_topic=topic,
        kind=kind,
        name=str(name),
        unique_id=str(config.get("unique_id", "")),
        command_topic=command,
        state_topic=str(config.get("state_topic", "")),
        schema=str(config.get("schema", "default")),
        room=str(device.get("suggested_area", "")),
    )


class DiscoveryListener:
    """Subscribes to the discovery topics on the configured broker and keeps what it hears."""

    def __init__(
        self, settings: MqttSettings, on_change: Callable[[list[Announced]], None] | None = None
    ) -> None:
        self.settings = settings
        self.on_change = on_change
        self._found: dict[str, Announced] = {}
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self._client: Any = None

    @property
    def topics(self) -> tuple[str, str]:
        prefix = self.settings.discovery_prefix
        return (f"{prefix}/+/+/config", f"{prefix}/+/+/+/config")

    def start(self) -> None:
        """Connect and subscribe; raises :class:`DeviceError` when the broker can't be reached."""
        # lazy: start-up speed (paho.mqtt.client, paho.mqtt.enums load only when start() runs)
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=f"homebody-discovery-{os.getpid()}-{id(self)}",
        )
        if self.settings.username:
            client.username_pw_set(self.settings.username, self.settings.password or None)
        client.on_connect = lambda c, *_: c.subscribe([(t, 1) for t in self.topics])
        client.on_subscribe = lambda *_: self._subscribed.set()
        client.on_message = lambda _c, _u, msg: self.heard(msg.topic, bytes(msg.payload))
        where = f"{self.settings.host}:{self.settings.port}"
        try:
            client.connect(self.settings.host, self.settings.port, keepalive=30)
        except (OSError, ValueError) as exc:
            raise DeviceError(
                f"The MQTT broker at {where} can't be reached ({exc}).", code="mqtt_unreachable"
            ) from exc
        client.loop_start()
        self._client = client
        if not self._subscribed.wait(self.settings.timeout_s):
            self.stop()
            raise DeviceError(
                f"The MQTT broker at {where} did not accept the subscription.",
                code="mqtt_unreachable",
            )

    def heard(self, topic: str, payload: bytes) -> None:
        """One discovery message (the client's thread, or a test)."""
        parts = topic.split("/")
        if len(parts) == 5 and parts[2] == self.settings.base_topic:
            return  # Homebody's own announcement of a device it already knows
        found = parse_config(topic, payload, self.settings.discovery_prefix)
        with self._lock:
            if found is None:
                if self._found.pop(topic, None) is None:
                    return
            else:
                self._found[topic] = found
            current = sorted(self._found.values(), key=lambda a: a.name.lower())
        if self.on_change is not None:
            self.on_change(current)

    def devices(self) -> list[Announced]:
        with self._lock:
            return sorted(self._found.values(), key=lambda a: a.name.lower())

    def stop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.disconnect()
            client.loop_stop()


def blink(home: Any, device: DeviceSettings, times: int = 2, pause_s: float = 0.6) -> None:
    """Switch a device on and off ``times`` times (ending off) so the user sees which it is."""

    for n in range(times):
        home.command(device, on=True)
        time.sleep(pause_s)
        home.command(device, on=False)
        if n < times - 1:
            time.sleep(pause_s)
