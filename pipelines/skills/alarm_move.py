"""Moving an alarm said in full: "move my alarm to 7:30", "change the medicine alarm to 10 pm",
"reschedule my saturday alarm for 8", "change the 9 o'clock alarm to 10".

The alarm meant is the one the words between "my/the" and "alarm" name (its label, a day it
rings on, or its time); without such words, the alarm just set or talked about, else the only
one. With several that fit and none just set, nothing is guessed: the skill says which alarms
there are and changes none. "Set my alarm for 7" is a new alarm, not a move.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..language.normalize import parse_time
from .alarm_store import Alarm

_MOVE = re.compile(
    r"\b(?:change|move|reschedule|push|shift|bring|switch)(?: back| forward)? (?:my|the|our) "
    r"(?:(?P<which>[a-z0-9:' ]+?) )?alarm(?: time)?(?: back| forward)? "
    r"(?:to|for|till|until|at) (?P<new>.+)$"
)


@dataclass(frozen=True)
class Move:
    """What a move request points at."""

    alarm: Alarm | None
    """The alarm to change, when the request says which unambiguously."""
    candidates: tuple[Alarm, ...]
    """The alarms it could mean (all of them when it names none) when ``alarm`` is None."""
    new_time: str | None
    """The new clock time as the words after "to" give it ("10:00"), when they are one."""


def read_move(
    text: str,
    upcoming: list[Alarm],
    last_id: object,
    on_day: Callable[[str], list[Alarm]],
) -> Move | None:
    """The alarm a "move my ... alarm to ..." request is about; None when it is no move."""
    found = _MOVE.search(" ".join(text.lower().rstrip(".!?").split()))
    if found is None:
        return None
    new_time = parse_time(found.group("new"))
    which = (found.group("which") or "").strip()
    if which:
        named = _named(which, upcoming, on_day)
        alarm = named[0] if len(named) == 1 else None
        return Move(alarm, tuple(named or upcoming), new_time)
    last = next((a for a in upcoming if a.id == last_id), None)
    if last is None and len(upcoming) == 1:
        last = upcoming[0]  # "change my alarm to 7": the only alarm there is
    return Move(last, () if last else tuple(upcoming), new_time)


def _named(which: str, upcoming: list[Alarm], on_day: Callable[[str], list[Alarm]]) -> list[Alarm]:
    """The alarms "the medicine alarm", "my saturday alarm", "the 9 o'clock alarm" mean."""
    labelled = [a for a in upcoming if a.label and a.label.lower() in (which, which.rstrip("s"))]
    if labelled:
        return labelled
    clock = parse_time(which.replace("o'clock", "").strip())
    if clock is not None:
        return [a for a in upcoming if a.time_hm == clock]
    day = [a.id for a in on_day(which)]
    return [a for a in upcoming if a.id in day]
