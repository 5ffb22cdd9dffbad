"""Recipe Q&A found wrong in a new-user tryout: total time, equipment, scaled amounts, undoing
the scaling in words, "substitute X with Y", prices in ingredient lines, no intent names."""

from __future__ import annotations

import pytest

from pipelines.core.storage import Database
from pipelines.recipes.answers import RecipeQA
from pipelines.recipes.asking import ask
from pipelines.recipes.importers import load_recipe_bytes
from pipelines.recipes.library import RecipeLibrary
from pipelines.recipes.session import SessionStore
from pipelines.skills.replies import Replies

CHILI = """Skillet Chili
Serves 4
Prep time: 10 minutes
Cook time: 35 minutes

Ingredients:
1 lb ground beef ($6.99)
1 onion, chopped ($0.32*)
4 cloves garlic, minced
2 cups all-purpose flour
4 large eggs
3 cups spinach

Directions:
Heat a 10-inch cast-iron skillet over medium heat and brown the beef for 8 minutes.
Add the onion and garlic and cook for 5 minutes.
Stir in the spinach and simmer for 20 minutes.
"""


@pytest.fixture
def qa() -> RecipeQA:
    db = Database(":memory:")
    library = RecipeLibrary(db)
    qa = RecipeQA(library, SessionStore(db))
    recipe = load_recipe_bytes(CHILI.encode(), name="chili.txt", suffix=".txt")[0]
    qa.open(library.add(recipe).id)
    return qa


def said(qa: RecipeQA, text: str) -> str:
    answer = ask(qa, text)
    assert answer is not None, text
    return Replies().render(f"recipes.{answer.key}", **answer.values)


def test_prices_are_not_part_of_the_ingredient(qa: RecipeQA) -> None:
    listed = said(qa, "what are the ingredients")
    assert "$" not in listed and "1 lb ground beef;" in listed, listed


def test_how_long_is_the_whole_recipe_even_mid_step(qa: RecipeQA) -> None:
    said(qa, "next")  # step 1 (8 minutes) is being cooked
    assert said(qa, "how long does it take").startswith("It takes 45 minutes in all")
    assert said(qa, "how long") == "Step 1 says 8 minutes."  # the step in hand


def test_equipment_comes_from_the_steps(qa: RecipeQA) -> None:
    reply = said(qa, "what pan do I need")
    assert reply == "The steps use a 10-inch cast-iron skillet (step 1).", reply
    assert said(qa, "do I need a mixer").startswith("The steps don't mention a mixer")


def test_amount_for_servings_or_an_ingredient_ignores_and_keeps_scaling(qa: RecipeQA) -> None:
    assert "1 1/2 cups all-purpose flour" in said(qa, "how much flour for 3 servings")
    assert "4 cups all-purpose flour" in said(qa, "how much flour for 8 eggs")
    said(qa, "double it")
    assert "3 cloves garlic" in said(qa, "how much garlic for 3 servings")  # not 6
    assert "8 cloves garlic" in said(qa, "how much garlic")
    assert "16 cloves garlic" in said(qa, "how much garlic if I double it")


@pytest.mark.parametrize(
    "words",
    ["go back to the original amounts", "use the original amounts", "reset the recipe",
     "undo the scaling"],
)  # fmt: skip
def test_scaling_is_undone_in_words(qa: RecipeQA, words: str) -> None:
    said(qa, "double it")
    reply = said(qa, words)
    assert reply.startswith("Okay, back to the original amounts"), reply
    assert "timer" not in reply and "4 cloves garlic" in said(qa, "how much garlic")


def test_substitute_x_with_y(qa: RecipeQA) -> None:
    reply = said(qa, "can I substitute spinach with kale")
    assert reply.startswith("Yes, kale works instead of spinach"), reply
    assert said(qa, "can I substitute kale for spinach").startswith("Yes, kale works")
    assert "with kale" not in reply
