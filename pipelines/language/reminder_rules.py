"""Reminders, read from the words people use: "remind me to call mum at 5pm",
"remind me in an hour to check the laundry", "don't let me forget to buy stamps tomorrow
morning", "what reminders do I have", "cancel the dentist reminder".

The task is what is left once the *when* (a clock time, a delay, a day, a part of the day)
is taken out. Part-of-day words without a clock time pick a usual time ("tomorrow morning"
-> 09:00) that the reply states, so the user can correct it.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..core.intent import Intent, SlotValue
from .normalize import parse_duration, parse_time

CONFIDENCE = 0.99
PART_OF_DAY = {"morning": "09:00", "afternoon": "14:00", "evening": "18:00", "night": "20:00",
               "tonight": "20:00", "lunchtime": "12:00", "lunch time": "12:00"}  # fmt: skip
_ASK = (
    r"^(?:(?:can|could|would|will) you |please |be sure to |make sure (?:you|to) )*"
    r"(?:remind me|remind|set (?:a |me a |up a |)reminder|create (?:a |)reminder|"
    r"make (?:a |)(?:repeating |new |)reminder|add (?:a |)reminder|give me a reminder|"
    r"put in a reminder|(?:don't|do not) let me forget|i need a reminder|new reminder|"
    r"i need to be reminded)(?P<rest>\b.*)$"
)
_NUM = (
    r"(?:-?\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|forty five|fifty|sixty|ninety|half an?|a couple of|a few)"
)
_DELAY = (
    rf"\b(?:in|after) (?:(?:minus|negative) )?(?P<delay>{_NUM}(?: and a half)? "
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)(?: and (?:\d+|[a-z]+) "
    r"(?:minutes?|seconds?))?)(?: time| from now)?\b"
)
_HOUR = r"(?:\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_CLOCK = (
    rf"\b(?:at|by|for|around|about) (?P<time>noon|midday|midnight|half past {_HOUR}|"
    rf"quarter (?:past|to) {_HOUR}|{_HOUR}(?: (?:o'clock|fifteen|thirty|forty five|oh five|"
    r"ten|twenty|forty|fifty|forty|forty five))?(?: ?(?:am|pm|a\.m\.|p\.m\.))?)\b"
)
_DAY = (
    r"\b(?:on )?(?P<day>today|tonight|tomorrow|the day after tomorrow|yesterday|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)(?: (?P<part>morning|afternoon|evening|night|"
    r"lunchtime))?\b|\b(?:this|in the) (?P<part2>morning|afternoon|evening)\b|"
    r"\bat (?P<part3>lunchtime|lunch time|night)\b"
)
_TASK_LEAD = (
    r"^(?:to |about |for |that i (?:need|have|must|should) to |that |of |i (?:need|have) to |"
    r"when |i )+"
)
_ON_DATE = (
    r"\bon (?P<date>(?:the )?\w+(?: of)? (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)|(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december) (?:the )?\w+)\b"
)
_QUERY = (
    r"^(?:what|which|list|show|read|tell me|say)(?: are| is| were)?(?: me)?(?: all)?(?: of)? "
    r"(?:my |the |our |all my )?(?:upcoming |pending |current |active )?reminders?"
    r"(?: (?:do i have|have i got|are there|are set|i have|i've got|i set))?(?P<when> .+)?$|"
    r"^(?:do i have|have i got|are there|any) (?:any )?(?:upcoming |pending |current |active )?"
    r"reminders?(?P<when2> .+)?$|^(?:my )?reminders$|"
    r"^what (?:did|do|have) i (?:ask(?:ed)? you|tell you|told you|want you|get you|need you) to "
    r"remind me(?: of| about| for)?(?P<when3> .+)?$|"
    r"^what (?:do|did|should) i (?:need|have|want) to be reminded (?:of|about)(?P<when4> .+)?$"
)
"""Also "what did I ask you to remind me of Wednesday", "what do I need to be reminded of
tomorrow": a reminder query, not a new reminder."""
_CANCEL = (
    r"^(?:cancel|delete|remove|clear|forget|drop|get rid of|turn off|stop|scrap) "
    r"(?P<all>all (?:of )?(?:my |the )?|every )?(?:my |the |that |this |our )?"
    r"(?:(?P<name>[a-z' ]+?) )?reminders?(?: (?:to|about|for|called|of|on) (?P<name2>.+))?$"
)


def reminder(text: str, clean: str, today: _dt.date) -> Intent | None:
    """reminder_set / reminder_query / reminder_cancel, or None."""
    if "remind" not in clean and "forget" not in clean:
        return None
    found = re.match(_QUERY, clean)
    if found:
        said = ("when", "when2", "when3", "when4")
        when = next((found.group(g) for g in said if found.group(g)), "").strip()
        day = re.search(_DAY, when) if when else None
        slots: dict[str, SlotValue] = {"date": day.group("day")} if day and day.group("day") else {}
        return Intent("reminder_query", slots, CONFIDENCE, text=text, raw_slots=dict(slots))  # type: ignore[arg-type]
    found = re.match(_CANCEL, clean)
    if found:
        name = (found.group("name2") or found.group("name") or "").strip()
        slots = {"name": name} if name and not found.group("all") else {}
        return Intent("reminder_cancel", slots, CONFIDENCE, text=text, raw_slots=dict(slots))  # type: ignore[arg-type]
    found = re.match(_ASK, clean)
    if found is None:
        return None
    intent = _set(text, found.group("rest"), today)
    if "forget" in clean.split(" to ")[0] and not {"time", "duration", "date"} & set(intent.slots):
        return None  # "don't let me forget apples": a shopping item, not a reminder
    return intent


def _set(text: str, rest: str, today: _dt.date) -> Intent:
    # lazy: start-up speed (.dates loads only when _set() runs)
    from .dates import resolve_day

    slots: dict[str, SlotValue] = {}
    raw: dict[str, str] = {}
    on_date = re.search(_ON_DATE, rest)
    day_of_month = resolve_day(on_date.group("date"), today) if on_date else None
    if on_date and day_of_month is not None:
        slots["date"], raw["date"] = day_of_month.isoformat(), on_date.group("date")
        rest = rest[: on_date.start()] + rest[on_date.end() :]
    delay = re.search(_DELAY, rest)
    if delay:
        seconds = parse_duration(delay.group("delay")) or 0
        negative = bool(re.search(r"(?:minus|negative) $|-$", rest[: delay.start("delay")]))
        slots["duration"] = (
            -seconds if negative or delay.group("delay").startswith("-") else seconds
        )
        raw["duration"] = delay.group("delay")
        rest = rest[: delay.start()] + rest[delay.end() :]
    clock = re.search(_CLOCK, rest)
    if clock:
        said = clock.group("time")
        slots["time"] = parse_time(said) or said
        raw["time"] = said
        rest = rest[: clock.start()] + rest[clock.end() :]
    day = re.search(_DAY, rest)
    if day:
        part = day.group("part") or day.group("part2") or day.group("part3")
        when = day.group("day")
        if when == "tonight":
            when, part = "today", "tonight"
        if when:
            slots["date"], raw["date"] = when, when
        if part and "time" not in slots:
            slots["time"] = PART_OF_DAY[part]
            raw["time"] = part
        rest = rest[: day.start()] + rest[day.end() :]
    task = re.sub(_TASK_LEAD, "", " ".join(rest.split())).strip()
    task = re.sub(r"\s+(?:at|on|in|by|for)$", "", task).strip()
    if task:
        slots["name"], raw["name"] = task, task
    return Intent("reminder_set", slots, CONFIDENCE, text=text, raw_slots=raw)
