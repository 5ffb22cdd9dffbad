"""Calendar days people name: "christmas", "3 march", "march 5th", "the 14th", "next friday",
"in 10 days", "100 days ago", "3 weeks from now", "last friday", "new year's day".
Fixed-date holidays from a table, days that move (Thanksgiving, Mother's Day) by their rule,
Easter from ``dateutil.easter``; everything resolves to the *next* such day seen from
``today`` (:func:`previous_day`: the last one, for questions in the past tense).
"""

from __future__ import annotations

import datetime as dt
import re

from .numbers import parse_number, parse_ordinal

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
_MONTH_SHORT = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "xmas": (12, 25),
    "christmas eve": (12, 24), "boxing day": (12, 26), "new year's eve": (12, 31),
    "new years eve": (12, 31), "new year's day": (1, 1), "new years day": (1, 1),
    "new year": (1, 1), "new year's": (1, 1), "new years": (1, 1),
    "valentine's day": (2, 14), "valentines day": (2, 14), "valentine's": (2, 14),
    "valentines": (2, 14), "halloween": (10, 31), "st patrick's day": (3, 17),
    "saint patrick's day": (3, 17), "st patricks day": (3, 17), "bonfire night": (11, 5),
    "guy fawkes night": (11, 5), "independence day": (7, 4), "the fourth of july": (7, 4),
    "fourth of july": (7, 4), "april fools day": (4, 1), "april fool's day": (4, 1),
}  # fmt: skip
_EASTER = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1,
           "mothering sunday": -21, "ash wednesday": -46, "palm sunday": -7,
           "pancake day": -47, "shrove tuesday": -47}  # fmt: skip
FLOATING_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    # (month, weekday Monday=0, which: 1st.. or -1 for the last); US days unless named
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
    "mother's day": (5, 6, 2), "mothers day": (5, 6, 2), "father's day": (6, 6, 3),
    "fathers day": (6, 6, 3), "memorial day": (5, 0, -1), "labor day": (9, 0, 1),
    "martin luther king day": (1, 0, 3), "mlk day": (1, 0, 3), "presidents day": (2, 0, 3),
    "presidents' day": (2, 0, 3), "columbus day": (10, 0, 2),
    "canadian thanksgiving": (10, 0, 2), "black friday": (11, 4, 4),
}  # fmt: skip
"""Days that move: "the fourth Thursday of November" (black friday: the Friday after it)."""
HOLIDAYS = frozenset(FIXED_HOLIDAYS) | frozenset(_EASTER) | frozenset(FLOATING_HOLIDAYS)
_IN_N = re.compile(
    r"^(?:in (?P<n1>.+?) (?P<u1>days?|weeks?|months?|years?)(?: time| from now| from today)?"
    r"|(?P<n2>.+?) (?P<u2>days?|weeks?|months?|years?) (?P<dir>from now|from today|from|ago|"
    r"hence|before today|earlier|later|after today))$"
)
_YEAR = re.compile(r",? (?:in |of )?([12]\d{3})$")
"""A year after the day ("the 4th of july 1976", "christmas in 2030")."""
_FILLER = re.compile(r"\b(?:on|this|coming|upcoming|the day of)\b")


def _next_yearly(month: int, day: int, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year + 1, today.year + 4):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February
        if candidate >= today:
            return candidate
    return None


def _nth_weekday(year: int, month: int, weekday: int, which: int) -> dt.date:
    if which > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (which - 1))
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _next_floating(month: int, weekday: int, which: int, today: dt.date) -> dt.date:
    day = _nth_weekday(today.year, month, weekday, which)
    if day < today:
        day = _nth_weekday(today.year + 1, month, weekday, which)
    return day


def previous_day(text: str, today: dt.date) -> dt.date | None:
    """The last day ``text`` names before ``today`` ("when was halloween", "since the 14th")."""
    day = resolve_day(text, today - dt.timedelta(days=366))
    while day is not None:
        following = resolve_day(text, day + dt.timedelta(days=1))
        if following is None or following >= today or following <= day:
            return day if day < today else None
        day = following
    return None


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _easter(offset: int, today: dt.date) -> dt.date:
    # lazy: start-up speed (dateutil.easter loads only when _easter() runs)
    from dateutil.easter import easter

    day: dt.date = easter(today.year) + dt.timedelta(days=offset)
    if day < today:
        day = easter(today.year + 1) + dt.timedelta(days=offset)
    return day


def _counted(found: re.Match[str], today: dt.date) -> dt.date | None:
    """ "in 10 days", "3 weeks from now", "100 days ago", "in 2 months"."""
    said = found.group("n1") or found.group("n2")
    unit = (found.group("u1") or found.group("u2")).rstrip("s")
    count = parse_number(re.sub(r"^an? ", "one ", said))
    if count is None or count < 0 or count != int(count) or count > 100_000:
        return None
    sign = -1 if found.group("dir") in ("ago", "before today", "earlier") else 1
    if unit in ("day", "week"):
        return today + dt.timedelta(days=sign * int(count) * (7 if unit == "week" else 1))
    # lazy: start-up speed (dateutil loads only for months and years)
    from dateutil.relativedelta import relativedelta

    months = int(count) * (12 if unit == "year" else 1)
    try:
        day: dt.date = today + relativedelta(months=sign * months)
    except (ValueError, OverflowError):
        return None
    return day


def _month(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return _MONTH_SHORT.get(word.rstrip("."))


def _day_of_month(words: list[str], today: dt.date) -> dt.date | None:
    """ "3 march", "march 5th", "the 1st of january", "the 14th" (the next 14th)."""
    month = next((m for m in (_month(w) for w in words) if m is not None), None)
    rest = [w for w in words if _month(w) is None and w not in ("the", "of")]
    if not rest:
        return None
    day = parse_ordinal(" ".join(rest))
    if day is None or not 1 <= day <= 31:
        return None
    if month is not None:
        return _next_yearly(month, day, today)
    year, month = today.year, today.month
    for _ in range(13):  # the next month that has that day
        try:
            candidate = dt.date(year, month, day)
            if candidate >= today:
                return candidate
        except ValueError:
            pass
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def resolve_day(text: str, today: dt.date) -> dt.date | None:
    """The calendar day ``text`` names, or None when it names none."""
    phrase = " ".join(text.lower().replace("’", "'").strip(" ?.!,").split())
    try:
        return dt.date.fromisoformat(phrase)
    except ValueError:
        pass
    phrase = phrase.removeprefix("until ").removeprefix("till ")
    year = _YEAR.search(phrase)
    if year is not None and phrase[: year.start()].strip():  # "1 january 2000", "easter 2027"
        wanted = int(year.group(1))
        day = resolve_day(phrase[: year.start()], dt.date(wanted, 1, 1))
        return day if day is not None and day.year == wanted else None
    if phrase in FIXED_HOLIDAYS:
        return _next_yearly(*FIXED_HOLIDAYS[phrase], today)
    if phrase in _EASTER:
        return _easter(_EASTER[phrase], today)
    if phrase in FLOATING_HOLIDAYS:
        day = _next_floating(*FLOATING_HOLIDAYS[phrase], today)
        if phrase == "black friday":  # the day after thanksgiving
            day = _next_floating(11, 3, 4, today - dt.timedelta(days=1)) + dt.timedelta(days=1)
        return day
    if phrase in ("today", "tonight", "now"):
        return today
    if phrase in ("tomorrow", "tomorrow morning", "tomorrow night", "tomorrow evening"):
        return today + dt.timedelta(days=1)
    if phrase in ("the day after tomorrow", "day after tomorrow"):
        return today + dt.timedelta(days=2)
    if phrase == "yesterday":
        return today - dt.timedelta(days=1)
    if phrase in ("weekend", "the weekend", "this weekend", "next weekend"):
        saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:  # on a Sunday "the weekend" is today, "next" the coming one
            saturday = today if phrase != "next weekend" else today + dt.timedelta(days=6)
        elif phrase == "next weekend" and today.weekday() == 5:
            saturday += dt.timedelta(days=7)
        return saturday
    ahead = _IN_N.match(phrase)
    if ahead:
        return _counted(ahead, today)
    words = _FILLER.sub(" ", phrase).split()
    if len(words) == 2 and words[0] == "last" and words[1].rstrip("s") in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(words[1].rstrip("s"))) % 7 or 7
        return today - dt.timedelta(days=back)
    if not words:
        return None
    if words[0] == "next" and len(words) == 2 and words[1] in ("week", "month", "year"):
        return None
    plain = [w for w in words if w != "next"]
    if len(plain) == 1 and plain[0].rstrip("s") in WEEKDAYS:
        ahead_days = (WEEKDAYS.index(plain[0].rstrip("s")) - today.weekday()) % 7
        if ahead_days == 0 or (words[0] == "next" and ahead_days < 2):
            ahead_days += 7
        return today + dt.timedelta(days=ahead_days)
    return _day_of_month(words, today)
