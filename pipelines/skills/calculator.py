"""Sums said aloud: "what's 24 times 17", "15 percent of 80", "the square root of 2".

The grammar (:mod:`pipelines.language.arithmetic`) reads the words into an expression tree;
this skill computes it and says it back ("24 × 17 = 408" on screen, "24 times 17 is 408"
spoken), so the user hears which sum was understood.
"""

from __future__ import annotations

import math
from typing import ClassVar

from ..core.intent import Intent
from ..language.arithmetic import CalculationError, Expr, Sum, evaluate, read_sum
from .base import Response, Skill, SkillContext
from .speech import number

_SHOWN = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_SPOKEN = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}
_RANK = {"+": 1, "-": 1, "+%": 1, "-%": 1, "*": 2, "/": 2}


def _value(value: float) -> str:
    """All digits of a whole result; 6 significant digits of any other."""
    if abs(value - round(value)) < 1e-9 and abs(value) < 1e15:
        return f"{round(value):,}"
    text = f"{value:,.{max(0, 5 - math.floor(math.log10(abs(value))))}f}"
    return text.rstrip("0").rstrip(".")


def describe(expr: Expr, spoken: bool, outer: int = 0) -> str:
    """The sum as shown ("24 × (3 + 4)") or said ("24 times 3 plus 4")."""
    if not isinstance(expr, Sum):
        return number(expr) if spoken else _value(expr)
    left = describe(expr.left, spoken, _RANK.get(expr.op, 3))
    right = "" if expr.right is None else describe(expr.right, spoken, _RANK.get(expr.op, 3) + 1)
    op = expr.op
    if op in _SHOWN:
        text = f"{left} {(_SPOKEN if spoken else _SHOWN)[op]} {right}"
    elif op in ("+%", "-%"):
        text = f"{left} {'plus' if op == '+%' else 'minus'} {right}"
    elif op == "pct":
        text = f"{left} percent" if spoken else f"{left}%"
    elif op in ("%of", "%off"):
        text = f"{left} percent {'of' if op == '%of' else 'off'} {right}"
        text = text if spoken else text.replace(" percent", "%")
    elif op == "neg":
        text = f"minus {left}" if spoken else f"−{left}"
    elif op in ("sqrt", "cbrt"):
        root = "square" if op == "sqrt" else "cube"
        text = f"the {root} root of {left}" if spoken else f"{'√' if op == 'sqrt' else '∛'}{left}"
    else:
        exponent = expr.right if isinstance(expr.right, float) else 0.0
        power = {2.0: "squared", 3.0: "cubed"}.get(exponent, "")
        square = {2.0: "²", 3.0: "³"}.get(exponent, "")
        text = (
            f"{left} {power or 'to the power of ' + right}"
            if spoken
            else f"{left}{square or '^' + right}"
        )
    rank = _RANK.get(op, 3)
    return f"({text})" if rank < outer and not spoken else text


class CalculatorSkill(Skill):
    name = "calculator"
    intents: ClassVar[frozenset[str]] = frozenset({"calculate"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        said = str(intent.slot("expression") or intent.text)
        expr = read_sum(said)
        if expr is None:
            return Response(
                ctx.say("calculator.not_understood"), intent=intent.name, success=False,
                action="none",
            )  # fmt: skip
        try:
            value = evaluate(expr)
        except CalculationError as exc:
            why = {"/": "calculator.divide_by_zero", "sqrt": "calculator.negative_root"}
            return Response(
                ctx.say(why.get(str(exc), "calculator.too_big")), intent=intent.name,
                success=False, action="none",
            )  # fmt: skip
        exact = abs(value - round(value)) < 1e-9 or float(_value(value).replace(",", "")) == value
        key = "calculator.result" if exact else "calculator.result_about"
        shown = ctx.say(f"{key}_shown", sum=describe(expr, spoken=False), value=_value(value))
        spoken = ctx.say(key, sum=describe(expr, spoken=True), value=number(value))
        return Response(
            shown, intent=intent.name, speech=spoken, action="calculated",
            card={"type": "calculation", "value": value},
        )  # fmt: skip


SKILLS = (CalculatorSkill,)
