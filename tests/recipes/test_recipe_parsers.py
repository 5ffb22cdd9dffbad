"""Unit tests of the small parsers: numbers, ranges, durations, temperatures, yields, units."""

from __future__ import annotations

import pytest

from pipelines.recipes.quantities import format_quantity, format_range, parse_number, parse_range
from pipelines.recipes.step_facts import (
    find_durations,
    find_temperatures,
    parse_iso_duration,
    spoken_duration,
)
from pipelines.recipes.units import canonical_unit, convert, spoken_unit
from pipelines.recipes.yields import parse_yields


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1.0),
        ("0.5", 0.5),
        ("1/2", 0.5),
        ("1 1/2", 1.5),
        ("1½", 1.5),
        ("1 ½", 1.5),
        ("½", 0.5),
        ("¾", 0.75),
        ("1 and 1/3", 4 / 3),
        ("2 and ½", 2.5),
        ("12", 12.0),
        ("three", 3.0),
        ("0,5", 0.5),
        ("1/0", None),
        ("", None),
        ("cup", None),
        ("1 2", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    result = parse_number(text)
    assert result == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-3", (2.0, 3.0)),
        ("2 - 3", (2.0, 3.0)),
        ("2 to 3", (2.0, 3.0)),
        ("2–3", (2.0, 3.0)),
        ("1 1/2 - 2", (1.5, 2.0)),
        ("1/4-1/2", (0.25, 0.5)),
        ("4", (4.0, None)),
        ("3-2", None),
    ],
)
def test_parse_range(text: str, expected: tuple[float, float | None] | None) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.5, "1 1/2"),
        (0.333, "1/3"),
        (2.0, "2"),
        (0.25, "1/4"),
        (0.375, "3/8"),
        (1 / 6, "1/6"),
        (0.2, "0.2"),
        (24.0, "24"),
        (295.74, "296"),
        (2.99, "3"),
    ],
)
def test_format_quantity(value: float, text: str) -> None:
    assert format_quantity(value) == text


def test_format_range() -> None:
    assert format_range(1.5, 2) == "1 1/2 to 2"
    assert format_range(2, None) == "2" and format_range(2, 2.0) == "2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Simmer for 8 to 10 minutes.", [(480, 600)]),
        ("Bake 1 hour 15 minutes", [(4500, None)]),
        ("Rest for 30 seconds, then cook 2-3 minutes per side", [(30, None), (120, 180)]),
        ("Chill for 2 hours or overnight.", [(7200, None)]),
        ("Cook 1½ minutes", [(90, None)]),
        ("a 10-minute rest", [(600, None)]),
        ("Add 2 cups of flour.", []),
    ],
)
def test_find_durations(text: str, expected: list[tuple[int, int | None]]) -> None:
    assert [(d.seconds, d.max_seconds) for d in find_durations(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Preheat the oven to 425 °F.", [(425.0, "F")]),
        ("Heat to 180C / 350F", [(180.0, "C"), (350.0, "F")]),
        ("bake at 350 degrees F", [(350.0, "F")]),
        ("until it registers 135°", [(135.0, "")]),
        ("oven to 200 degrees", [(200.0, "")]),
        ("Cut into 1/2-inch slices, add 3 eggs", []),
        ("12 c flour", []),
    ],
)
def test_find_temperatures(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(t.value, t.unit) for t in find_temperatures(text)] == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT1H30M", 5400),
        ("PT45M", 2700),
        ("P0DT0H25M", 1500),
        ("PT0M", None),
        ("", None),
        ("30 minutes", None),
        (None, None),
        ("P1D", 86400),
    ],
)
def test_iso_durations(text: object, seconds: int | None) -> None:
    assert parse_iso_duration(text) == seconds


def test_spoken_duration() -> None:
    assert spoken_duration(90) == "1 minute 30 seconds"
    assert spoken_duration(7200) == "2 hours"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8 servings", (8.0, None, "servings", None)),
        ("Serves 4-6", (4.0, 6.0, "servings", None)),
        ("Makes 12 muffins", (12.0, None, "muffins", None)),
        (["28", "28-32 cookies"], (28.0, 32.0, "cookies", 28.0)),
        (["6", "6 Servings"], (6.0, None, "servings", None)),
        (["4", "4 burgers"], (4.0, None, "burgers", 4.0)),
        ("8 (~2-Tbsp servings)", (8.0, None, "servings", None)),
        (4, (4.0, None, "servings", None)),
        ("a lot", None),
        ([], None),
        (None, None),
    ],
)
def test_parse_yields(
    value: object, expected: tuple[float, float | None, str, float | None] | None
) -> None:
    found = parse_yields(value)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.amount, found.amount_max, found.unit, found.serves) == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Tbsp", "tablespoon"),
        ("tbsps", "tablespoon"),
        ("T", "tablespoon"),
        ("t", "teaspoon"),
        ("tsp.", "teaspoon"),
        ("cups", "cup"),
        ("lb.", "pound"),
        ("lbs", "pound"),
        ("oz", "ounce"),
        ("fl oz", "fluid_ounce"),
        ("g", "gram"),
        ("mL", "milliliter"),
        ("cloves", "clove"),
        ("leaves", "leaf"),
        ("pinches", "pinch"),
        ("", ""),
    ],
)
def test_canonical_unit(text: str, unit: str) -> None:
    assert canonical_unit(text) == unit


def test_conversions_stay_within_a_dimension() -> None:
    assert convert(1, "cup", "ml") == pytest.approx(236.59, abs=0.01)
    assert convert(3, "tsp", "tablespoon") == pytest.approx(1.0)
    assert convert(1, "pound", "grams") == pytest.approx(453.59, abs=0.01)
    assert convert(1, "cup", "gram") is None  # needs a density
    assert convert(2, "clove", "gram") is None
    assert spoken_unit("tablespoon", 2) == "tablespoons" and spoken_unit("cup", 0.5) == "cup"


def test_reading_a_line_as_written_scales_only_its_amount() -> None:
    from pipelines.recipes.ingredients import parse_ingredient_line
    from pipelines.recipes.lookup import ingredient_text

    flour = parse_ingredient_line("1 and 1/3 cup (167g) all-purpose flour (spooned & leveled)")
    assert ingredient_text(flour) == "1 1/3 cups all-purpose flour"
    assert ingredient_text(flour, whole_line=True) == (
        "1 1/3 cup (167g) all-purpose flour (spooned & leveled)"
    )
    # the bracketed 167g would be wrong once doubled, so it goes
    assert ingredient_text(flour, 2, whole_line=True) == (
        "2 2/3 cup all-purpose flour (spooned & leveled)"
    )
    salt = parse_ingredient_line("Kosher salt")
    assert ingredient_text(salt, 2) == "Kosher salt"


def test_fallback_when_the_model_fails_on_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipelines.recipes.ingredients as ingredients

    def broken(text: str) -> None:
        raise RuntimeError("model failure")

    monkeypatch.setattr(ingredients, "ingredient_parse_function", lambda: broken)
    item = ingredients.parse_ingredient_line("1 1/2 cups whole milk, warmed")
    assert item.amount is not None
    assert (item.amount.quantity, item.amount.unit) == (1.5, "cup")
    assert (item.name, item.preparation) == ("whole milk", "warmed")
    item = ingredients.parse_ingredient_line("2-3 carrots")
    assert item.amount is not None
    assert (item.amount.quantity, item.amount.quantity_max, item.amount.unit) == (2, 3, "")
    assert item.name == "carrots"
    assert ingredients.parse_ingredient_line("salt to taste").amount is None


def test_missing_parser_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipelines.recipes.ingredients as ingredients
    from pipelines.core.errors import ModelError

    def missing() -> None:
        raise ModelError("The ingredient parser (ingredient-parser-nlp) is not installed.")

    monkeypatch.setattr(ingredients, "ingredient_parse_function", missing)
    with pytest.raises(ModelError, match="not installed"):
        ingredients.parse_ingredient_line("1 cup milk")
