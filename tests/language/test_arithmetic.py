"""Spoken sums (golden tests): what the grammar reads, what it computes, what it leaves alone."""

from __future__ import annotations

import math

import pytest

from pipelines.language.arithmetic import CalculationError, evaluate, read_sum
from pipelines.language.rules import match


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("what is twenty four times twenty four", 576),
        ("how much is twelve divided by four", 3),
        ("what is six minus four", 2),
        ("what is the answer to two plus two", 4),
        ("what's 15% of 80", 12),
        ("fifteen percent of eighty", 12),
        ("how much is 20 percent off 50", 40),
        ("15% tip on 64 dollars", 9.6),
        ("what's a 20 percent tip on 45", 9),
        ("calculate an 18 percent tip on a 52 dollar bill", 9.36),
        ("tip 15% on 64", 9.6),
        ("a 15% tip on $64", 9.6),
        ("the tip on 64 dollars at 15 percent", 9.6),
        ("80 plus 15 percent", 92),
        ("what is 100 - 7", 93),
        ("what is 2 + 3 * 4", 14),
        ("what is 2+2", 4),
        ("what is one hundred and five minus three point five", 101.5),
        ("two and a half times four", 10),
        ("what is 7 squared", 49),
        ("what is 2 to the power of 10", 1024),
        ("what is the square root of sixteen", 4),
        ("add 5 and 3", 8),
        ("subtract 4 from 10", 6),
        ("multiply 6 by 7", 42),
        ("divide 100 by 8", 12.5),
        ("what do you get if you multiply 6 by 9", 54),
        ("what is 2.5 million divided by 4", 625_000),
        ("half of 90", 45),
        ("minus five plus 3", -2),
        ("one plus one equals", 2),
    ],
)
def test_spoken_sums_are_computed(text: str, value: float) -> None:
    tree = read_sum(text)
    assert tree is not None, text
    assert math.isclose(evaluate(tree), value)
    assert match(text) is not None and match(text).name == "calculate"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "what is 5 miles in km",
        "add milk to my list",
        "half an hour",
        "what time is it",
        "what is 3 plus",
        "set a timer for 5 minutes",
        "what is 5",
        "turn the volume up by 10 percent",
        "double the recipe",
        "take the pizza out of the oven",
    ],
)
def test_requests_that_are_not_sums_are_left_alone(text: str) -> None:
    assert read_sum(text) is None
    found = match(text)
    assert found is None or found.name != "calculate"


@pytest.mark.parametrize(
    "text", ["what is 10 divided by 0", "the square root of minus 4", "2 to the power of 5000"]
)
def test_sums_without_an_answer_raise(text: str) -> None:
    tree = read_sum(text)
    assert tree is not None
    with pytest.raises(CalculationError):
        evaluate(tree)
