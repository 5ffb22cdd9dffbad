"""The time somewhere else, offline: a place name -> an IANA zone (``language.places``) ->
``zoneinfo`` (the OS's zone files, or the ``tzdata`` package where there are none)."""

from __future__ import annotations

import datetime as dt

from ..core.intent import Intent
from ..language.places import find_place
from .base import Response, SkillContext
from .speech import duration, weekday


def offset_words(ctx: SkillContext, there: dt.datetime, here: dt.datetime) -> str:
    """ "9 hours ahead of here", "5 hours 30 minutes behind", "the same time as here"."""
    there_offset = there.utcoffset() or dt.timedelta()
    here_offset = here.utcoffset() or dt.timedelta()
    seconds = int((there_offset - here_offset).total_seconds())
    if seconds == 0:
        return ctx.phrase("world_clock.same")
    key = "world_clock.ahead" if seconds > 0 else "world_clock.behind"
    return ctx.phrase(key, gap=duration(ctx.replies, abs(seconds)))


def tell_time_in(intent: Intent, ctx: SkillContext) -> Response:
    said = str(intent.slot("place") or "")
    place = find_place(said)
    if place is None:
        return Response(
            ctx.say("world_clock.unknown_place", place=said), intent=intent.name, success=False,
            action="none",
        )  # fmt: skip
    # lazy: start-up speed (zoneinfo loads only when a world-clock question is answered)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(place.zone)
    except ZoneInfoNotFoundError:
        return Response(
            ctx.say("world_clock.no_zone_data", place=place.name), intent=intent.name,
            success=False, action="none",
        )  # fmt: skip
    now = ctx.clock()
    here = dt.datetime.fromtimestamp(now).astimezone()
    there = dt.datetime.fromtimestamp(now, zone)
    day = ""
    if there.date() != here.date():
        day = ctx.phrase("world_clock.on_day", day=weekday(ctx.replies, there.date()))
    ctx.conversation["last_place"] = said
    return Response(
        ctx.say("world_clock.time", place=place.name, time=there.strftime("%H:%M"), day=day,
                offset=offset_words(ctx, there, here)),
        intent=intent.name, action="time_told",
        card={"type": "time", "iso": there.isoformat(timespec="minutes"), "place": place.name,
              "zone": place.zone},
    )  # fmt: skip
