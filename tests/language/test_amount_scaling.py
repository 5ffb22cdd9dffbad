"""An amount times a factor ("half of 3/4 cup", "double 250 grams"), read by
:mod:`pipelines.language.amount_scaling` and written with a cook's fractions."""

from __future__ import annotations

import pytest

from pipelines.language.amount_scaling import (
    read_scaled_amount,
    shown_quantity,
    spoken_amount,
    spoon_measure,
)
from pipelines.language.rules import match, tidy

from .test_scope_rules import TODAY, said_with_intents
from .test_scope_rules import _cache_home as _cache_home  # the same temporary home


@pytest.mark.parametrize(
    ("text", "factor", "quantity", "unit"),
    [
        ("what's half of 3/4 cup", 0.5, 0.75, "cup"),
        ("what is half of three quarters of a cup of flour", 0.5, 0.75, "cup"),
        ("double 250 grams", 2.0, 250.0, "gram"),
        ("a third of two cups of sugar", 1 / 3, 2.0, "cup"),
        ("three times 150 ml", 3.0, 150.0, "milliliter"),
        ("halve 1 1/2 teaspoons", 0.5, 1.5, "teaspoon"),
        ("how much is two thirds of a cup", 2 / 3, 1.0, "cup"),
        ("triple one and a half tablespoons", 3.0, 1.5, "tablespoon"),
    ],
)
def test_an_amount_times_a_factor_is_read(
    text: str, factor: float, quantity: float, unit: str
) -> None:
    found = read_scaled_amount(tidy(text))
    assert found is not None, text
    assert (found.factor, found.quantity, found.unit) == pytest.approx((factor, quantity, unit))
    intent = match(text, TODAY)
    assert intent is not None and intent.name == "unit_convert"
    assert intent.slots["factor"] == pytest.approx(factor)


@pytest.mark.parametrize(
    "text",
    [
        "double the recipe",  # recipe_scale
        "half the recipe please",
        "half a cup in grams",  # a conversion
        "double 5 apples",  # counted, not measured
        "what's twice 12",  # a sum
        "zero times 3 cups",
    ],
)
def test_other_requests_are_not_an_amount_times_a_factor(text: str) -> None:
    assert read_scaled_amount(tidy(text)) is None


def test_cooks_fractions_and_spoons() -> None:
    assert [shown_quantity(v) for v in (0.375, 1.5, 2.0, 0.3, 500.0, 2 / 3)] == [
        "3/8", "1 1/2", "2", "0.3", "500", "2/3",
    ]  # fmt: skip
    assert spoken_amount(0.375, "cup", "cups") == "three eighths of a cup"
    assert spoken_amount(0.5, "ounce", "ounces") == "half an ounce"
    assert spoken_amount(1.5, "cup", "cups") == "1 and a half cups"
    assert spoon_measure(0.375, "cup") == (6.0, "tablespoon")
    assert spoon_measure(1 / 6, "cup") == pytest.approx((8.0, "teaspoon"))
    assert spoon_measure(0.5, "tablespoon") == (1.5, "teaspoon")
    assert spoon_measure(2.0, "cup") is None


def test_no_template_or_request_is_read_as_an_amount_times_a_factor() -> None:
    claimed = [
        (text, intent)
        for text, intent in said_with_intents()
        if read_scaled_amount(tidy(text)) is not None and intent != "unit_convert"
    ]
    assert claimed == []
