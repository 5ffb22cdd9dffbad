# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Date questions read by grammar: "how many days until Christmas", "what day is the 14th",
"what's the date next Friday", "how long until 5pm", "is it a leap year" (a day :func:`.dates.resolve_day` can place, else the model
decides), and "what's the date and time" (the clock skill says both). Split from
:mod:`.rules`, which calls :func:`date_question`."""

from __future__ import annotations

import datetime as _dt
import re

from ..core.intent import Intent, SlotValue
from .base import grammar_intent as _read
from .dates import HOLIDAYS, MONTHS, previous_day, resolve_day
from .normalize import parse_duration, parse_time
from .numbers import words_to_numbers

_D = r"(?P<date>.+?)"
_DATES = [
    p
    for p in (
        rf"^how (?:many|much) (?:days|weeks|sleeps|more days|time) (?:is it |are there |are left |is left |left |have i got |do i have |to go |is there |remain )?(?:until|till|til|before|to|for) {_D}$",
        rf"^how long (?:is it |is there |have we got |do we have |is left |have i got )?(?:until|till|til|before|to) {_D}$",
        rf"^(?:what|which) (?:day|date|day of the week|weekday) (?:is|will it be|was|is it|does|will) (?:it )?(?:on )?{_D}(?: fall on| be on| be| fall)?$",
        rf"^what(?:'s| is| was| will be| would be) the date (?:on |for |of )?{_D}$",
        rf"^how (?:many|much) (?:days|weeks|time) ago (?:was|is|did) {_D}(?: happen| fall)?$",
        rf"^how long ago (?:was|is) {_D}$",
        rf"^how (?:many|much) (?:days|weeks|time) (?:has it been |have passed |has passed |have gone by |is it |are there |was it |it's been |its been |has it )?since {_D}$",
        rf"^how long (?:has it been |is it |it's been |was it )?since {_D}$",
        rf"^when was {_D}$",  # "when": holidays only
        rf"^what date (?:is it|will it be|is|was it|would it be) (?:on )?{_D}$",
        rf"^when is {_D}(?: this year| next)?$",  # "when": holidays only
        rf"^what(?:'s| is) {_D}'s date$",
    )
]  # fmt: skip
_UNTIL_TIME = r"^how (?:long|many (?:more )?(?:hours|minutes|hours and minutes)|much (?:more )?time) (?:is it |is there |is left |left |have i got |do i have |have we got |do we have |to go |till it's |until it's )?(?:until|till|til|before|to) (?P<time>.+?)(?: today| tonight| this (?:morning|afternoon|evening))?$"
_TIME_AFTER = r"^what(?:'s| is| will)? (?:the )?time (?:will it be |is it |would it be |it will be )?(?:in|after) (?P<dur>.+?)(?: from now| time)?$"
_LEAP = (
    r"^(?:is|was|will) (?P<year>this year|it|\d{4}|next year|last year|this) (?:be |going to be )?a leap year$",
    r"^(?:when is|when's|what is|what's|which is|which year is) the next leap year$",
)
_BETWEEN = r"^how (?:many|much) (?:days|weeks|time) (?:are there |is there |is it )?(?:between|from) (?P<a>.+?) (?:and|to|until|till) (?P<b>.+)$"
_MONTH_DAYS = r"^how many days (?:are there |are |is there |does it have )?in (?P<m>this month|next month|january|february|march|april|may|june|july|august|september|october|november|december)(?: (?P<y>[12]\d{3}))?$"
_YEAR_DAYS = r"^how many days (?:are there |are |is there |does it have )?in (?:(?P<y>a|one|the|this|next|last|[12]\d{3}) year|(?:the )?(?:year )?(?P<n>[12]\d{3})|(?P<leap>a leap year))$"
_SPANS = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century)"
_SPAN_COUNT = rf"^how many (?P<dst>{_SPANS})s? (?:are |is )?(?:there )?in (?:a |an |one |(?P<half>half an? )|(?P<n>\d+(?:\.\d+)?) )?(?P<src>{_SPANS})(?:s|ies)?$"
_BOTH = r"^(?:what(?:'s| is) )?(?:the )?(?:current |today's )?(?:date and (?:the )?time|time and (?:the )?date)(?: (?:for |of )?(?:today|now|right now))?$"
_YEAR_END = re.compile(r"^(?:the )?end of (?:the|this) year$")
_LEFT_IN_YEAR = r"^how many (?:days|weeks|sleeps) (?:are )?(?:there )?(?:left|remaining|to go) (?:in|of) (?:the|this) year$"
_PAST = re.compile(r"\b(?:ago|was|did|since)\b")
_COUNTED = re.compile(r"\b(?:from now|from today|from$|in \S+ (?:days?|weeks?|months?|years?))\b")
_NOT_DATES = frozenset({"it", "today", "my alarm", "the alarm", "my timer", "the timer"})


def date_question(text: str, clean: str, today: _dt.date) -> Intent | None:
    """``date_query`` for a day :func:`.dates.resolve_day` places, ``time_query`` for "the date
    and time", else None."""
    if re.match(_BOTH, clean):  # both: the clock skill says the time and the date
        return _read("time_query", text, {}, {})
    found = re.match(_UNTIL_TIME, clean)
    if found and found.group("time") not in _NOT_DATES:
        clock = parse_time(found.group("time"))
        if clock is not None:  # "how long until 5pm": time_query with the clock time
            return _read("time_query", text, {"time": clock}, {"time": found.group("time")})
    found = re.match(_TIME_AFTER, clean)
    if found:  # "what time will it be in 45 minutes"
        seconds = parse_duration(found.group("dur"))
        if seconds is not None and 0 < seconds <= 7 * 86400:
            return _read(
                "time_query", text, {"time_after": seconds}, {"time_after": found.group("dur")}
            )
    if re.match(_LEFT_IN_YEAR, clean):  # "how many days left in the year": until 31 December
        end = _dt.date(today.year, 12, 31)
        return _read("date_query", text, {"date": end.isoformat()}, {"date": "the end of the year"})
    found = re.match(_BETWEEN, clean)
    if found:
        first = resolve_day(found.group("a"), today)
        second = resolve_day(found.group("b"), first) if first else None
        if first is not None and second is not None:
            slots: dict[str, SlotValue] = {
                "from_date": first.isoformat(),
                "date": second.isoformat(),
            }
            return _read(
                "date_query", text, slots, {"from_date": found.group("a"), "date": found.group("b")}
            )
    found = re.match(_YEAR_DAYS, clean)
    if found:
        said = found.group("y") or found.group("n")
        if found.group("leap"):  # "how many days in a leap year"
            days_of = "leap"
        else:
            days_of = "any" if said in ("a", "one", "the") else str(_year(f"{said} year", today))
        return _read("date_query", text, {"year_days": days_of}, {})
    found = re.match(_SPAN_COUNT, words_to_numbers(clean).replace("centurie", "century"))
    if found and found.group("dst") != found.group("src"):  # "how many minutes in a day"
        count = "0.5" if found.group("half") else found.group("n") or "1"
        units = f"{count}|{found.group('src')}|{found.group('dst')}"
        return _read("date_query", text, {"time_units": units}, {})
    found = re.match(_MONTH_DAYS, clean)
    if found:
        return _read("date_query", text, {"month_days": _month_of(found, today)}, {})
    for pattern in _LEAP:
        found = re.match(pattern, clean)
        if found:
            year = _year(found.groupdict().get("year"), today)
            return _read("date_query", text, {"leap_year": year}, {})
    for pattern in _DATES:
        found = re.match(pattern, clean)
        if not found:
            continue
        phrase = found.group("date").removeprefix("on ").strip()
        phrase = _YEAR_END.sub("new year's eve", phrase)  # "the end of the year": 31 December
        if phrase in _NOT_DATES or (pattern.startswith("^when ") and not _holiday_like(phrase)):
            continue
        day = resolve_day(phrase, today)
        named = re.match(
            r"^(?:my|our|the|his|her|their|mum's|dad's) [a-z' ]+? (?:on|is on|is|which is on|which is|,) (?P<day>.+)$",
            phrase,
        )
        if day is None and named:  # "my birthday on 14 march": the day said after the name
            phrase = named.group("day")
            day = resolve_day(phrase, today)
        if day is None:
            continue
        said_year = re.search(r"\b[12]\d{3}\b", phrase)  # "since 1 january 2030": that year
        if day > today and _PAST.search(clean) and not _COUNTED.search(phrase) and not said_year:
            day = previous_day(phrase, today) or day  # "how many days ago was halloween"
        value: SlotValue = phrase if phrase in ("tomorrow",) else day.isoformat()
        if phrase in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                      "sunday"):  # fmt: skip
            value = phrase
        return _read("date_query", text, {"date": value}, {"date": phrase})
    return None


def _month_of(found: re.Match[str], today: _dt.date) -> str:
    """ "2027-02" for "february" (the next one, or this one now), "this month", "next month"."""
    said, year = found.group("m"), found.group("y")
    if said in ("this month", "next month"):
        number = today.month + (said == "next month")
        return f"{today.year + (number > 12)}-{(number - 1) % 12 + 1:02d}"
    number = MONTHS.index(said) + 1
    if year:
        return f"{year}-{number:02d}"
    return f"{today.year + (number < today.month)}-{number:02d}"


def _year(said: str | None, today: _dt.date) -> int:
    if said and said.removesuffix(" year").isdigit():
        return int(said.removesuffix(" year"))
    return today.year + {"next year": 1, "last year": -1}.get(said or "", 0)


def _holiday_like(phrase: str) -> bool:

    return phrase in HOLIDAYS
