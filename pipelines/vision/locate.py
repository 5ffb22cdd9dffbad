"""Answer "where is my X?" from the object memory, honestly.

Three outcomes: the object was seen (where, which camera, how long ago); it can be seen but
has not been yet; or no installed detector (nor a taught object) can recognise it at all, in
which case the answer says so and how to add a model or teach the object.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.errors import ModelError
from ..skills.base import Response
from ..skills.speech import clock, duration, spoken_date, weekday
from .labels import normalise_object
from .memory import ObjectMemory, Sighting

if TYPE_CHECKING:
    from ..app_context import AppContext
    from ..skills.replies import Replies

_PREPOSITIONS = ("on ", "in ", "at ", "by ", "near ", "under ", "next ", "behind ", "beside ")
_PLURAL_WORDS = ("glasses", "specs", "spectacles", "keys", "scissors", "headphones")
STALE_S = 6 * 3600.0
"""Seen longer ago than this: "I haven't seen your glasses since yesterday at 21:10"."""


@dataclass(frozen=True)
class Located:
    status: str
    """"seen", "not_seen", "unknown" or "no_detector"."""
    asked: str
    label: str
    sighting: Sighting | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "asked": self.asked,
            "label": self.label,
            "sighting": self.sighting.to_dict() if self.sighting else None,
        }


def detectable_labels(app: AppContext) -> tuple[set[str], bool]:
    """(labels some installed detector or taught object knows, whether any detector exists)."""
    # lazy: start-up speed (..models.manager, .catalog etc. load only when detectable_labels() runs)
    from ..models.manager import ModelManager
    from .catalog import known_labels

    # lazy: start-up speed (.first_run loads only when detectable_labels() runs)
    from .first_run import ensure_detector

    manager = ModelManager.from_app(app)
    with suppress(ModelError):  # a bring-your-own model name: nothing to install
        ensure_detector(manager, app.settings.vision.model)
    try:
        labels = known_labels(manager)
    except ModelError:
        labels = set()
    has_detector = bool(labels)
    # lazy: start-up speed (.teach loads only when detectable_labels() runs)
    from .teach import taught_names

    labels |= set(taught_names(app.db))
    return labels, has_detector


def locate(app: AppContext, text: str) -> Located:
    memory = ObjectMemory(app.db, app.paths.data_dir, app.ledger)
    known, has_detector = detectable_labels(app)
    seen_labels = set(memory.labels())
    asked = _spoken(text)
    label = normalise_object(text, known | seen_labels)
    sighting = memory.last_seen(label)
    if sighting is not None:
        return Located("seen", asked, label, sighting)
    if label in known:
        return Located("not_seen", asked, label)
    return Located("unknown" if has_detector else "no_detector", asked, label)


def _spoken(text: str) -> str:
    words = text.strip().lower().split()
    while words and words[0] in ("my", "the", "a", "an", "our", "your"):
        words = words[1:]
    return " ".join(words) or text.strip()


def _ago(replies: Replies, ts: float, now: float) -> str:
    """ "just now", "12 minutes ago", "today at 07:30", "yesterday at 21:10", "on Friday at..."."""
    seconds = max(0.0, now - ts)
    if seconds < 60:
        return replies.render("vision.just_now").lower()
    if seconds < 6 * 3600:
        rounded = round(seconds / 60) * 60
        return replies.render("vision.ago", duration=duration(replies, rounded)).lower()
    moment, today = dt.datetime.fromtimestamp(ts), dt.datetime.fromtimestamp(now)
    days = (today.date() - moment.date()).days
    if days == 0:
        text = replies.render("date.today_at", time=clock(moment))
    elif days == 1:
        text = replies.render("vision.yesterday_at", time=clock(moment))
    elif days < 7:
        text = replies.render(
            "date.weekday_at", weekday=weekday(replies, moment.date()), time=clock(moment)
        )
    else:
        text = replies.render(
            "date.date_at", date=spoken_date(replies, moment.date()), time=clock(moment)
        )
    return text[:1].lower() + text[1:]


def _plural(name: str, label: str) -> bool:
    """ "keys", "glasses", "cups" take "were"; "cup", "bus", "glass" take "was"."""
    if name.endswith(_PLURAL_WORDS):
        return True
    return name.endswith("s") and not name.endswith(("ss", "us")) and name != label


def answer(app: AppContext, replies: Replies, text: str, now: float) -> Response:
    """The spoken/on-screen answer for "where is my ``text``"."""
    if not text.strip():
        return Response(
            replies.render("vision.which_object"),
            intent="object_locate",
            expects_reply=True,
            action="slot_requested",
        )
    found = locate(app, text)
    card: dict[str, Any] = {"type": "sighting", **found.to_dict()}
    name = found.asked
    if found.status == "seen" and found.sighting is not None:
        s = found.sighting
        place = ""
        if s.zone:
            verbatim = s.zone.lower().startswith(_PREPOSITIONS)
            place = replies.render(
                "vision.place_verbatim" if verbatim else "vision.place_on", zone=s.zone
            ).lower()
        plural = _plural(name, found.label)
        ago = _ago(replies, s.ts, now)
        if now - s.ts > STALE_S:
            since = ago.removeprefix("on ").removeprefix("today at ")
            text_out = replies.render(
                "vision.seen_old_zone" if place else "vision.seen_old",
                object=name,
                since=since,
                pronoun="them" if plural else "it",
                they="they were" if plural else "it was",
                place=place,
                camera=s.camera,
            )
        else:
            text_out = replies.render(
                "vision.seen_zone" if place else "vision.seen",
                object=name,
                verb="were" if plural else "was",
                place=place,
                camera=s.camera,
                ago=ago,
            )
        return Response(text_out, intent="object_locate", card=card, action="object_found")
    if found.status == "not_seen":
        watched = app.settings.vision.cameras or app.db.scalar("SELECT COUNT(*) FROM sightings")
        key = "vision.never_seen" if watched else "vision.never_seen_no_cameras"
        return Response(
            replies.render(key, object=name),
            intent="object_locate",
            card=card,
            success=True,
            action="object_not_seen",
        )
    if found.status == "no_detector":
        return Response(
            replies.render("vision.no_detector"),
            intent="object_locate",
            card=card,
            success=False,
            action="no_detector",
        )
    what = name if _plural(name, found.label) else f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"
    return Response(
        replies.render("vision.unknown", object=name, what=what),
        intent="object_locate",
        card=card,
        success=False,
        action="object_unknown",
    )
