"""Durations and temperatures written in recipe steps, and ISO 8601 durations from schema.org.

"Simmer for 8 to 10 minutes" -> Duration(480, 600); "Preheat the oven to 425 °F" ->
Temperature(425, "F"); "PT1H30M" -> 5400 seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .quantities import NUMBER_PATTERN, RANGE_SEPARATOR, parse_number

_UNIT_SECONDS = {
    "second": 1,
    "sec": 1,
    "s": 1,
    "minute": 60,
    "min": 60,
    "m": 60,
    "hour": 3600,
    "hr": 3600,
    "h": 3600,
    "day": 86400,
}
_DURATION_UNIT = r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\b"
_DURATION_RE = re.compile(
    rf"(?<![\w/])(?:about\s+|around\s+|another\s+|approximately\s+)?"
    rf"({NUMBER_PATTERN})(?:{RANGE_SEPARATOR}({NUMBER_PATTERN}))?\s*-?\s*{_DURATION_UNIT}"
    rf"(?:\s*(?:and\s+)?({NUMBER_PATTERN})\s*{_DURATION_UNIT})?",
    re.IGNORECASE,
)
_TEMPERATURE_RE = re.compile(
    r"(?<![\w.])(\d{2,3})(?:\s*(?:-|–|to)\s*(\d{2,3}))?\s*"
    r"(?:°\s*([FC])\b|º\s*([FC])\b|°|º|\s*degrees?\s*(fahrenheit|celsius|[FC]\b)?|([FC])\b)",
    re.IGNORECASE,
)
_ISO_RE = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    seconds: int
    max_seconds: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "max_seconds": self.max_seconds, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Duration:
        return cls(int(data["seconds"]), data.get("max_seconds"), str(data["text"]))


@dataclass(frozen=True)
class Temperature:
    value: float
    max_value: float | None
    unit: str
    """"F" or "C"; "" when the step gives only "degrees"."""
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "max_value": self.max_value,
            "unit": self.unit,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Temperature:
        return cls(
            float(data["value"]), data.get("max_value"), str(data["unit"]), str(data["text"])
        )


def _unit_seconds(word: str) -> int:
    word = word.lower().rstrip("s") or "s"
    return _UNIT_SECONDS.get(word, _UNIT_SECONDS.get(word[:3], 60))


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text``, in order: "2 to 3 minutes per side", "1 hour 15 minutes"."""
    found: list[Duration] = []
    for match in _DURATION_RE.finditer(text):
        low = parse_number(match.group(1))
        high = parse_number(match.group(2)) if match.group(2) else None
        if low is None:
            continue
        unit = _unit_seconds(match.group(3))
        extra = 0.0
        if match.group(4) and match.group(5):
            extra = (parse_number(match.group(4)) or 0.0) * _unit_seconds(match.group(5))
        seconds = round(low * unit + extra)
        max_seconds = round(high * unit + extra) if high is not None and high > low else None
        if seconds <= 0:
            continue
        found.append(Duration(seconds, max_seconds, match.group(0).strip()))
    return found


def find_temperatures(text: str) -> list[Temperature]:
    """Oven and pan temperatures: "425 °F", "400°F", "180C", "350 degrees F", "200 degrees"."""
    found: list[Temperature] = []
    for match in _TEMPERATURE_RE.finditer(text):
        unit_text = match.group(3) or match.group(4) or match.group(5) or match.group(6) or ""
        whole = match.group(0)
        if not unit_text and "°" not in whole and "º" not in whole and "degree" not in whole:
            continue
        value = float(match.group(1))
        high = float(match.group(2)) if match.group(2) else None
        unit = unit_text[:1].upper()
        if unit == "" and "degree" not in whole.lower() and "°" not in whole:
            continue
        if not 30 <= value <= 600:
            continue
        found.append(
            Temperature(value, high if high and high > value else None, unit, whole.strip())
        )
    return found


def parse_iso_duration(value: object) -> int | None:
    """Seconds in a schema.org duration ("PT1H30M", "P0DT0H25M"); None when absent/invalid."""
    if not isinstance(value, str):
        return None
    match = _ISO_RE.match(value.strip())
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days, hours, minutes, seconds = (
        float(g) if g else 0.0 for g in match.groups()
    )
    total = (
        years * 365 * 86400
        + months * 30 * 86400
        + weeks * 7 * 86400
        + days * 86400
        + hours * 3600
        + minutes * 60
        + seconds
    )
    return round(total) if total > 0 else None


def spoken_duration(seconds: int) -> str:
    """3700 -> "1 hour 1 minute 40 seconds"; 90 -> "1 minute 30 seconds"."""
    parts: list[str] = []
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount} {name}{'' if amount == 1 else 's'}")
    return " ".join(parts) or "0 seconds"
