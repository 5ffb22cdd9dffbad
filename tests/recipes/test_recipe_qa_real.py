"""Cooking questions answered on every real page: an ingredient amount, a temperature or a
time (or "the recipe doesn't say"), and scaling. Intents are built directly, as the intent
model would produce them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from recipe_expectations import PAGES
from recipe_helpers import parsed, recipe_pages, shared_or_none

from pipelines.core.storage import Database
from pipelines.recipes.answers import RecipeQA
from pipelines.recipes.library import RecipeLibrary
from pipelines.recipes.session import SessionStore
from pipelines.skills.replies import Replies

PAGE_FILES = recipe_pages(shared_or_none())
pytestmark = pytest.mark.shared


class Cook:
    """Ask questions the way the skill does and read the rendered reply."""

    def __init__(self, page: Path) -> None:
        self.db = Database(":memory:")
        self.library = RecipeLibrary(self.db)
        self.recipe_id = self.library.add(parsed(page)).id
        self.qa = RecipeQA(self.library, SessionStore(self.db))
        self.replies = Replies()

    def ask(self, intent: str, text: str = "", **slots: Any) -> tuple[str, Any]:
        answer = self.qa.answer(intent, slots, text)
        return self.replies.render(f"recipes.{answer.key}", **answer.values), answer


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.parent.name)
def test_questions_on_every_page(page: Path, recipes_dir: Path) -> None:
    expect = PAGES[page.parent.name]
    cook = Cook(page)
    title = parsed(page).title
    reply, answer = cook.ask("recipe_find", recipe=title)
    assert answer.key == "opened" and title in reply

    reply, answer = cook.ask("recipe_ingredient_query", ingredient=expect.ask)
    assert answer.key == "ingredient_amount", reply
    assert expect.says in reply

    reply, answer = cook.ask("recipe_ingredient_query", ingredient="temperature")
    if expect.temperature is None:
        assert answer.key == "no_temperature"
        assert "doesn't give a temperature" in reply
    else:
        value, unit = expect.temperature
        assert answer.key == "temperature", reply
        first = answer.data["temperatures"][0]
        assert (first["value"], first["unit"]) == (value, unit)
        assert f"{value:g}" in reply

    reply, answer = cook.ask("recipe_ingredient_query", "how long", ingredient="time")
    if expect.seconds is None and expect.temperature is None:
        assert answer.key == "no_time", reply
    elif parsed(page).total_seconds:  # nothing read yet: "how long" is the whole recipe
        assert answer.key == "time_all", reply
        assert answer.data["seconds"] == parsed(page).total_seconds
    elif expect.seconds is not None:
        assert answer.key == "time", reply
        assert answer.data["seconds"] == expect.seconds

    reply, answer = cook.ask("recipe_scale", "double it", factor=2)
    assert answer.key == "scaled", reply
    reply, answer = cook.ask("recipe_ingredient_query", ingredient=expect.ask)
    assert expect.doubled in reply, reply
    assert "scaled by 2" in reply


def _page(site: str) -> Path:
    page = next((p for p in PAGE_FILES if p.parent.name == site), None)
    if page is None:
        pytest.skip(f"the saved {site} page is not in ../shared/data/recipes")
    return page


@pytest.fixture
def frittata(recipes_dir: Path) -> Cook:
    cook = Cook(_page("cookieandkate.com"))
    cook.ask("recipe_find", recipe="frittata")
    return cook


def test_how_long_does_it_bake_finds_the_baking_step(frittata: Cook) -> None:
    reply, answer = frittata.ask(
        "recipe_ingredient_query", "how long does it bake", ingredient="time"
    )
    assert answer.data["step"] == 4
    assert answer.data["seconds"] == 12 * 60 and answer.data["max_seconds"] == 15 * 60
    assert "12 to 15 minutes" in reply


def test_steps_next_previous_repeat_goto(frittata: Cook) -> None:
    steps = parsed(_page("cookieandkate.com")).steps
    reply, _ = frittata.ask("recipe_step_next")
    assert reply.startswith("Step 1 of 5") and steps[0].text in reply
    reply, _ = frittata.ask("recipe_step_next")
    assert reply.startswith("Step 2 of 5")
    reply, _ = frittata.ask("recipe_step_repeat")
    assert reply.startswith("Step 2 of 5")
    reply, _ = frittata.ask("recipe_step_previous")
    assert reply.startswith("Step 1 of 5")
    reply, answer = frittata.ask("recipe_step_previous")
    assert answer.key == "at_start"
    reply, _ = frittata.ask("recipe_step_goto", step=5)
    assert reply.startswith("Step 5 of 5")
    reply, answer = frittata.ask("recipe_step_next")
    assert answer.key == "finished"
    reply, answer = frittata.ask("recipe_step_goto", step=9)
    assert answer.key == "no_such_step" and "5 steps" in reply
    _, answer = frittata.ask("recipe_step_goto")
    assert answer.key == "which_step"


def test_scale_for_people_uses_servings(frittata: Cook) -> None:
    reply, answer = frittata.ask("recipe_scale", "for three people", quantity=3)
    assert answer.data["factor"] == pytest.approx(0.5)
    reply, _ = frittata.ask("recipe_ingredient_query", ingredient="eggs")
    assert "4 SimplyNature" in reply


def test_scale_for_people_when_yield_is_burgers(recipes_dir: Path) -> None:
    cook = Cook(_page("budgetbytes.com"))
    cook.ask("recipe_find", recipe="smash burgers")
    _, answer = cook.ask("recipe_scale", "for six people", quantity=6)
    assert answer.data["factor"] == pytest.approx(1.5)
    reply, _ = cook.ask("recipe_ingredient_query", ingredient="beef")
    assert "1 1/2 pounds ground beef" in reply


def test_grams_from_the_recipe_and_by_conversion(recipes_dir: Path) -> None:
    cook = Cook(_page("sallysbakingaddiction.com"))
    cook.ask("recipe_find", recipe="cake batter cookies")
    reply, _ = cook.ask("recipe_ingredient_query", ingredient="flour", unit="grams")
    assert "167 grams all-purpose flour" in reply
    reply, _ = cook.ask("recipe_ingredient_query", ingredient="baking soda", unit="grams")
    assert "2.29 grams baking soda" in reply  # 1/2 teaspoon by the density table
    reply, _ = cook.ask("recipe_ingredient_query", ingredient="vanilla extract", unit="grams")
    assert "doesn't give vanilla extract in grams" in reply and "density" in reply
    reply, _ = cook.ask("recipe_ingredient_query", ingredient="vanilla extract", unit="ml")
    assert "7.39 milliliters" in reply  # 1 1/2 teaspoons; metric amounts in decimals


def test_ingredient_not_listed_or_without_amount(recipes_dir: Path) -> None:
    cook = Cook(_page("bonappetit.com"))
    cook.ask("recipe_find", recipe="pork chops")
    reply, answer = cook.ask("recipe_ingredient_query", ingredient="bananas")
    assert answer.key == "not_in_recipe" and "doesn't list bananas" in reply
    reply, answer = cook.ask("recipe_ingredient_query", ingredient="salt")
    assert answer.key == "no_amount" and "Kosher salt" in reply


def test_what_do_i_need_lists_every_ingredient_scaled(frittata: Cook) -> None:
    frittata.ask("recipe_scale", factor=2)
    reply, answer = frittata.ask("recipe_ingredients")
    assert len(answer.data["ingredients"]) == 12
    assert "16 SimplyNature" in reply and "1 cup milk of choice" in reply
    assert "Freshly ground black pepper" in reply


def test_questions_without_an_open_recipe() -> None:
    db = Database(":memory:")
    qa = RecipeQA(RecipeLibrary(db), SessionStore(db))
    assert qa.answer("recipe_step_next", {}).key == "no_recipe_empty"
    assert qa.answer("recipe_find", {"recipe": "pumpkin pie"}).key == "not_found"
    assert qa.answer("recipe_find", {}).key == "library_empty"


def test_details_the_sentence_form_carries_no_slot_for(frittata: Cook) -> None:
    """Template sentences like "double it" or "go to the last step" have no slot; the
    recognised intent's own words supply the detail."""
    _, answer = frittata.ask("recipe_scale", "double the recipe")
    assert answer.key == "scaled" and answer.data["factor"] == 2
    _, answer = frittata.ask("recipe_scale", "cut it in half")
    assert answer.data["factor"] == 0.5
    _, answer = frittata.ask("recipe_step_goto", "go to the last step")
    assert answer.data["step"] == 5
    _, answer = frittata.ask("recipe_step_goto", "start from the beginning")
    assert answer.data["step"] == 1
    reply, answer = frittata.ask("recipe_ingredient_query", "what temperature is the oven")
    assert answer.key == "temperature" and "425°F" in reply
    _, answer = frittata.ask("recipe_ingredient_query", "how long does it bake")
    assert answer.key == "time" and answer.data["step"] == 4
    _, answer = frittata.ask("recipe_ingredient_query", "how much do I need")
    assert answer.key == "which_ingredient"


def test_browse_recipes_by_ingredient(recipes_dir: Path) -> None:
    cook = Cook(_page("cookieandkate.com"))
    cook.library.add(parsed(_page("pinchofyum.com")))
    cook.library.add(parsed(_page("sallysbakingaddiction.com")))
    _, answer = cook.ask("recipe_find", "what can I make with broccoli", ingredient="broccoli")
    assert answer.key == "recipes_with"
    assert sorted(answer.data["titles"]) == [
        "Basic + Awesome Broccoli Cheese Soup",
        "Broccoli, Cheddar & Spinach Frittata",
    ]
    _, answer = cook.ask("recipe_find", "recipes with sprinkles", ingredient="sprinkles")
    assert answer.data["titles"] == ["Cake Batter Chocolate Chip Cookies"]
    _, answer = cook.ask("recipe_find", "recipes with saffron", ingredient="saffron")
    assert answer.key == "none_with"
    _, answer = cook.ask("recipe_find", "show me my recipes")
    assert answer.key == "recipes_all" and len(answer.data["titles"]) == 3


def test_temperature_in_the_other_scale(recipes_dir: Path) -> None:
    cook = Cook(_page("sallysbakingaddiction.com"))
    cook.ask("recipe_find", recipe="cake batter cookies")
    reply, _ = cook.ask("recipe_ingredient_query", "what temperature", ingredient="temperature")
    assert "350°F (177°C)" in reply
    reply, _ = cook.ask("recipe_ingredient_query", "oven in celsius", unit="degrees celsius")
    assert "177°C" in reply  # the recipe's own figure, not a conversion
    cook = Cook(_page("cookieandkate.com"))
    cook.ask("recipe_find", recipe="frittata")
    reply, answer = cook.ask(
        "recipe_ingredient_query", "in celsius", ingredient="temperature", unit="celsius"
    )
    assert answer.data["answer"] == {"value": 218.0, "max_value": None, "unit": "C"}
    assert "218°C" in reply


def test_ingredient_found_in_the_line_when_the_name_misses_it(recipes_dir: Path) -> None:
    cook = Cook(_page("bonappetit.com"))
    cook.ask("recipe_find", recipe="pork chops")
    reply, answer = cook.ask("recipe_ingredient_query", "how many almonds", ingredient="almonds")
    assert answer.key == "ingredient_amount"
    assert "1/4 cup chopped salted, dry-roasted almonds" in reply
    cook.ask("recipe_scale", factor=2)
    reply, _ = cook.ask("recipe_ingredient_query", ingredient="almonds")
    assert "1/2 cup chopped salted, dry-roasted almonds" in reply
