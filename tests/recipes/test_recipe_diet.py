"""Diet and allergen questions answered from the ingredients: safety first, never a promise."""

from __future__ import annotations

from pathlib import Path

import pytest
from recipe_helpers import parsed

from pipelines.recipes.model import Recipe
from pipelines.recipes.question_answers import answer_read
from pipelines.recipes.reader import read_question
from pipelines.recipes.session import CookingSession
from pipelines.skills.replies import Replies

COOKIES = """Butter Cookies
Makes 24 cookies

Ingredients:
1 cup unsalted butter, softened
2 large eggs
2 cups all-purpose flour
1 cup sugar

Directions:
Cream the butter and sugar, beat in the eggs, stir in the flour.
Bake at 350F for 10 minutes.
"""
SALAD = """Rice Salad
Serves 2

Ingredients:
1 cup cooked rice
1 cup almond milk
2 tablespoons peanut butter
1 cup gluten-free flour
1 tablespoon honey

Directions:
Mix everything.
"""


def _recipe(text: str) -> Recipe:
    from pipelines.recipes.importers import load_recipe_bytes

    return load_recipe_bytes(text.encode(), name="test.txt", suffix=".txt")[0]


def said(recipe: Recipe, question: str) -> str:
    read = read_question(question)
    assert read is not None, question
    answer = answer_read(recipe, CookingSession(1, 0, 1.0), read)
    return Replies().render(f"recipes.{answer.key}", **answer.values)


def test_vegan_is_never_claimed_from_vegetarian() -> None:
    cookies = _recipe(COOKIES)
    reply = said(cookies, "is it vegan")
    assert reply.startswith("No") and "butter" in reply and "eggs" in reply, reply
    assert said(cookies, "is it vegetarian").startswith("Yes")
    assert said(cookies, "is it gluten free").startswith("No") and "flour" in said(
        cookies, "is it gluten free"
    )
    assert said(cookies, "does it have eggs").startswith("Yes, it has eggs")


def test_free_from_kinds_do_not_count_and_nothing_found_is_only_probably() -> None:
    salad = _recipe(SALAD)
    dairy = said(salad, "is it dairy free")  # almond milk, peanut butter
    assert dairy.startswith("Probably yes, but check labels"), dairy
    assert said(salad, "is it gluten free").startswith("Probably yes")
    assert said(salad, "does it contain dairy").startswith("Probably not")
    assert said(salad, "is it nut free").startswith("No") and "peanut butter" in said(
        salad, "is it nut free"
    )
    vegan = said(salad, "is it vegan")
    assert vegan.startswith("No") and "honey" in vegan, vegan


@pytest.mark.parametrize(
    ("question", "start", "names"),
    [
        ("is it gluten free", "No, it isn't gluten-free", ["all-purpose flour"]),
        ("does it contain dairy", "Yes, it has dairy", ["butter", "milk", "half and half"]),
        ("is it dairy free", "No, it isn't dairy-free", ["butter", "cheddar"]),
        ("is it vegan", "No, it isn't vegan", ["butter"]),
        ("is it lactose free", "No", ["milk"]),
    ],
)
def test_broccoli_cheese_soup(
    recipes_dir: Path, question: str, start: str, names: list[str]
) -> None:
    soup = parsed(recipes_dir / "html" / "pinchofyum.com" / "pinchofyum.testhtml")
    reply = said(soup, question)
    assert reply.startswith(start) and all(n in reply for n in names), reply
