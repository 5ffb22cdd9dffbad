"""The answer to an amount times a factor ("what's half of 3/4 cup" -> "Half of 3/4 cup is
3/8 cup (6 tablespoons)."), shown with a cook's fractions and spoken in words."""

from __future__ import annotations

from collections.abc import Callable

from ..core.intent import Intent
from ..language.amount_scaling import (
    LEADS,
    METRIC,
    read_scaled_amount,
    shown_quantity,
    spoken_amount,
    spoon_measure,
)
from ..language.rules import tidy
from .base import Response, SkillContext
from .speech import number

SMALLER = {"kilogram": "gram", "liter": "milliliter"}
"""Less than one of these reads better in the smaller unit."""
UnitName = Callable[[SkillContext, str, float], str]
Convert = Callable[[float, str, str], "float | None"]
"""(value, unit, target) -> the value in ``target`` (rounded to 3 significant digits), or
None when the units do not convert: :mod:`.units` passes its own."""


def scaled_amount(
    intent: Intent, ctx: SkillContext, unit_name: UnitName, convert: Convert
) -> Response | None:
    """None when the words are not an amount times a factor (the caller converts instead)."""
    scaled = read_scaled_amount(tidy(intent.text))
    if scaled is None:
        return None
    value = scaled.quantity * scaled.factor
    lead = LEADS.get(scaled.factor_words, scaled.factor_words)
    result_unit = scaled.unit
    if scaled.unit in SMALLER and value < 1:  # "a third of 1 litre": 333 millilitres
        result_unit, value = SMALLER[scaled.unit], value * 1000

    def shown(amount: float, unit: str) -> str:
        if unit in METRIC:
            return (
                f"{number(round(amount, 2 if amount < 10 else 0))} {unit_name(ctx, unit, amount)}"
            )
        return f"{shown_quantity(amount)} {unit_name(ctx, unit, 1 if amount <= 1 else amount)}"

    def said(amount: float, unit: str) -> str:
        if unit in METRIC:
            return shown(amount, unit)
        return spoken_amount(amount, unit_name(ctx, unit, 1), unit_name(ctx, unit, 2))

    spoon = _in_target(value, result_unit, scaled.target, convert)
    spoon = spoon or spoon_measure(value, result_unit)
    shown_spoon = f" ({shown(*spoon)})" if spoon else ""
    said_spoon = f", or {said(*spoon)}" if spoon else ""
    text = ctx.say(
        "units.scaled", lead=lead, amount=shown(scaled.quantity, scaled.unit),
        result=shown(value, result_unit), spoon=shown_spoon,
    )  # fmt: skip
    speech = ctx.say(
        "units.scaled", lead=lead, amount=said(scaled.quantity, scaled.unit),
        result=said(value, result_unit), spoon=said_spoon,
    )  # fmt: skip
    card = {"type": "conversion", "quantity": scaled.quantity, "from": scaled.unit,
            "to": result_unit, "value": value, "factor": scaled.factor}  # fmt: skip
    return Response(text, intent=intent.name, action="converted", speech=speech, card=card)


def _in_target(
    value: float, unit: str, target: str | None, convert: Convert
) -> tuple[float, str] | None:
    """The result in the unit asked for ("... in tablespoons"), when it converts."""
    if target is None or target == unit:
        return None
    converted = convert(value, unit, target)
    return None if converted is None else (converted, target)
