"""Slot values as the recipe answers need them: a positive number, text (lists joined)."""

from __future__ import annotations

from typing import Any


def slot_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    # lazy: start-up speed (.quantities loads only when slot_number() runs)
    from .quantities import parse_number

    parsed = parse_number(str(value))
    return parsed if parsed and parsed > 0 else None


def slot_text(value: Any) -> str:
    """A slot as text; list slots ("eggs and flour") are joined."""
    if isinstance(value, list):
        return " ".join(str(v) for v in value).strip()
    return "" if value is None else str(value).strip()


def mentions_people(text: str) -> bool:
    return any(w in text.lower().split() for w in ("people", "persons", "servings", "guests"))
