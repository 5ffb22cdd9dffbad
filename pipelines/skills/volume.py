"""The volume of Homebody's own voice (saved in ``audio.volume``), and media commands.

The voice output reads ``app.settings.audio.volume`` and listens for the NOTICE
``{"kind": "volume_changed"}``. There is no media player integration: media commands get a
clear answer saying so.
"""

from __future__ import annotations

import dataclasses
import time
from typing import ClassVar

from ..core.events import EventType, PipelineEvent
from ..core.intent import Intent
from ..core.settings import save_settings
from ..language.rules import UNMUTE, VOLUME_ASKED, tidy
from .base import Response, Skill, SkillContext
from .speech import number

STEP = 10
UNMUTED = 50
"""The level "unmute" sets when muted (the level before muting is not kept)."""


def _level(value: object, raw: str = "") -> int | None:
    """The wanted level 0..100; a bare 0-10 ("volume 7") is read on a ten-point scale."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    level = float(value)
    if 0 < level <= 1 and isinstance(value, float):  # "0.5" meaning half
        level *= 100
    said_percent = "percent" in raw or "%" in raw
    if 1 < level <= 10 and float(level).is_integer() and not said_percent:
        level *= 10  # "volume 7" on a 0..10 scale
    return max(0, min(100, round(level)))


def set_volume(ctx: SkillContext, level: int) -> int:
    """Save the new volume (0..100) in the settings file and tell the voice output."""
    app = ctx.app
    level = max(0, min(100, int(level)))
    audio = dataclasses.replace(app.settings.audio, volume=level)
    app.settings = dataclasses.replace(app.settings, audio=audio)
    save_settings(app.settings, app.paths.config_file)
    app.ledger.record("settings_changed", "settings", keys=["audio.volume"])
    app.bus.emit(
        PipelineEvent(
            EventType.NOTICE, "volume", time.time(),
            data={"kind": "volume_changed", "volume": level},
        )
    )  # fmt: skip
    return level


class VolumeSkill(Skill):
    name = "volume"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"volume_up", "volume_down", "volume_set", "volume_mute"}
    )

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        current = ctx.app.settings.audio.volume
        said = tidy(intent.text)
        if VOLUME_ASKED.match(said):  # "what's the volume": told, never changed
            key = "volume.is_muted" if current == 0 else "volume.is_at"
            return ctx.reply(intent, key, action="none", level=current)
        if UNMUTE.match(said):  # heard as mute by the model: the opposite
            if current > 0:
                return ctx.reply(intent, "volume.not_muted", action="none", level=current)
            intent = dataclasses.replace(intent, name="volume_set", slots={"level": UNMUTED})
        if intent.name == "volume_mute":
            set_volume(ctx, 0)
            return ctx.reply(intent, "volume.muted", action="volume_muted")
        if intent.name == "volume_set":
            asked = intent.slot("level")
            if isinstance(asked, int | float) and not 0 <= asked <= 100:
                return Response(
                    ctx.say("volume.out_of_range", asked=number(asked), level=current),
                    intent=intent.name, success=False, action="none",
                )  # fmt: skip
            wanted = _level(asked, str(intent.raw_slots.get("level", "")))
            if wanted is None:
                return ctx.ask_for_slot(intent, "level", "volume.ask_level", level=current)
        else:
            step = STEP if intent.name == "volume_up" else -STEP
            wanted = max(0, min(100, current + step))
            if wanted == current:
                key = "volume.at_max" if step > 0 else "volume.at_min"
                return ctx.reply(intent, key, level=current)
        level = set_volume(ctx, wanted)
        return Response(
            ctx.say("volume.set", level=level), intent=intent.name, action="volume_set",
            card={"type": "volume", "level": level},
        )  # fmt: skip


class MediaSkill(Skill):
    name = "media"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"media_play", "media_pause", "media_next", "media_previous"}
    )

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        return Response(
            ctx.say("media.no_player"), intent=intent.name, success=False, action="none"
        )


SKILLS = (VolumeSkill, MediaSkill)
