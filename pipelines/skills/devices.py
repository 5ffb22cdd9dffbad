"""Lights and devices by voice: on/off, brightness and colour, by name, alias or room."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ..core.errors import DeviceError
from ..core.intent import Intent
from ..core.settings_schema import DeviceSettings
from .base import Response, Skill, SkillContext
from .mqtt_home import MqttHome
from .speech import join, number

# Colour words -> RGB (data, not wording).
COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0),
    "orange": (255, 165, 0), "purple": (128, 0, 128), "violet": (238, 130, 238),
    "pink": (255, 105, 180), "white": (255, 255, 255), "warm white": (255, 214, 170),
    "cool white": (201, 226, 255), "cyan": (0, 255, 255), "turquoise": (64, 224, 208),
    "magenta": (255, 0, 255), "teal": (0, 128, 128), "lime": (50, 205, 50),
    "gold": (255, 215, 0), "amber": (255, 191, 0), "lavender": (230, 230, 250),
}  # fmt: skip
_BRIGHTER = re.compile(r"\b(?:brighter|brighten|raise|increase|turn up)\b", re.I)
_DIMMER = re.compile(r"\b(?:dim|dimmer|darker|lower|decrease|turn down)\b", re.I)
BRIGHT_PCT, DIM_PCT = 100, 30
"""Levels for "brighter"/"dim" without a number (devices report no state to step from)."""
_GENERIC = {"light", "lights", "lamp", "lamps", "the lights", "all lights", "all the lights",
            "everything", "all", "device", "devices"}  # fmt: skip


def _norm(text: str) -> str:
    text = " ".join(str(text).lower().replace("_", " ").split())
    text = re.sub(r"^(?:the|my|our|all(?: the)?)\s+", "", text)
    return re.sub(r"s$", "", text) if text.endswith(("lights", "lamps")) else text


def _names(device: DeviceSettings) -> set[str]:
    return {_norm(device.name), *(_norm(a) for a in device.aliases)}


def _room_names(device: DeviceSettings) -> set[str]:
    """A room plus a kind ("kitchen light") names every such device in that room."""
    if not device.room:
        return set()
    return {_norm(f"{device.room} {device.kind}"), _norm(f"{device.room} lamp")}


def resolve(
    devices: tuple[DeviceSettings, ...], name: str | None, room: str | None, kind: str | None
) -> list[DeviceSettings]:
    """The devices meant by a device name and/or room ("kitchen", "the lights", "lamp")."""
    pool = [d for d in devices if kind is None or d.kind == kind]
    wanted = _norm(name) if name else ""
    if wanted and wanted not in {_norm(g) for g in _GENERIC}:
        plural = str(name).lower().rstrip().endswith(("lights", "lamps"))
        for names in (_room_names, _names) if plural else (_names, _room_names):
            found = [d for d in devices if wanted in names(d)]
            if not found and room:
                found = [d for d in devices if _norm(f"{room} {wanted}") in names(d)]
            if found:
                return found
        return []
    if room:
        return [d for d in pool if _norm(d.room) == _norm(room)]
    return pool


def colour(value: Any) -> tuple[int, int, int] | None:
    text = " ".join(str(value or "").lower().split())
    if text in COLOURS:
        return COLOURS[text]
    hex_match = re.fullmatch(r"#?([0-9a-f]{6})", text)
    if hex_match:
        h = hex_match.group(1)
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    return None


class DeviceSkill(Skill):
    name = "devices"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"light_on", "light_off", "light_set", "device_on", "device_off"}
    )

    def _home(self, ctx: SkillContext) -> MqttHome:
        home = ctx.app.services.get("mqtt")
        if not isinstance(home, MqttHome):
            home = MqttHome(ctx.app.settings.mqtt)
            ctx.app.services["mqtt"] = home
        return home

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        settings = ctx.app.settings.mqtt
        if not settings.enabled:
            return self._fail(intent, ctx, "devices.disabled")
        if not settings.devices:
            return self._fail(intent, ctx, "devices.none_configured")
        name, room = intent.slot("device"), intent.slot("room")
        kind = "light" if intent.name.startswith("light_") else None
        targets = resolve(settings.devices, name, room, kind)
        if not targets:
            known = join(ctx.replies, [d.name for d in settings.devices])
            what = " ".join(str(v) for v in (room, name) if v) or ctx.phrase("devices.that")
            return self._fail(intent, ctx, "devices.unknown", what=what, known=known)
        change: dict[str, Any] = {}
        if intent.name in ("light_on", "device_on"):
            change["on"] = True
        elif intent.name in ("light_off", "device_off"):
            change["on"] = False
        else:
            level, rgb = intent.slot("level"), colour(intent.slot("color"))
            if intent.slot("color") and rgb is None:
                return self._fail(
                    intent, ctx, "devices.unknown_colour", colour=intent.slot("color")
                )
            if isinstance(level, int | float) and not isinstance(level, bool):
                if not 0 <= level <= 100:
                    return self._fail(intent, ctx, "devices.bad_level", level=number(level))
                change["brightness_pct"] = int(level)
            elif rgb is None and _BRIGHTER.search(intent.text):  # no state to step from
                change["brightness_pct"] = BRIGHT_PCT
            elif rgb is None and _DIMMER.search(intent.text):
                change["brightness_pct"] = DIM_PCT
            if rgb is not None:
                change["rgb"] = rgb
            if not change:
                return ctx.ask_for_slot(intent, "level", "devices.ask_level")
            change["on"] = change.get("brightness_pct", 1) > 0
        home = self._home(ctx)
        sent: list[dict[str, Any]] = []
        try:
            for device in targets:
                payload = home.command(device, **change)
                sent.append({"device": device.name, "payload": payload})
        except DeviceError:
            return self._fail(intent, ctx, "devices.unreachable", where=home.where)
        return Response(
            self._confirmation(intent, ctx, targets, room, change), intent=intent.name,
            action="device_command", card={"type": "devices", "sent": sent},
        )  # fmt: skip

    def _confirmation(
        self,
        intent: Intent,
        ctx: SkillContext,
        targets: list[DeviceSettings],
        room: Any,
        change: dict[str, Any],
    ) -> str:
        if len(targets) == 1:
            what = ctx.phrase("devices.the", name=targets[0].name)
        elif room:
            what = ctx.phrase("devices.in_room", count=len(targets), room=room)
        else:
            what = ctx.phrase("devices.count", count=len(targets))
        if "brightness_pct" in change or "rgb" in change:
            if "brightness_pct" in change and "rgb" in change:
                key = "devices.set_both"
            else:
                key = "devices.set_level" if "brightness_pct" in change else "devices.set_colour"
            return ctx.say(
                key, what=what, level=change.get("brightness_pct"), colour=intent.slot("color")
            )
        return ctx.say("devices.turned_on" if change["on"] else "devices.turned_off", what=what)

    @staticmethod
    def _fail(intent: Intent, ctx: SkillContext, key: str, **values: Any) -> Response:
        return Response(ctx.say(key, **values), intent=intent.name, success=False, action="none")

    def close(self) -> None:
        return None


SKILLS = (DeviceSkill,)
