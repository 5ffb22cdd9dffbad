"""Spoken arithmetic: "what's twenty four times twenty four", "15 percent of 80", "the square
root of 42", "add 5 and 3", "subtract 4 from 10".

:func:`read_sum` turns the words into a small expression tree (a recursive-descent parser with
the usual precedence: powers, then times and divided by, then plus and minus) and
:func:`evaluate` computes it. Nothing is passed to ``eval``; a request that is not a whole
calculation (a bare number, "5 miles in km", a word the grammar does not know) reads as None,
so it goes on to the other grammars and the intent model.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .numbers import words_to_numbers


class CalculationError(ValueError):
    """A calculation that has no answer ("divided by zero", a square root of a negative)."""


@dataclass(frozen=True)
class Sum:
    """One operation: "+", "-", "*", "/", "^", "sqrt", "cbrt", "neg", "pct" (N percent),
    "%of" (N percent of X), "%off" (X less N percent), "+%" / "-%" (X plus / minus N percent
    of X)."""

    op: str
    left: Sum | float
    right: Sum | float | None = None


Expr = Sum | float

_LEAD = re.compile(
    r"^(?:(?:can you |could you |please |hey |ok |okay )*"
    r"(?:tell me |work out |calculate |compute |solve |figure out |do the maths? |quickly )*"
    r"(?:what(?:'s| is| are| does| do you get (?:when|if) you)|how much is|how much are)?\s*"
    r"(?:the answer to |the result of |the value of )?)"
)
_TAIL = re.compile(r"\s*(?:equal|equals|make|makes|come to|comes to|give me|give you|is)?\s*$")
_PHRASES = (  # longest first: the words of one operator become one token
    ("multiplied by", "*"), ("times by", "*"), ("divided by", "/"), ("take away", "-"),
    ("to the power of", "^"), ("to the power", "^"), ("square root of", "sqrt"),
    ("cube root of", "cbrt"), ("percent of", "%of"), ("per cent of", "%of"),
    ("percent off", "%off"), ("per cent off", "%off"), ("per cent", "percent"),
    ("added to", "+"), ("plus", "+"), ("minus", "-"), ("times", "*"), ("x", "*"), ("×", "*"),
    ("over", "/"), ("÷", "/"), ("squared", "^2"), ("cubed", "^3"), ("negative", "neg"),
    ("half of", "half"), ("a half of", "half"), ("a third of", "third"),
    ("a quarter of", "quarter"), ("double", "double"), ("twice", "double"), ("triple", "triple"),
)  # fmt: skip
_PERCENT = r"(?:percent|per cent)"
_MONEY = r"(?: (?:dollars?|pounds?|euros?|bucks|quid))?(?: (?:bill|check|cheque|meal))?"
_VERBS = (
    (  # "a 15% tip on 64 dollars": the tip is that percent of the bill
        re.compile(
            r"^(?:calculate |work out |figure out )?(?:an? |the |my )?(?P<a>.+?) "
            r"(?:percent|per cent) "
            r"tip (?:on|for|of) (?:an? |the |my |our )?(?P<b>.+?)"
            r"(?: (?:dollars?|pounds?|euros?|bucks|quid))?(?: (?:bill|check|cheque|meal))?$"
        ),
        "{a} percent of {b}",
    ),
    (  # "tip 15% on 64", "the tip on 64 dollars at 15 percent"
        re.compile(
            rf"^(?:calculate |work out )?(?:an? |the )?tip (?:of )?(?P<a>[\d.]+) {_PERCENT} "
            rf"(?:on|for|of) (?:an? |the |my )?(?P<b>[\d.]+){_MONEY}$"
            rf"|^(?:calculate |work out )?(?:an? |the )?tip (?:on|for) (?:an? |the |my )?"
            rf"(?P<b2>[\d.]+){_MONEY} at (?P<a2>[\d.]+) {_PERCENT}$"
        ),
        "{a}{a2} percent of {b}{b2}",
    ),
    (re.compile(r"^(?:add|sum) (?P<a>.+?) (?:and|to|plus) (?P<b>.+)$"), "{a} plus {b}"),
    (re.compile(r"^the sum of (?P<a>.+?) and (?P<b>.+)$"), "{a} plus {b}"),
    (re.compile(r"^(?:subtract|take|take away) (?P<a>.+?) from (?P<b>.+)$"), "{b} minus {a}"),
    (re.compile(r"^multiply (?P<a>.+?) (?:by|and|with) (?P<b>.+)$"), "{a} times {b}"),
    (re.compile(r"^the product of (?P<a>.+?) and (?P<b>.+)$"), "{a} times {b}"),
    (re.compile(r"^divide (?P<a>.+?) by (?P<b>.+)$"), "{a} divided by {b}"),
    (
        re.compile(r"^(?P<a>.+?) (?:divided|shared) (?:between|among) (?P<b>.+)$"),
        "{a} divided by {b}",
    ),
)
_BINARY = {"+": 1, "-": 1, "*": 2, "/": 2}
_PREFIX_SCALE = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "double": 2.0, "triple": 3.0}


_SYMBOLS = (("%", " percent "), ("+", " plus "), ("×", " times "), ("*", " times "),
            ("÷", " divided by "), ("/", " divided by "), ("^", " to the power of "))  # fmt: skip


_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE = re.compile(r"(\d+(?:\.\d+)?) (hundred|thousand|million|billion|trillion)\b")


def _spell_symbols(text: str) -> str:
    """ "15% of 80", "100 - 7", "2+2": symbols as words, before numbers are read."""
    text = re.sub(r"[$£€](?=\s?\d)", "", text)  # "$64": the number (a tip's bill)
    text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", " minus ", text)
    for symbol, words in _SYMBOLS:
        text = text.replace(symbol, words)
    return text


def _tokens(expression: str) -> list[str] | None:
    text = re.sub(r"(\d) point (\d+)", r"\1.\2", words_to_numbers(expression))
    text = _SCALE.sub(lambda m: f"{float(m.group(1)) * _SCALES[m.group(2)]:.15g}", text)
    for words, token in _PHRASES:
        text = re.sub(rf"(?<![\w]){re.escape(words)}(?![\w])", f" {token} ", text)
    out: list[str] = []
    for word in text.replace(",", "").split():
        if word in ("the", "of", "what", "by"):
            if word == "the" or (out and out[-1] in ("sqrt", "cbrt")):
                continue
            return None
        out.append("neg" if word == "-" and (not out or out[-1] in _BINARY) else word)
    return out


def _number(token: str) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def sum(self, level: int = 1) -> Expr | None:
        left = self.sum(level + 1) if level < 2 else self.power()
        while left is not None and _BINARY.get(self.peek() or "") == level:
            op = self.take()
            right = self.sum(level + 1) if level < 2 else self.power()
            if right is None:
                return None
            if op in "+-" and isinstance(right, Sum) and right.op == "pct":
                op = "+%" if op == "+" else "-%"  # "80 plus 15 percent": 80 and 15% of it
            left = Sum(op, left, right)
        return left

    def power(self) -> Expr | None:
        base = self.unary()
        while base is not None and (self.peek() or "").startswith("^"):
            token = self.take()
            exponent = _number(token[1:]) if len(token) > 1 else None
            if len(token) == 1:
                exponent_expr = self.unary()
                if exponent_expr is None:
                    return None
                base = Sum("^", base, exponent_expr)
                continue
            base = Sum("^", base, exponent)
        return base

    def unary(self) -> Expr | None:
        token = self.peek()
        if token is None:
            return None
        if token in ("neg", "-"):
            self.take()
            inner = self.unary()
            return None if inner is None else Sum("neg", inner)
        if token in ("sqrt", "cbrt"):
            self.take()
            inner = self.power()
            return None if inner is None else Sum(token, inner)
        if token in _PREFIX_SCALE:
            self.take()
            inner = self.power()
            return None if inner is None else Sum("*", _PREFIX_SCALE[token], inner)
        value = _number(token)
        if value is None:
            return None
        self.take()
        if self.peek() == "percent":
            self.take()
            return Sum("pct", value)
        if self.peek() in ("%of", "%off"):
            op = self.take()
            whole = self.power()
            return None if whole is None else Sum(op, value, whole)
        return value


def read_sum(text: str) -> Expr | None:
    """The calculation ``text`` asks for (at least one operation), or None."""
    plain = _TAIL.sub("", _LEAD.sub("", text.strip().lower(), count=1))
    plain = words_to_numbers(_spell_symbols(plain))
    for pattern, shape in _VERBS:
        found = pattern.match(plain)
        if found:
            plain = shape.format(**{k: v or "" for k, v in found.groupdict().items()})
            break
    tokens = _tokens(plain)
    if not tokens:
        return None
    parser = _Parser(tokens)
    tree = parser.sum()
    if tree is None or parser.peek() is not None or not isinstance(tree, Sum):
        return None
    return tree


def evaluate(expr: Expr) -> float:
    """The value of ``expr``; :class:`CalculationError` when it has none."""
    if not isinstance(expr, Sum):
        return float(expr)
    left = evaluate(expr.left)
    right = evaluate(expr.right) if expr.right is not None else 0.0
    try:
        value = _apply(expr.op, left, right)
    except (OverflowError, ZeroDivisionError) as exc:
        raise CalculationError(expr.op) from exc
    if not math.isfinite(value):
        raise CalculationError(expr.op)
    return value


def _apply(op: str, left: float, right: float) -> float:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return left / right
    if op == "%of":
        return left / 100.0 * right
    if op == "%off":
        return right * (1 - left / 100.0)
    if op == "pct":
        return left / 100.0
    if op in ("+%", "-%"):  # right is already N / 100
        return left * (1 + right) if op == "+%" else left * (1 - right)
    if op == "neg":
        return -left
    if op == "sqrt":
        if left < 0:
            raise CalculationError("sqrt")
        return math.sqrt(left)
    if op == "cbrt":
        return math.copysign(abs(left) ** (1 / 3), left)
    if abs(right) > 1000 or (left == 0 and right < 0) or (left < 0 and not right.is_integer()):
        raise CalculationError("^")
    return float(left**right)
