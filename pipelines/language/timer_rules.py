# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Several timers in one breath: "set two timers, one for 5 minutes and one for 10 minutes",
"a 5 minute timer and a 10 minute timer", "timers for 5 and 10 minutes", "set a timer for 10
minutes for the rice and 20 minutes for the chicken".

Read into one ``timer_start`` whose ``timers`` slot lists "seconds" or "seconds|name" for
each; a request for one timer is left to the model (which reads one duration well).
"""

from __future__ import annotations

import re

from ..core.intent import Intent, SlotValue
from .normalize import parse_duration
from .numbers import words_to_numbers

_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)"
_LENGTH = rf"(?:(?:an?|one|half an?|\d+(?:\.\d+)?)(?: and a half| and a quarter)? {_UNIT}(?: and (?:a half|\d+ {_UNIT}))?|\d+(?:\.\d+)?)"
_NAME = r"(?: (?:for|on) (?:the |my )?(?P<name>[a-z][a-z ]*?))?"
_START = r"^(?:(?:please )?(?:set|start|make|put on|give me|i need|can i have|get) )?"
_PATTERNS = (
    # "two timers, one for 5 minutes and one for 10 minutes"
    re.compile(rf"{_START}(?:(?P<count>\d+) )?timers,? (?:(?:each |(?:one|1) ))?for (?P<rest>.+?)(?: each)?$"),
    # "a 5 minute timer and a 10 minute timer"
    re.compile(rf"{_START}(?:an? |one )(?P<rest>{_LENGTH} timer.*? and (?:an? |another |one )?{_LENGTH} timer.*)$"),
    # "a timer for 10 minutes for the rice and 20 minutes for the chicken"
    re.compile(rf"{_START}(?:an? |one )?timer for (?P<rest>.+ and (?:another |one )?(?:(?:one )?for )?{_LENGTH}.*)$"),
)  # fmt: skip
_PART = re.compile(
    rf"^(?:(?:an?|another|one|1) )?(?:(?:one |1 )?for )?(?P<len>{_LENGTH})(?: timer)?{_NAME}$"
)


ADD_TIME = re.compile(
    r"^(?:(?:can you|could you|please) )?(?:add|put|stick|give it|give me)(?: on)? "
    r"(?P<len>[a-z0-9. ]+?) (?:to|on|onto) "
    r"(?:(?:the|my|that|this) )?(?:(?P<name>[a-z][a-z ]*?) )?(?:timer|it)(?: please)?$"
    r"|^(?P<len2>[a-z0-9. ]*?\b(?:more|extra)\b[a-z0-9. ]*?) (?:on|for) "
    r"(?:(?:the|my|that) )?(?:(?P<name2>[a-z][a-z ]*?) )?timer(?: please)?$"
    r"|^(?:(?:can you|could you|please) )?(?P<less>take|knock|shave|cut)(?: off)? "
    r"(?P<len3>[a-z0-9. ]+?) off (?:(?:the|my|that|this) )?(?:(?P<name3>[a-z][a-z ]*?) )?"
    r"(?:timer|it)(?: please)?$"
)
"""More (or less) time on a timer: "add 5 minutes to the pasta timer", "put another minute on
it", "two more minutes on the timer", "take 2 minutes off the rice timer"
(:mod:`pipelines.skills.timer_extend` picks the timer)."""


def more_time(text: str, clean: str) -> Intent | None:
    """``timer_start`` with the added length (and the timer's name) for "add N to the timer"."""
    found = ADD_TIME.match(clean)
    if found is None:
        return None
    said = found.group("len") or found.group("len2") or found.group("len3")
    said = " ".join(
        re.sub(r"\b(?:more|extra|another|an extra|a further|further)\b", " ", said).split()
    )
    numeric = words_to_numbers(said)
    if re.fullmatch(r"\d+(?:\.\d+)?", numeric):
        said = f"{numeric} minutes"  # "add 5 to the timer"
    elif re.fullmatch(_UNIT, numeric):
        said = f"1 {numeric}"  # "another minute"
    elif not re.fullmatch(rf"(?:\d+(?:\.\d+)?|an?|half an?|a couple of|a few) {_UNIT}", numeric):
        return None  # "add milk to it": not a length
    seconds = parse_duration(said)
    if seconds is None or seconds <= 0:
        return None
    name = found.group("name") or found.group("name2") or found.group("name3")
    slots: dict[str, SlotValue] = {"duration": seconds}
    if found.group("less"):  # "take 5 minutes off the pasta timer"
        slots["shorten"] = "yes"
    raw = {"duration": said}
    if name:
        slots["name"] = raw["name"] = name
    return Intent("timer_start", slots, 0.99, text=text, raw_slots=raw)


def several_timers(text: str, clean: str) -> Intent | None:
    """``timer_start`` with a ``timers`` slot when ``clean`` asks for two or more timers."""
    numeric = re.sub(r"(\d) (?=\d)", r"\1 and ", words_to_numbers(clean))  # "5, 10 and 15"
    for pattern in _PATTERNS:
        found = pattern.match(numeric)
        if found is None:
            continue
        rest = found.group("rest")
        timers = _timers(rest)
        if pattern is _PATTERNS[-1] and timers is not None and not _clearly_several(rest, timers):
            continue  # "a timer for 1 hour and 30 minutes" is one timer
        count = int(found.groupdict().get("count") or 0)
        if timers is not None and len(timers) == 1 and 2 <= count <= 10:
            timers = timers * count  # "three timers for 5 minutes": one each, at the same time
        if timers is not None and len(timers) >= 2:
            return Intent("timer_start", {"timers": timers}, 0.99, text=text)
    return None


def _clearly_several(rest: str, timers: list[str]) -> bool:
    """One "timer for A and B" is several with "another"/"one for", a name on each, or the
    same unit twice ("10 minutes and 20 minutes"; "1 hour and 30 minutes" is one timer)."""
    if re.search(r" and (?:another\b|(?:one|1) for\b)", rest) or all("|" in t for t in timers):
        return True
    units = [u.rstrip("s") for u in re.findall(_UNIT, rest)]
    return len(units) == len(timers) >= 2 and len(set(units)) == 1


def _timers(rest: str) -> list[str] | None:
    """ "5 minutes and one for 10 minutes" -> ["300", "600"]; None when a part is not a
    length (then the request is not several timers)."""
    parts = re.split(r",? and (?=(?:an? |another |one |for )*(?:\d|an? |one |half))|, ", rest)
    lengths: list[tuple[str, str]] = []
    for part in parts:
        found = _PART.match(part.strip())
        if found is None:
            return None
        lengths.append((found.group("len"), (found.group("name") or "").strip()))
    units = [found.group(0) for said, _ in lengths if (found := re.search(_UNIT, said))]
    unit = units[-1] if units else None  # "5 and 10 minutes": the last unit for them all
    timers: list[str] = []
    for said, name in lengths:
        seconds = parse_duration(
            said if re.search(_UNIT, said) or unit is None else f"{said} {unit}"
        )
        if seconds is None or seconds <= 0:
            return None
        timers.append(f"{seconds}|{name}" if name else str(seconds))
    return timers
