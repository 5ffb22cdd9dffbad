"""Slot text -> normalised slot values (the conventions of :mod:`pipelines.core.intent`).

- durations -> int seconds: "an hour and a half" -> 5400, "five minutes" -> 300
- clock times -> "HH:MM": "half past seven" -> "07:30", "7 pm" -> "19:00", "noon" -> "12:00"
- dates -> "today" / "tomorrow" / a weekday / ISO "YYYY-MM-DD"
- items -> list[str]: "eggs, milk and butter" -> ["eggs", "milk", "butter"]
- numbers (level, quantity, factor, step) -> int/float

Every parser returns ``None`` when the text does not say what it should; :func:`normalize_slot`
then keeps the cleaned text, so nothing the user said is lost.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..core.intent import SlotValue
from .numbers import (
    Number,
    is_number_token,
    parse_number,
    parse_ordinal,
    read_number,
    tidy,
    tokens,
    words_to_numbers,
)

__all__ = [
    "normalize_slot",
    "parse_date",
    "parse_duration",
    "parse_factor",
    "parse_level",
    "parse_number",
    "parse_ordinal",
    "parse_time",
    "split_items",
    "words_to_numbers",
]

DURATION_UNITS = {
    "second": 1, "seconds": 1, "sec": 1, "secs": 1, "s": 1,
    "minute": 60, "minutes": 60, "min": 60, "mins": 60, "m": 60,
    "hour": 3600, "hours": 3600, "hr": 3600, "hrs": 3600, "h": 3600,
    "day": 86400, "days": 86400,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_FILLERS = {"for", "a", "an", "the", "of", "about", "around", "in", "on", "at", "just", "like"}


def parse_duration(text: str) -> int | None:
    """Seconds in a spoken duration; None when the text names no duration unit."""
    words = [w for w in tokens(text) if w not in ("about", "around", "roughly", "for", "just")]
    words = [w.rstrip(".") for w in words]
    total = 0.0
    last_unit = 0
    pending: float | None = None
    found = False
    i = 0
    while i < len(words):
        word = words[i]
        compact = re.match(r"^(\d+(?:\.\d+)?)(s|sec|secs|m|min|mins|h|hr|hrs)$", word)
        if compact:
            total += float(compact.group(1)) * DURATION_UNITS[compact.group(2)]
            found = True
            i += 1
            continue
        if word in DURATION_UNITS and len(word) > 1:
            amount = 1.0 if pending is None else pending
            total += amount * DURATION_UNITS[word]
            last_unit = DURATION_UNITS[word]
            pending = None
            found = True
            i += 1
            continue
        if (
            word == "and"
            and last_unit
            and words[i + 1 : i + 3] in (["a", "half"], ["a", "quarter"])
        ):
            total += (0.5 if words[i + 2] == "half" else 0.25) * last_unit
            i += 3
            continue
        if word == "half" or word == "quarter":
            fraction = 0.5 if word == "half" else 0.25
            # "an hour and a half": applies to the unit just said
            if last_unit and pending is None and i + 1 >= len(words):
                total += fraction * last_unit
                i += 1
                continue
            # "half an hour", "a quarter of an hour"
            pending = fraction * (pending if pending is not None else 1.0)
            i += 1
            continue
        if is_number_token(word):
            value, end = read_number(words, i)
            if value is not None:
                pending = float(value)
                i = end
                continue
        if word in ("a", "an") and pending is None:
            pending = 1.0
        elif word in ("a", "an") and pending is not None and pending < 1:
            pass  # "half an hour": keep the fraction
        i += 1
    if not found:
        return None
    return round(total)


_CLOCK = re.compile(r"^(\d{1,2})(?::|\.)(\d{2})$")
_MERIDIEM = {"am": "am", "a.m.": "am", "a.m": "am", "pm": "pm", "p.m.": "pm", "p.m": "pm"}


def _apply_meridiem(hour: int, meridiem: str | None) -> int:
    if meridiem == "pm" and hour < 12:
        return hour + 12
    if meridiem == "am" and hour == 12:
        return 0
    return hour


def parse_time(text: str) -> str | None:
    """ "HH:MM" for a clock time: "7 pm", "half past seven", "quarter to eight", "noon"."""
    raw = text.lower().strip()
    raw = re.sub(r"(\d)\s*(am|pm|a\.m\.?|p\.m\.?)\b", r"\1 \2", raw)
    words = [w for w in tokens(raw) if w not in ("at", "for", "o'clock", "oclock", "clock", "o")]
    meridiem: str | None = None
    kept: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _MERIDIEM:
            meridiem = _MERIDIEM[word]
        elif word in ("morning",):
            meridiem = "am"
        elif word in ("afternoon", "evening", "tonight", "night"):
            meridiem = "pm"
        elif word not in ("in", "the", "this", "tomorrow", "today"):
            kept.append(word)
        i += 1
    if not kept:
        return None
    if kept[0] in ("noon", "midday"):
        return "12:00"
    if kept[0] == "midnight":
        return "00:00"
    match = _CLOCK.match(kept[0])
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 24 or minute > 59:
            return None  # "7:75", "25:00": kept as said, so the skill can say why not
        return _format(_apply_meridiem(hour, meridiem), minute)
    offset = 0
    if kept[0] in ("half", "quarter") or is_number_token(kept[0]):
        # "half past seven", "quarter to eight", "ten past six", "twenty to nine"
        for rel in ("past", "after", "to", "before", "til", "till"):
            if rel in kept:
                pos = kept.index(rel)
                before, after = kept[:pos], kept[pos + 1 :]
                if before and before[0] == "a":
                    before = before[1:]
                minutes = {"half": 30, "quarter": 15}.get(before[0]) if before else None
                if minutes is None:
                    value = parse_number(" ".join(w for w in before if w != "minutes"))
                    minutes = int(value) if value is not None else None
                hour_value = parse_number(" ".join(after)) if after else None
                if minutes is None or hour_value is None:
                    return None
                hour = int(hour_value)
                if rel in ("to", "before", "til", "till"):
                    hour, minute = (hour - 1) % 24, 60 - minutes
                else:
                    minute = minutes
                hour = _apply_meridiem(hour, meridiem)
                return _format(hour, minute)
    # "seven", "seven thirty", "six forty five", "7 30", "19 15"
    hour_value, end = read_number(kept, offset)
    if hour_value is None:
        return None
    hour = int(hour_value)
    minute = 0
    rest = kept[end:]
    if rest and rest[0] in ("oh", "zero") and len(rest) >= 2:
        value = parse_number(rest[1])
        minute = int(value) if value is not None else 0
    elif rest:
        value, _ = read_number(rest)
        if value is not None:
            minute = int(value)
    elif hour >= 100:  # "seven thirty" read as one number never happens; "730" does
        hour, minute = divmod(hour, 100)
    if not 0 <= hour <= 24 or not 0 <= minute < 60:
        return None
    return _format(_apply_meridiem(hour, meridiem), minute)


def _format(hour: int, minute: int) -> str:
    return f"{hour % 24:02d}:{minute:02d}"


def parse_date(text: str, today: _dt.date | None = None) -> str | None:
    """ "today", "tomorrow", a weekday name, or ISO "YYYY-MM-DD" for calendar dates."""
    today = today or _dt.date.today()
    try:
        return _dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        pass
    words = [w for w in tokens(text) if w not in ("on", "the", "this", "for", "coming", "of")]
    if not words:
        return None
    joined = " ".join(words)
    if joined in ("today", "tonight", "this evening", "this morning", "now"):
        return "today"
    if joined in ("tomorrow", "tomorrow morning", "tomorrow night", "tomorrow evening"):
        return "tomorrow"
    if joined == "day after tomorrow":
        return (today + _dt.timedelta(days=2)).isoformat()
    if joined in ("yesterday",):
        return (today - _dt.timedelta(days=1)).isoformat()
    if joined in ("weekend", "next weekend"):
        return "saturday"
    for word in words:
        plain = word.rstrip("s") if word.endswith("days") else word
        if plain in WEEKDAYS:
            return plain
    month = next((MONTHS.index(w) + 1 for w in words if w in MONTHS), None)
    if month is None:
        return None
    day_words = [w for w in words if w not in MONTHS]
    day = parse_ordinal(" ".join(day_words)) if day_words else None
    if day is None or not 1 <= day <= 31:
        return None
    year = today.year
    try:
        candidate = _dt.date(year, month, day)
        if candidate < today:
            candidate = _dt.date(year + 1, month, day)
    except ValueError:
        return None
    return candidate.isoformat()


_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\band also\b|\bas well as\b|\bplus\b|&|\band\b)\s*")
_ITEM_ARTICLES = re.compile(
    r"^(?:some|the|more|a few|a couple of|a bit of|(?:a|an)(?! (?:dozen|half dozen|couple|"
    r"bag|bags|bottle|loaf|pack|packet|box|tin|can|jar|bunch|head|pint|litre|liter|kilo|pound|"
    r"carton|tub|punnet|handful|roll|bar|block|case|crate|sack|tray)\b))\s+"
)
"""Leading words that are not part of an item ("some eggs" -> "eggs"), keeping "a" where it
is the amount ("a dozen eggs", "a loaf of bread", "a pint of milk")."""


def strip_item_article(text: str) -> str:
    """ "some eggs" -> "eggs", "the milk" -> "milk"; "a dozen eggs" stays."""
    return _ITEM_ARTICLES.sub("", text)


def split_items(text: str) -> list[str]:
    """One entry per item: "eggs, milk and butter" -> ["eggs", "milk", "butter"]."""
    parts = _ITEM_SPLIT.split(text.lower().strip().rstrip(".!?"))
    items: list[str] = []
    for part in parts:
        item = strip_item_article(part.strip()).strip()
        if item and item not in items:
            items.append(item)
    return items


def parse_level(text: str) -> Number | None:
    """Brightness/volume level 0..100: "fifty percent" -> 50, "half" -> 50, "max" -> 100."""
    words = tokens(text)
    joined = " ".join(w for w in words if w not in ("to", "at", "the", "level"))
    named = {"max": 100, "maximum": 100, "full": 100, "half": 50, "minimum": 1, "min": 1,
             "off": 0, "zero": 0}  # fmt: skip
    if joined in named:
        return named[joined]
    joined = joined.replace("%", " percent")
    value = parse_number(joined.replace("percent", "").replace("per cent", "").strip())
    return value


_FACTOR_WORDS = {"double": 2, "twice": 2, "triple": 3, "treble": 3, "quadruple": 4, "half": 0.5,
                 "halve": 0.5, "a half": 0.5, "a third": 1 / 3, "a quarter": 0.25}  # fmt: skip


def parse_factor(text: str) -> Number | None:
    """Recipe scale factor: "double" -> 2, "half" -> 0.5, "three" -> 3, "1.5" -> 1.5."""
    joined = " ".join(w for w in tokens(text) if w not in ("by", "times", "x", "the", "it"))
    if joined in _FACTOR_WORDS:
        return tidy(_FACTOR_WORDS[joined])
    match = re.match(r"^(\d+(?:\.\d+)?)x$", joined)
    if match:
        return tidy(float(match.group(1)))
    return parse_number(joined)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().strip().strip(".,!?"))


def _strip_leading(text: str, words: tuple[str, ...]) -> str:
    parts = text.split()
    while len(parts) > 1 and parts[0] in words:
        parts = parts[1:]
    return " ".join(parts)


def normalize_slot(slot: str, raw: str, today: _dt.date | None = None) -> SlotValue:
    """The normalised value of one slot; falls back to the cleaned text when unparsable."""
    text = _clean(raw)
    value: SlotValue | None = None
    if slot == "duration":
        value = parse_duration(text)
    elif slot == "time":
        value = parse_time(text)
    elif slot == "date":
        value = parse_date(text, today)
    elif slot == "item":
        return split_items(text) or [text]
    elif slot == "level":
        value = parse_level(text)
    elif slot == "quantity":
        value = parse_number(text)
    elif slot == "factor":
        value = parse_factor(text)
    elif slot == "step":
        value = parse_ordinal(text)
    elif slot in ("room", "device", "object", "recipe", "list", "ingredient", "name", "color"):
        return _strip_leading(text, ("the", "my", "a", "an", "some", "our"))
    return value if value is not None else text
