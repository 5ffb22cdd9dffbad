"""Hypothesis fuzzing of the recipe parsers: they never crash, only say InputError, and the
quantity parsers agree with the formatter."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.errors import InputError
from pipelines.recipes.importers import load_recipe_bytes
from pipelines.recipes.ingredients import clean_line, parse_ingredient_line
from pipelines.recipes.quantities import format_quantity, parse_number, parse_range
from pipelines.recipes.step_facts import find_durations, find_temperatures, parse_iso_duration
from pipelines.recipes.yields import parse_yields

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KITCHEN_TEXT = st.lists(
    st.sampled_from(
        [
            *"0123456789 /-.,()½¼¾⅓°FCabcdefghijklmnopqrstuvwxyz:\n",
            *["minutes", "hours", "cup", "tbsp", " to ", "degrees", "°F"],
        ]
    ),
    max_size=40,
).map("".join)

NICE = st.builds(
    lambda whole, num, den: Fraction(whole) + Fraction(num % den, den),
    st.integers(0, 19),
    st.integers(0, 7),
    st.sampled_from([1, 2, 3, 4, 8]),
)


@FAST
@given(NICE)
def test_format_then_parse_round_trips(value: Fraction) -> None:
    text = format_quantity(float(value))
    parsed = parse_number(text)
    assert parsed is not None, text
    assert parsed == pytest.approx(float(value), abs=1e-9), text


@FAST
@given(st.one_of(st.text(max_size=40), KITCHEN_TEXT))
def test_number_parsers_never_crash(text: str) -> None:
    value = parse_number(text)
    assert value is None or value >= 0
    found = parse_range(text)
    if found is not None:
        low, high = found
        assert low >= 0 and (high is None or high >= low)


@FAST
@given(st.one_of(st.text(max_size=120), KITCHEN_TEXT))
def test_step_facts_never_crash(text: str) -> None:
    for duration in find_durations(text):
        assert duration.seconds > 0
        assert duration.max_seconds is None or duration.max_seconds > duration.seconds
    for temperature in find_temperatures(text):
        assert 30 <= temperature.value <= 600 and temperature.unit in ("", "F", "C")
    seconds = parse_iso_duration(text)
    assert seconds is None or seconds > 0


@FAST
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-5, 50) | st.floats(allow_nan=True) | KITCHEN_TEXT,
        lambda inner: st.lists(inner, max_size=4),
        max_leaves=8,
    )
)
def test_yields_never_crash(value: object) -> None:
    result = parse_yields(value)
    if result is not None:
        assert result.amount > 0 and result.unit


@FAST
@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_iso_durations(hours: int, minutes: int, seconds: int) -> None:
    text = (
        "PT"
        + (f"{hours}H" if hours else "")
        + (f"{minutes}M" if minutes else "")
        + (f"{seconds}S" if seconds else "")
    )
    total = hours * 3600 + minutes * 60 + seconds
    assert parse_iso_duration(text) == (total or None)


@SLOW
@given(st.one_of(st.text(max_size=100), KITCHEN_TEXT))
def test_ingredient_lines_never_crash(text: str) -> None:
    item = parse_ingredient_line(text)
    assert item.text == clean_line(text)[:500]
    for amount in item.amounts:
        assert amount.quantity >= 0
        assert amount.quantity_max is None or amount.quantity_max > amount.quantity


QUANTITIES = {
    "1": 1.0,
    "2": 2.0,
    "1/2": 0.5,
    "1 1/2": 1.5,
    "½": 0.5,
    "1½": 1.5,
    "¾": 0.75,
    "3/4": 0.75,
    "2 1/4": 2.25,
    "0.5": 0.5,
    "1 and 1/3": 4 / 3,
    "10": 10.0,
}
UNITS = {
    "cup": "cup",
    "cups": "cup",
    "tablespoons": "tablespoon",
    "Tbsp": "tablespoon",
    "tsp": "teaspoon",
    "teaspoons": "teaspoon",
    "g": "gram",
    "grams": "gram",
    "oz": "ounce",
    "ounces": "ounce",
    "lb": "pound",
    "pounds": "pound",
    "ml": "milliliter",
}
NAMES = [
    "flour",
    "sugar",
    "butter",
    "milk",
    "olive oil",
    "brown sugar",
    "water",
    "rice",
    "chicken stock",
    "grated parmesan cheese",
    "chopped walnuts",
    "honey",
]


@SLOW
@given(
    st.sampled_from(sorted(QUANTITIES)),
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(NAMES),
    st.sampled_from(["", ", divided", ", softened", " (optional)"]),
)
def test_generated_ingredient_lines_parse(quantity: str, unit: str, name: str, tail: str) -> None:
    item = parse_ingredient_line(f"{quantity} {unit} {name}{tail}")
    assert item.amount is not None
    assert item.amount.quantity == pytest.approx(QUANTITIES[quantity])
    assert item.amount.unit == UNITS[unit]
    assert name.split()[-1] in item.name


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | KITCHEN_TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "name",
                    "text",
                    "itemListElement",
                    "recipeIngredient",
                    "recipeInstructions",
                    "recipeYield",
                    "@graph",
                    "author",
                    "totalTime",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@SLOW
@given(
    JSON_VALUES,
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "recipeIngredient",
                "recipeInstructions",
                "recipeYield",
                "prepTime",
                "author",
                "description",
                "ingredients",
            ]
        ),
        JSON_VALUES,
        max_size=6,
    ),
)
def test_json_recipes_load_or_fail_clearly(wrapper: object, fields: dict[str, object]) -> None:
    document = {
        "@context": "https://schema.org",
        "@graph": [wrapper, {"@type": "Recipe", **fields}],
    }
    try:
        recipes = load_recipe_bytes(
            json.dumps(document).encode(), name="f.jsonld", suffix=".jsonld"
        )
    except InputError as exc:
        assert "f.jsonld" in exc.message
    else:
        assert all(r.title and r.ingredients and r.steps for r in recipes)


@SLOW
@given(st.binary(max_size=300), st.sampled_from([".json", ".txt", ".md", ".html", ".bin", ""]))
def test_arbitrary_bytes_fail_clearly(data: bytes, suffix: str) -> None:
    try:
        recipes = load_recipe_bytes(data, name="x" + suffix, suffix=suffix)
    except InputError:
        return
    assert all(r.title and r.ingredients and r.steps for r in recipes)


LINES = st.sampled_from(
    [
        "# Pancakes",
        "Ingredients",
        "## Ingredients",
        "Instructions:",
        "Method",
        "- 2 cups flour",
        "* 1 egg",
        "1. Mix well.",
        "Serves 4",
        "Notes",
        "Bake for 20 minutes at 180C.",
        "",
        "**Directions**",
    ]
)


@SLOW
@given(st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=15))
def test_text_recipes_load_or_fail_clearly(lines: list[str]) -> None:
    try:
        recipes = load_recipe_bytes("\n".join(lines).encode(), name="r.txt", suffix=".txt")
    except InputError as exc:
        assert exc.message.startswith("r.txt")
        return
    assert recipes[0].title and recipes[0].ingredients and recipes[0].steps


@SLOW
@given(
    st.sampled_from(sorted(QUANTITIES)),
    st.sampled_from(["cup", "tablespoons", "g"]),
    st.sampled_from([0.5, 2, 3, 1.5, 0.25]),
)
def test_scaling_multiplies_every_amount(quantity: str, unit: str, factor: float) -> None:
    from pipelines.core.storage import Database
    from pipelines.recipes.answers import RecipeQA
    from pipelines.recipes.build import RawRecipe, build_recipe
    from pipelines.recipes.library import RecipeLibrary
    from pipelines.recipes.session import SessionStore

    raw = RawRecipe(
        "Test Bake",
        [f"{quantity} {unit} flour", "2 eggs"],
        [("", "Mix and bake for 20 minutes.", "")],
        yields="4 servings",
    )
    db = Database(":memory:")
    library = RecipeLibrary(db)
    library.add(build_recipe(raw, source_file="t.txt", source_format="text"))
    qa = RecipeQA(library, SessionStore(db))
    qa.answer("recipe_find", {"recipe": "test bake"})
    answer = qa.answer("recipe_scale", {"factor": factor})
    assert answer.data["factor"] == factor
    flour = qa.answer("recipe_ingredient_query", {"ingredient": "flour"})
    from pipelines.recipes.equivalents import METRIC, metric_number
    from pipelines.recipes.units import canonical_unit

    value = QUANTITIES[quantity] * factor
    metric = canonical_unit(unit) in METRIC  # grams and millilitres are said in decimals
    expected = metric_number(value) if metric else format_quantity(value)
    assert flour.data["answer"][0].startswith(expected + " "), (flour.data, expected)
    eggs = qa.answer("recipe_ingredient_query", {"ingredient": "eggs"})
    assert eggs.data["answer"][0].startswith(format_quantity(2 * factor) + " ")
