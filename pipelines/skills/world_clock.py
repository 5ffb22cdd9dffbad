"""The time somewhere else, offline: a place name -> an IANA zone (``language.places``) ->
``zoneinfo`` (the OS's zone files, or the ``tzdata`` package where there are none)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..core.intent import Intent
from ..language.places import find_place
from .base import Response, SkillContext
from .speech import duration, weekday

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


def offset_words(ctx: SkillContext, there: dt.datetime, here: dt.datetime) -> str:
    """ "9 hours ahead of here", "5 hours 30 minutes behind", "the same time as here"."""
    there_offset = there.utcoffset() or dt.timedelta()
    here_offset = here.utcoffset() or dt.timedelta()
    seconds = int((there_offset - here_offset).total_seconds())
    if seconds == 0:
        return ctx.phrase("world_clock.same")
    key = "world_clock.ahead" if seconds > 0 else "world_clock.behind"
    return ctx.phrase(key, gap=duration(ctx.replies, abs(seconds)))


def _zone_of(said: str, intent: Intent, ctx: SkillContext) -> tuple[str, ZoneInfo] | Response:
    """The place's display name and zone, or the reply saying why there is none."""
    place = find_place(said)
    if place is None:
        return Response(
            ctx.say("world_clock.unknown_place", place=said), intent=intent.name, success=False,
            action="none",
        )  # fmt: skip
    # lazy: start-up speed (zoneinfo loads only when a world-clock question is answered)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return place.name, ZoneInfo(place.zone)
    except ZoneInfoNotFoundError:
        return Response(
            ctx.say("world_clock.no_zone_data", place=place.name), intent=intent.name,
            success=False, action="none",
        )  # fmt: skip


def _on_day(ctx: SkillContext, day: dt.date, local: dt.date) -> str:
    """ " on Tuesday" when that place is already (or still) on another day than here."""
    return "" if day == local else ctx.phrase("world_clock.on_day", day=weekday(ctx.replies, day))


def _day_shift(ctx: SkillContext, there: dt.date, here: dt.date) -> str:
    if there == here:
        return ""
    return ctx.phrase("world_clock.next_day" if there > here else "world_clock.day_before")


def compare_places(intent: Intent, ctx: SkillContext) -> Response:
    """Two places, or a place and here: the gap between them, or a clock time converted
    ("when it's 09:00 in London, it's 17:00 in Tokyo")."""
    found = _zone_of(str(intent.slot("place")), intent, ctx)
    if isinstance(found, Response):
        return found
    name, zone = found
    other_name, other_zone = ctx.phrase("world_clock.here"), None
    if intent.slot("from_place"):
        other = _zone_of(str(intent.slot("from_place")), intent, ctx)
        if isinstance(other, Response):
            return other
        other_name, other_zone = other
    other_in = ctx.phrase("world_clock.in_place", place=other_name) if other_zone else other_name
    now = dt.datetime.fromtimestamp(ctx.clock(), other_zone).astimezone(other_zone)
    hm = str(intent.slot("time") or "")
    if hm:
        hour, minute = (int(part) for part in hm.split(":"))
        start = now.replace(hour=hour % 24, minute=minute, second=0, microsecond=0)
        there = start.astimezone(zone)
        return Response(
            ctx.say("world_clock.converted", from_time=start.strftime("%H:%M"), other_in=other_in,
                    time=there.strftime("%H:%M"), place=name,
                    day=_day_shift(ctx, there.date(), start.date())),
            intent=intent.name, action="time_told",
            card={"type": "time", "iso": there.isoformat(timespec="minutes"), "place": name},
        )  # fmt: skip
    there = now.astimezone(zone)
    gap = int(((there.utcoffset() or dt.timedelta()) - (now.utcoffset() or dt.timedelta()))
              .total_seconds())  # fmt: skip
    if gap == 0:
        text = ctx.say("world_clock.same_zone", place=name, other=other_name,
                       time=there.strftime("%H:%M"))  # fmt: skip
    else:
        first, second = (there, now) if gap > 0 or other_zone is None else (now, there)
        names = (name, other_name) if first is there else (other_name, name)
        direction = "world_clock.direction_ahead" if gap > 0 else "world_clock.direction_behind"
        if other_zone is not None:  # two named places: the one ahead first
            direction = "world_clock.direction_ahead"
        local = dt.datetime.fromtimestamp(ctx.clock()).date()
        text = ctx.say(
            "world_clock.difference", place=names[0], gap=duration(ctx.replies, abs(gap)),
            direction=ctx.phrase(direction), other=names[1], time=first.strftime("%H:%M"),
            day=_on_day(ctx, first.date(), local), other_time=second.strftime("%H:%M"),
            other_day=_on_day(ctx, second.date(), local),
            other_in=ctx.phrase("world_clock.in_place", place=names[1]) if other_zone else names[1],
        )  # fmt: skip
    return Response(
        text, intent=intent.name, action="time_told",
        card={"type": "time", "iso": there.isoformat(timespec="minutes"), "place": name},
    )  # fmt: skip


def tell_time_in(intent: Intent, ctx: SkillContext) -> Response:
    if intent.slot("from_place") or intent.slot("time"):
        return compare_places(intent, ctx)
    said = str(intent.slot("place") or "")
    found = _zone_of(said, intent, ctx)
    if isinstance(found, Response):
        return found
    name, zone = found
    now = ctx.clock()
    here = dt.datetime.fromtimestamp(now).astimezone()
    there = dt.datetime.fromtimestamp(now, zone)
    day = _on_day(ctx, there.date(), here.date())
    ctx.conversation["last_place"] = said
    return Response(
        ctx.say("world_clock.time", place=name, time=there.strftime("%H:%M"), day=day,
                offset=offset_words(ctx, there, here)),
        intent=intent.name, action="time_told",
        card={"type": "time", "iso": there.isoformat(timespec="minutes"), "place": name,
              "zone": zone.key},
    )  # fmt: skip
