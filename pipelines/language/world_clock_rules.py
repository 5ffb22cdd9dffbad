# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""World-clock questions read by grammar: "what time is it in Tokyo", "the time difference
between London and Tokyo", "what time is it in Tokyo when it's 9 am in London", and the
follow-up "and in Paris?". A place must be one the offline gazetteer knows
(:func:`.places.find_place`), else the model decides. Split from :mod:`.rules`, which calls
:func:`world_clock`."""

from __future__ import annotations

import re

from ..core.intent import Intent, SlotValue
from .base import grammar_intent as _intent
from .normalize import parse_time

# -- world clock ---------------------------------------------------------------------------------
_P = r"(?P<place>[a-z][a-z' .-]*?)"
_WORLD = [
    p
    for p in (
        rf"^(?:what(?:'s| is) )?(?:the )?(?:current |local |exact )?time (?:is it )?(?:now |right now |there )?(?:over |out )?in {_P}(?: now| right now| today| at the moment)?$",
        rf"^what time is it (?:now |right now |currently |over |out |there )*in {_P}(?: now| right now| today)?$",
        rf"^what time (?:do they have|have they got|is it there|would it be|is it now) (?:over )?in {_P}$",
        rf"^(?:give me|show me|what's|what is|let me know|i'd like to know|find out) the (?:current |local )?time (?:over )?in {_P}$",
        rf"^(?:is|is the) time (?:different|the same|any different) (?:in|for|over in) {_P}$",
        rf"^(?:what(?:'s| is) )?(?:the )?time (?:difference|zone difference|gap) (?:with|to|between here and|from here to|for|between us and|in) {_P}$",
        rf"^how (?:many hours|far) (?:ahead|behind|ahead or behind) (?:is|are) {_P}$",
        rf"^(?:is it|is it still|is it already) (?:day|night|daytime|nighttime|night time|morning|evening|afternoon|late|early) (?:time )?(?:over )?in {_P}$",
        rf"^(?:what(?:'s| is) the )?time zone (?:of|in|for) {_P}$",
        rf"^(?:what(?:'s| is) )?the (?:current |local )?time (?:for|on) (?:the )?{_P}(?: time| time zone| zone)?$",
        r"^(?:what(?:'s| is) )?(?:the )?(?:current )?(?P<place>eastern|central|pacific|mountain) time$",
    )
]  # fmt: skip
_LOCAL = r"^(?:what(?:'s| is) the (?:current |local )?time|whats the time|what time is it|what time it is)(?: now| right now| at the moment)?$"
"""The time here, said the common ways: the model reads them as time_query without slots
too (tests/language/test_world_clock_rules.py), the grammar answers without loading it."""
_FOLLOW_PLACE = rf"^(?:and|what about|how about) (?:in |for )?{_P}$"
_P2 = r"(?P<from_place>[a-z][a-z' .-]*?)"
_HERE = r"(?:us|here|me|where i am|where we are|my time|our time|local time)"
_PAIRS = [
    p
    for p in (
        rf"^(?:what(?:'s| is) )?(?:the )?time (?:difference|zone difference|gap|change) between {_P} and (?:{_HERE}|{_P2})$",
        rf"^how (?:many hours|much|far) (?:ahead|behind|ahead or behind|apart) (?:is|are) {_P} (?:of|from|than|compared to|and) (?:{_HERE}|{_P2})$",
        rf"^(?:is|are) {_P} (?:ahead or behind|ahead|behind)(?: (?:of )?(?:{_HERE}|{_P2}))?$",
        rf"^(?:is|are) {_P} (?:ahead of|behind) or (?:behind|ahead of) (?:{_HERE}|{_P2})$",
    )
]  # fmt: skip
_T = r"(?P<time>(?:\d{1,2}(?::\d\d)?|noon|midday|midnight|[a-z]+(?: [a-z]+)?)(?: ?(?:am|pm|a\.m\.|p\.m\.|in the (?:morning|afternoon|evening)|at night|o'clock))?)"
_AT = [
    p
    for p in (
        rf"^what time (?:is it|will it be|would it be|is that|does that make it) in {_P} (?:when|if) it(?:'s| is) {_T}(?: (?:in|over in) {_P2}| {_HERE})?$",
        rf"^(?:when|if) it(?:'s| is) {_T}(?: (?:in|over in) {_P2}| {_HERE})? what time (?:is it|will it be|would it be|is that) in {_P}$",
        rf"^what(?:'s| is) {_T}(?: (?:in|over in) {_P2}| {_HERE})? in {_P}(?: time)?$",
        rf"^(?:convert|change) {_T}(?: (?:in |over in )?{_P2}| {_HERE})? (?:in)?to {_P}(?: time)?$",
    )
]  # fmt: skip


def world_clock(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.places loads only when _world_clock() runs)
    from .places import find_place

    if re.match(_LOCAL, clean):
        return _intent("time_query", text, {}, {})
    paired = _place_pair(text, clean)
    if paired is not None:
        return paired
    for pattern in _WORLD:
        found = re.match(pattern, clean)
        if found and find_place(found.group("place")) is not None:
            place = found.group("place")
            return _intent("time_query", text, {"place": place}, {"place": place})
    found = re.match(_FOLLOW_PLACE, clean)  # "and in Paris?": a follow-up the dispatcher places
    if found and find_place(found.group("place")) is not None:
        place = found.group("place")
        return Intent("out_of_scope", {"place": place}, 0.5, text=text, raw_slots={"place": place})
    return None


def _place_pair(text: str, clean: str) -> Intent | None:
    """ "time difference between London and Tokyo", "what time is it in Tokyo when it's 9 am
    in London": two places (or a place and here), and for the second a clock time."""
    from .places import find_place

    for patterns, timed in ((_PAIRS, False), (_AT, True)):
        for pattern in patterns:
            found = re.match(pattern, clean)
            if not found or find_place(found.group("place")) is None:
                continue
            other = found.groupdict().get("from_place")
            if other and find_place(other) is None:
                continue
            slots: dict[str, SlotValue] = {"place": found.group("place")}
            if other:
                slots["from_place"] = other
            if timed:
                hm = parse_time(found.group("time"))
                if hm is None:
                    continue
                slots["time"] = hm
            raw = {k: v for k, v in found.groupdict().items() if v}
            return _intent("time_query", text, slots, raw)
    return None
