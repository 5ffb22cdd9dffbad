"""Unit conversions with pint: kitchen volumes and weights, temperatures, lengths.

Volume <-> weight ("how many grams in a cup of flour") uses a small density table for common
ingredients and says so honestly when it doesn't know the ingredient.
"""

from __future__ import annotations

import math
import re
from typing import Any, ClassVar

from ..core.intent import Intent
from ..language.gas_mark import GasMarkAnswer, read_gas_mark
from ..language.measures import unit_registry
from ..language.unit_factors import quick_convert, remember
from ..language.unit_parsing import (
    DEFAULT_TARGETS,
    DENSITIES_G_PER_ML,
    ConversionRequest,
    not_units,
    parse_conversion,
)
from .base import Response, Skill, SkillContext
from .speech import number


def significant(value: float, digits: int = 3) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    if abs(value) >= 10 ** (digits - 1):
        return float(round(value))
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


class ConversionError(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def convert(request: ConversionRequest) -> float:
    """The value of ``request`` in its target unit. Raises :class:`ConversionError`."""
    target = request.target or DEFAULT_TARGETS.get(request.source)
    if target is None:
        raise ConversionError("units.no_target")
    quick = quick_convert(request.quantity, request.source, target)  # pint's kept factor
    if quick is not None:
        return quick
    # lazy: start-up speed (pint, ~150 ms, loads only for what no kept factor covers)
    import pint

    ureg = unit_registry()
    remember(ureg)  # the factors between spoken units, for the next conversions
    quantity = ureg.Quantity(request.quantity, request.source)
    try:
        return float(quantity.to(target).magnitude)
    except pint.DimensionalityError:
        pass
    if request.source == "ounce" and ureg.Quantity(1, target).check("[volume]"):
        return float(ureg.Quantity(request.quantity, "fluid_ounce").to(target).magnitude)
    if target == "ounce" and quantity.check("[volume]"):
        return float(quantity.to("fluid_ounce").magnitude)
    mass_volume = {quantity.check("[mass]"), quantity.check("[volume]")}
    target_q = ureg.Quantity(1, target)
    if mass_volume == {True, False} and (target_q.check("[mass]") or target_q.check("[volume]")):
        density = DENSITIES_G_PER_ML.get((request.ingredient or "").strip().lower())
        if density is None:
            raise ConversionError("units.need_ingredient")
        grams_per_ml = ureg.Quantity(density, "gram / milliliter")
        converted = (
            quantity * grams_per_ml if quantity.check("[volume]") else quantity / grams_per_ml
        )
        return float(converted.to(target).magnitude)
    raise ConversionError("units.incompatible")


def _convert_or_none(value: float, unit: str, target: str) -> float | None:
    try:
        return significant(convert(ConversionRequest(value, unit, target)))
    except ConversionError:
        return None


_STARTS_FOLLOW_UP = re.compile(r"^(?:and|what about|how about|now)\b|^(?:in|into)\b")


def _continue_previous(request: ConversionRequest, intent: Intent, last: Any) -> ConversionRequest:
    """ "And in meters?" right after "convert 5 miles to km": the same quantity, a new target."""
    # lazy: start-up speed (..language.numbers loads only when _continue_previous() runs)
    from ..language.numbers import words_to_numbers

    text = words_to_numbers(intent.text.lower()).strip(" ?.!")
    if not isinstance(last, dict) or not _STARTS_FOLLOW_UP.search(text):
        return request
    if re.search(r"\d|\b(?:a|an|half|quarter)\b", text) or intent.slot("quantity") is not None:
        return request  # a new quantity: a new conversion
    return ConversionRequest(
        float(last["quantity"]), str(last["source"]), request.target or request.source,
        request.ingredient or last.get("ingredient"),
    )  # fmt: skip


def _gas_mark(gas: GasMarkAnswer, intent: Intent, ctx: SkillContext) -> Response:
    """ "Gas mark 4 is about 180 °C (350 °F)." / "That's about gas mark 6 (200 °C, 400 °F)."."""
    key = "units.gas_mark_to" if gas.from_mark else "units.gas_mark_from"
    values = {"celsius": gas.celsius, "fahrenheit": gas.fahrenheit}
    shown_mark = {0.25: "¼", 0.5: "½"}.get(gas.mark, number(gas.mark))
    said_mark = {0.25: "a quarter", 0.5: "a half"}.get(gas.mark, number(gas.mark))
    return Response(
        ctx.say(key, mark=shown_mark, **values), intent=intent.name, action="converted",
        speech=ctx.say(f"{key}_spoken", mark=said_mark, **values),
        card={"type": "conversion", "from": "gas_mark", "gas_mark": gas.mark,
              "celsius": gas.celsius, "fahrenheit": gas.fahrenheit},
    )  # fmt: skip


class UnitSkill(Skill):
    name = "units"
    intents: ClassVar[frozenset[str]] = frozenset({"unit_convert"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        gas = read_gas_mark(intent.text)
        if gas is not None:
            return _gas_mark(gas, intent, ctx)
        if intent.slot("factor") is not None:  # "half of 3/4 cup", "double 250 grams"
            # lazy: start-up speed (.amount_answer loads only when handle() runs)
            from .amount_answer import scaled_amount

            scaled = scaled_amount(intent, ctx, self._unit, _convert_or_none)
            if scaled is not None:
                return scaled
        request = parse_conversion(intent.text, intent.slots)
        if request is None:
            strangers = not_units(intent.text)
            if strangers:
                # lazy: start-up speed (.conversation loads only when handle() runs)
                from .conversation import _not_units

                return _not_units(intent, ctx, strangers)
            return Response(ctx.say("units.not_understood"), intent=intent.name, success=False)
        request = _continue_previous(request, intent, ctx.conversation.get("last_conversion"))
        strangers = not_units(intent.text) if request.target in (None, request.source) else []
        if strangers:  # "convert 5 apples to kg": apples are counted, not measured
            from .conversation import _not_units

            return _not_units(intent, ctx, strangers)
        target = request.target or DEFAULT_TARGETS.get(request.source, "")
        try:
            value = significant(convert(request))
        except ConversionError as exc:
            return Response(
                ctx.say(exc.key, source=self._unit(ctx, request.source, 2),
                        target=self._unit(ctx, target, 2) if target else ""),
                intent=intent.name, success=False, action="none",
            )  # fmt: skip
        ctx.conversation["last_conversion"] = {
            "quantity": request.quantity, "source": request.source,
            "ingredient": request.ingredient,
        }  # fmt: skip
        key = "units.result_ingredient" if request.ingredient else "units.result"
        text = ctx.say(
            key,
            quantity=number(request.quantity),
            source=self._unit(ctx, request.source, request.quantity),
            value=number(value),
            target=self._unit(ctx, target, value),
            ingredient=request.ingredient or "",
        )
        return Response(
            text, intent=intent.name, action="converted",
            card={"type": "conversion", "quantity": request.quantity, "from": request.source,
                  "to": target, "value": value, "ingredient": request.ingredient},
        )  # fmt: skip

    @staticmethod
    def _unit(ctx: SkillContext, unit: str, amount: float) -> str:
        for per in (" / ", "_per_"):  # a rate: "kilometres per hour", "miles per hour"
            if per in unit:
                top, bottom = unit.split(per, 1)
                name = UnitSkill._unit
                return f"{name(ctx, top, amount)} per {name(ctx, bottom.strip(), 1)}"
        form = "one" if abs(amount - 1) < 1e-9 else "other"
        key = f"unit_name.{unit}_{form}"
        if ctx.replies.has(key):
            return ctx.phrase(key)
        words = unit.replace("_", " ")
        return words if form == "one" else _plural(words)


_UNCOUNTED = frozenset({"celsius", "fahrenheit", "kelvin", "hertz", "rankine"})
_IRREGULAR = {"foot": "feet", "inch": "inches", "century": "centuries"}


def _plural(words: str) -> str:
    """ "second" -> "seconds", "nautical mile" -> "nautical miles" (a unit pint named that the
    reply templates do not list)."""
    *head, last = words.split(" ")
    if last in _UNCOUNTED or last.endswith("s"):
        plural = last
    elif last in _IRREGULAR:
        plural = _IRREGULAR[last]
    elif last.endswith(("x", "ch", "sh")):
        plural = f"{last}es"
    else:
        plural = f"{last}s"
    return " ".join([*head, plural])


SKILLS = (UnitSkill,)
