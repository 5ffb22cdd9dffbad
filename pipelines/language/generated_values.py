"""Slot value lists generated in code: durations, clock times, levels, numbers, steps.

Spelled out as words mostly (that is what speech recognisers write), with some digits.
"""

from __future__ import annotations

from functools import lru_cache

from .numbers import ORDINALS, TENS, UNITS


def _spoken(words: dict[str, int]) -> dict[int, str]:
    """Number -> its first (canonical) word; later spellings such as "oh" or "fourty" are
    alternatives the parser accepts but the generator never says."""
    names: dict[int, str] = {}
    for word, value in words.items():
        names.setdefault(value, word)
    return names


_ONES = _spoken(UNITS)
_TENS = _spoken({word: value // 10 for word, value in TENS.items()})
_ORD = _spoken(ORDINALS)


def say(number: int) -> str:
    """0..999 as English words: 45 -> "forty five", 120 -> "one hundred and twenty"."""
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    hundreds, rest = divmod(number, 100)
    head = _ONES[hundreds] + " hundred"
    return head if rest == 0 else f"{head} and {say(rest)}"


def _durations() -> list[str]:
    out: list[str] = []
    for n in (*range(1, 21), 25, 30, 35, 40, 45, 50, 55, 60, 90, 120):
        out += [f"{say(n)} minutes" if n > 1 else "one minute", f"{n} minutes"]
    for n in (5, 10, 15, 20, 30, 40, 45, 90):
        out += [f"{say(n)} seconds", f"{n} seconds"]
    for n in (1, 2, 3, 4, 5, 6, 8, 12):
        out += [f"{say(n)} hours" if n > 1 else "one hour", f"{n} hours" if n > 1 else "1 hour"]
    out += [
        "a minute", "an hour", "half an hour", "an hour and a half", "a minute and a half",
        "a quarter of an hour", "quarter of an hour", "one and a half hours",
        "two and a half hours", "two and a half minutes", "one hour and thirty minutes",
        "1 hour 30 minutes", "an hour and fifteen minutes", "two hours and ten minutes",
        "three minutes and thirty seconds",
        "one minute thirty seconds", "a couple of minutes", "a few seconds", "twenty mins",
        "5 mins", "ten min", "2 hrs", "half a minute", "forty five secs",
    ]  # fmt: skip
    return out


def _times() -> list[str]:
    out: list[str] = []
    for hour in range(1, 13):
        word = say(hour)
        out += [word, f"{word} o'clock", f"{word} am", f"{word} pm", f"{hour} am", f"{hour} pm",
                f"half past {word}", f"quarter past {word}", f"quarter to {word}",
                f"{word} thirty", f"{word} fifteen", f"{word} forty five", f"{hour}:30",
                f"{word} in the morning", f"{word} in the evening", f"{word} at night",
                f"ten past {word}", f"twenty to {word}", f"{word} oh five", f"{hour}:15 pm",
                f"{word} thirty am", f"{word} thirty pm"]  # fmt: skip
    out += ["noon", "midday", "midnight", "six thirty am", "seven forty five", "19:30", "07:00"]
    return out


def _levels() -> list[str]:
    out = []
    for n in (5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100):
        out += [f"{say(n)} percent", f"{n} percent", f"{n}%", say(n)]
    out += ["half", "max", "maximum", "full", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "minimum"]  # fmt: skip
    return out


def _quantities() -> list[str]:
    out = [say(n) for n in range(1, 13)] + [str(n) for n in (1, 2, 3, 4, 5, 10, 12)]
    out += ["a", "half a", "one and a half", "two and a half", "a hundred", "two hundred",
            "three hundred", "five hundred", "250", "100", "1.5", "a quarter", "a third",
            "twenty", "fifty", "a dozen", "sixty", "350", "one hundred and eighty"]  # fmt: skip
    return out


def _steps() -> list[str]:
    out = [say(n) for n in range(1, 13)] + [_ORD[n] for n in range(1, 13)]
    return [*out, "3", "4", "5", "7", "2nd", "3rd", "5th"]


def _factors() -> list[str]:
    return ["double", "triple", "half", "two", "three", "four", "1.5", "one and a half",
            "six", "eight", "two and a half", "2", "3", "0.5", "twice"]  # fmt: skip


@lru_cache(maxsize=1)
def generated_values() -> dict[str, list[str]]:
    return {
        "duration": _durations(),
        "time": _times(),
        "level": _levels(),
        "quantity": _quantities(),
        "step": _steps(),
        "ordinal": [_ORD[n] for n in range(1, 13)] + ["2nd", "3rd", "4th", "5th"],
        "factor": _factors(),
    }
