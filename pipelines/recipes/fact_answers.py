"""Facts answers over the parsed recipe: temperatures, times, amounts in another unit."""

from __future__ import annotations

from typing import Any

from .answer import Answer
from .lookup import amount_in, durations, ingredient_text, temperatures, unit_dimension
from .model import Ingredient, Recipe
from .quantities import format_quantity
from .session import CookingSession
from .step_facts import spoken_duration


def unit_answer(
    matches: list[Ingredient],
    unit: str,
    topic: str,
    session: CookingSession,
    data: dict[str, Any],
) -> Answer:
    converted = [amount_in(i, unit, session.factor) for i in matches]
    texts = [f"{c.text} {i.name}" for c, i in zip(converted, matches, strict=True) if c.text]
    data["converted"] = texts
    if texts:
        return Answer(
            "ingredient_amount",
            {"answer": " and ".join(texts), "scaled": ""},
            "ingredient_answered",
            data=data,
        )
    given = " and ".join(ingredient_text(i, session.factor) for i in matches)
    reason = (
        "converting between weight and volume needs the ingredient's density"
        if unit_dimension(unit)
        else "I don't know that unit"
    )
    return Answer(
        "no_conversion",
        {"ingredient": topic, "unit": unit, "given": given, "reason": reason},
        "ingredient_answered",
        data=data,
    )


def temperature_answer(recipe: Recipe, session: CookingSession, want: str = "") -> Answer:
    """The temperature of the current step, else the first one in the recipe; in Celsius or
    Fahrenheit when asked ("what temperature in celsius") and the recipe says which it uses."""
    found = temperatures(recipe, session.step)
    if not found:
        return Answer("no_temperature", {"title": recipe.title}, "none", data={"temperatures": []})
    step, temp = found[0]
    target = {"celsius": "C", "centigrade": "C", "fahrenheit": "F"}.get(want.lower(), "")
    given = [t for s, t in found if s.number == step.number and t.unit == target]
    low, high, unit = temp.value, temp.max_value, temp.unit
    if target and given:  # the recipe itself gives it ("350°F (177°C)")
        low, high, unit = given[0].value, given[0].max_value, target
    elif target and unit and target != unit:
        low, high = (
            _convert_degrees(low, unit),
            (_convert_degrees(high, unit) if high is not None else None),
        )
        unit = target
    symbol = {"F": "°F", "C": "°C"}.get(unit, " degrees")
    value = format_quantity(low) + (f" to {format_quantity(high)}" if high else "")
    also = [t.text for s, t in found[1:] if s.number == step.number and not target]
    return Answer(
        "temperature",
        {
            "temperature": f"{value}{symbol}",
            "step": step.number,
            "also": f" ({', '.join(also)})" if also else "",
        },
        "temperature_answered",
        data={
            "temperatures": [t.to_dict() for _, t in found],
            "step": step.number,
            "answer": {"value": low, "max_value": high, "unit": unit},
        },
    )


def _convert_degrees(value: float, unit: str) -> float:
    """Fahrenheit <-> Celsius, rounded to a whole degree (ovens are not more precise)."""
    converted = (value - 32) * 5 / 9 if unit == "F" else value * 9 / 5 + 32
    return float(round(converted))


def time_answer(recipe: Recipe, session: CookingSession, text: str) -> Answer:
    found = durations(recipe, session.step, text)
    if found:
        step, duration = found[0]
        return Answer(
            "time",
            {"duration": duration.text, "step": step.number},
            "time_answered",
            data={
                "seconds": duration.seconds,
                "max_seconds": duration.max_seconds,
                "step": step.number,
            },
        )
    for key, value in (("total", recipe.total_seconds), ("cook", recipe.cook_seconds)):
        if value:
            return Answer(
                "time_total",
                {"kind": key, "duration": spoken_duration(value)},
                "time_answered",
                data={"seconds": value, "kind": key},
            )
    return Answer("no_time", {"title": recipe.title}, "none", data={})
