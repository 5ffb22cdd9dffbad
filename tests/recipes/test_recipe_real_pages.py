"""Every real saved page and JSON-LD file in ../shared/data/recipes parses to the expected
title, yields, ingredient count and ingredient quantities/units."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from recipe_expectations import PAGES, Check
from recipe_helpers import expected_json, jsonld_files, parsed, recipe_pages, shared_or_none

from pipelines.recipes.units import singular

PAGE_FILES = recipe_pages(shared_or_none())
JSONLD_FILES = jsonld_files(shared_or_none())
pytestmark = pytest.mark.shared


def _site(path: Path) -> str:
    return path.parent.name if path.suffix == ".testhtml" else path.name.split(".recipe")[0]


def test_every_page_has_expectations(recipes_dir: Path) -> None:
    pages = sorted((recipes_dir / "html").glob("*/*.testhtml"))
    assert len(pages) >= 14
    assert {p.parent.name for p in pages} == set(PAGES)
    for path in sorted((recipes_dir / "jsonld").glob("*.recipe.jsonld")):
        assert _site(path) in PAGES


def _check_yields(recipe: object, expected: str) -> None:
    number_text, _, unit = expected.partition(" ")
    number = float(number_text)
    yields = recipe.yields  # type: ignore[attr-defined]
    assert yields is not None, "no yields parsed"
    if unit.startswith("serving"):
        # recipe-scrapers calls any yield "servings" unless it is a known countable noun
        assert yields.servings == number or (
            yields.unit == "servings" and number in (yields.amount, yields.amount_max)
        ), yields
    else:
        assert singular(yields.unit) == singular(unit), yields
        assert number in (yields.amount, yields.amount_max), yields


def _check_ingredient(recipe: object, check: Check) -> None:
    item = recipe.ingredients[check.index]  # type: ignore[attr-defined]
    if check.quantity is None:
        assert item.amount is None, f"{item.text!r} has no amount, parsed {item.amount}"
        return
    assert item.amount is not None, f"no amount parsed from {item.text!r}"
    assert math.isclose(item.amount.quantity, check.quantity, rel_tol=1e-3), item
    assert item.amount.unit == check.unit, item
    if check.quantity_max is not None:
        assert item.amount.quantity_max is not None, item
        assert math.isclose(item.amount.quantity_max, check.quantity_max, rel_tol=1e-3), item
    else:
        assert item.amount.quantity_max is None, item


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.parent.name)
def test_saved_page_matches_expected_json(page: Path, recipes_dir: Path) -> None:
    expected = expected_json(page)
    recipe = parsed(page)
    assert recipe.title == expected["title"]
    _check_yields(recipe, expected["yields"])
    assert len(recipe.ingredients) == len(expected["ingredients"])
    # the page's lines, less the shop prices a budget site adds: "1 lb ground beef ($6.99)"
    lines = [re.sub(r"\s*\(\$\d+\.\d\d\*?\)", "", line) for line in expected["ingredients"]]
    assert [i.text for i in recipe.ingredients] == lines
    assert not any("$" in i.text for i in recipe.ingredients)
    checks = PAGES[page.parent.name].checks
    assert len(checks) >= 3  # recipetineats has 3 lines, one without an amount ("Sea salt")
    for check in checks:
        _check_ingredient(recipe, check)
    assert recipe.steps, "no steps"
    if expected.get("total_time"):
        assert recipe.total_seconds == expected["total_time"] * 60


@pytest.mark.parametrize("path", JSONLD_FILES, ids=_site)
def test_jsonld_file_matches_expected_json(path: Path, recipes_dir: Path) -> None:
    page = next((recipes_dir / "html" / _site(path)).glob("*.testhtml"))
    expected = expected_json(page)
    recipe = parsed(path)
    assert recipe.source_format == "json-ld"
    assert recipe.title == expected["title"]
    _check_yields(recipe, expected["yields"])
    assert len(recipe.ingredients) == len(expected["ingredients"])
    for check in PAGES[_site(path)].checks:
        _check_ingredient(recipe, check)


def test_microdata_page_is_read(recipes_dir: Path) -> None:
    recipe = parsed(next((recipes_dir / "html" / "epicurious.com").glob("*.testhtml")))
    # recipe-scrapers' Epicurious scraper reads it (the page's recipe card is microdata)
    assert recipe.source_format in ("microdata", "recipe-scrapers:Epicurious")
    # the "Preparation" heading of the instructions blob is a section, not a step
    assert recipe.steps[0].text.startswith("Cook noodles")
    assert recipe.steps[0].section == "Preparation"


def test_metric_alternative_amounts_are_kept(recipes_dir: Path) -> None:
    page = next((recipes_dir / "html" / "sallysbakingaddiction.com").glob("*.testhtml"))
    flour = parsed(page).ingredients[0]
    assert [(a.quantity, a.unit) for a in flour.amounts][:2] == [(4 / 3, "cup"), (167.0, "gram")]
    assert "flour" in flour.name
    butter = parsed(page).ingredients[4]
    assert "softened" in butter.preparation


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.parent.name)
def test_parsed_recipe_survives_storage_round_trip(page: Path, recipes_dir: Path) -> None:
    import json

    from pipelines.recipes.model import Recipe

    recipe = parsed(page)
    assert Recipe.from_dict(json.loads(json.dumps(recipe.to_dict()))) == recipe


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.parent.name)
def test_every_expected_instruction_is_kept(page: Path, recipes_dir: Path) -> None:
    """Each item of the expected instructions list is in a step, a step title or a section."""
    from pipelines.recipes.ingredients import clean_line

    recipe = parsed(page)
    names = {s.title for s in recipe.steps} | {s.section for s in recipe.steps}
    for item in expected_json(page)["instructions_list"]:
        item = clean_line(item)
        # a step may hold more than recipe-scrapers kept (simplyrecipes' trailing "Links: ...")
        assert any(item in s.text for s in recipe.steps) or item.rstrip(":") in names, item


def test_step_titles_are_kept_and_read(recipes_dir: Path) -> None:
    from pipelines.core.storage import Database
    from pipelines.recipes.answers import RecipeQA
    from pipelines.recipes.library import RecipeLibrary
    from pipelines.recipes.session import SessionStore
    from pipelines.skills.replies import Replies

    recipe = parsed(next((recipes_dir / "html" / "pinchofyum.com").glob("*.testhtml")))
    assert [s.title for s in recipe.steps] == [
        "Sauté garlic and onion",
        "Build your roux",
        "Add broccoli",
        "Add cheese",
    ]
    db = Database(":memory:")
    library = RecipeLibrary(db)
    qa = RecipeQA(library, SessionStore(db))
    qa.answer("recipe_step_goto", {"step": 2}, recipe_id=library.add(recipe).id)
    answer = qa.answer("recipe_step_repeat", {})
    text = Replies().render(f"recipes.{answer.key}", **answer.values)
    assert text.startswith("Step 2 of 4, Build your roux: Add remaining 4 tablespoons butter")
