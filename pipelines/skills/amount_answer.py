"""The answer to an amount times a factor ("what's half of 3/4 cup" -> "Half of 3/4 cup is
3/8 cup (6 tablespoons)."), shown with a cook's fractions and spoken in words."""

from __future__ import annotations

from collections.abc import Callable

from ..core.intent import Intent
from ..language.amount_scaling import (
    LEADS,
    read_scaled_amount,
    shown_quantity,
    spoken_amount,
    spoon_measure,
)
from ..language.rules import tidy
from .base import Response, SkillContext

UnitName = Callable[[SkillContext, str, float], str]


def scaled_amount(intent: Intent, ctx: SkillContext, unit_name: UnitName) -> Response | None:
    """None when the words are not an amount times a factor (the caller converts instead)."""
    scaled = read_scaled_amount(tidy(intent.text))
    if scaled is None:
        return None
    value = scaled.quantity * scaled.factor
    lead = LEADS.get(scaled.factor_words, scaled.factor_words)

    def shown(amount: float, unit: str) -> str:
        return f"{shown_quantity(amount)} {unit_name(ctx, unit, 1 if amount <= 1 else amount)}"

    def said(amount: float, unit: str) -> str:
        return spoken_amount(amount, unit_name(ctx, unit, 1), unit_name(ctx, unit, 2))

    spoon = spoon_measure(value, scaled.unit)
    shown_spoon = f" ({shown(*spoon)})" if spoon else ""
    said_spoon = f", or {said(*spoon)}" if spoon else ""
    text = ctx.say(
        "units.scaled", lead=lead, amount=shown(scaled.quantity, scaled.unit),
        result=shown(value, scaled.unit), spoon=shown_spoon,
    )  # fmt: skip
    speech = ctx.say(
        "units.scaled", lead=lead, amount=said(scaled.quantity, scaled.unit),
        result=said(value, scaled.unit), spoon=said_spoon,
    )  # fmt: skip
    card = {"type": "conversion", "quantity": scaled.quantity, "from": scaled.unit,
            "to": scaled.unit, "value": value, "factor": scaled.factor}  # fmt: skip
    return Response(text, intent=intent.name, action="converted", speech=speech, card=card)
