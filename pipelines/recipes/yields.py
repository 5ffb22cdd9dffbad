"""Recipe yields: "8 servings", "Serves 4-6", "28-32 cookies", "Makes 12", ["6", "6 Servings"]."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .quantities import NUMBER_PATTERN, RANGE_SEPARATOR, format_range, parse_number

_YIELD_RE = re.compile(
    rf"(?:serves|makes|yields?|servings?|for)?\s*:?\s*({NUMBER_PATTERN})"
    rf"(?:{RANGE_SEPARATOR}({NUMBER_PATTERN}))?\s*(?:\(?\s*([^\W\d_][^\W\d_ -]*?)\s*\)?)?\s*$",
    re.IGNORECASE,
)
_SERVING_WORDS = {
    "serving",
    "servings",
    "people",
    "persons",
    "person",
    "portions",
    "portion",
    "serves",
    "adults",
}


@dataclass(frozen=True)
class Yields:
    amount: float
    amount_max: float | None
    unit: str
    """"servings" or what the recipe makes ("cookies", "burgers", "loaf")."""
    text: str
    serves: float | None = None
    """How many servings, when the recipe says (as "servings" or a bare number beside
    "4 burgers"); scaling "for six people" needs it."""

    @property
    def servings(self) -> float | None:
        return self.amount if self.unit == "servings" else self.serves

    def describe(self, factor: float = 1.0) -> str:
        high = self.amount_max * factor if self.amount_max is not None else None
        return f"{format_range(self.amount * factor, high)} {self.unit_for(self.amount * factor)}"

    def unit_for(self, amount: float) -> str:
        if amount == 1 and self.unit.endswith("s") and self.unit != "s":
            return self.unit[:-1]
        return self.unit

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": self.amount,
            "amount_max": self.amount_max,
            "unit": self.unit,
            "text": self.text,
            "serves": self.serves,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Yields:
        serves = data.get("serves")
        high = data.get("amount_max")
        return cls(
            float(data["amount"]),
            None if high is None else float(high),
            str(data["unit"]),
            str(data["text"]),
            None if serves is None else float(serves),
        )


def parse_yields(value: object) -> Yields | None:
    """The recipe's yield from a schema.org ``recipeYield`` (text, number or list) or a line.

    From a list, the most informative entry wins: one that names servings, else one that
    names what it makes, else a bare number (read as servings).
    """
    candidates: list[Yields] = []
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, bool):
            continue
        if isinstance(item, int | float):
            if item > 0:
                candidates.append(Yields(float(item), None, "servings", str(item)))
            continue
        if isinstance(item, str):
            parsed = _parse_text(item)
            if parsed is not None:
                candidates.append(parsed)
    if not candidates:
        return None
    named = [c for c in candidates if not c.text.strip().replace(".", "").isdigit()]
    for candidate in named:
        if candidate.unit == "servings":
            return candidate
    bare = [c for c in candidates if c not in named]
    if named:
        serves = bare[0].amount if bare else None
        return replace(named[0], serves=serves)
    return candidates[0]


def _parse_text(text: str) -> Yields | None:
    clean = " ".join(text.split())
    if not clean:
        return None
    bare = clean.replace("~", " ")
    match = _YIELD_RE.match(bare) or _YIELD_RE.match(bare.split("(")[0].strip())
    if not match:
        return None
    low = parse_number(match.group(1))
    high = parse_number(match.group(2)) if match.group(2) else None
    if low is None or low <= 0:
        return None
    words = (match.group(3) or "").lower().split()
    unit = "servings"
    if words and words[0] not in _SERVING_WORDS and not clean.lower().startswith("serves"):
        unit = " ".join(words[:2]).strip(" -") or "servings"
    return Yields(low, high if high is not None and high > low else None, unit, clean)
