"""Every cooking question of tests/data/recipes/questions.txt (the benchmark's, written before
tuning) answered right through `recipe ask`'s path, plus the reader's readings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from recipe_helpers import parsed, shared_or_none

from bench.recipes_questions import (
    TRYOUT_QUESTIONS,
    CookingQuestion,
    is_right,
    load_questions,
    resolve_page,
)
from pipelines.core.storage import Database
from pipelines.recipes.answers import RecipeQA
from pipelines.recipes.asking import ask
from pipelines.recipes.library import RecipeLibrary
from pipelines.recipes.reader import read_question
from pipelines.recipes.session import SessionStore
from pipelines.skills.replies import Replies

PAGES = Path(__file__).resolve().parent.parent / "data" / "recipes" / "pages"
SHARED = shared_or_none()
QUESTIONS = load_questions() + load_questions(TRYOUT_QUESTIONS)
_QA: dict[str, Any] = {}


def _qa() -> tuple[RecipeQA, dict[Path, int]]:
    if not _QA:
        db = Database(":memory:")
        library = RecipeLibrary(db)
        _QA["qa"] = RecipeQA(library, SessionStore(db))
        _QA["ids"] = {}
    return _QA["qa"], _QA["ids"]


@pytest.mark.parametrize("q", QUESTIONS, ids=[f"{q.page}:{q.text}" for q in QUESTIONS])
def test_cooking_question(q: CookingQuestion) -> None:
    if q.page.startswith("shared/") and (SHARED is None or not (SHARED / "data").is_dir()):
        pytest.skip("../shared/data/recipes (real saved pages) is not present")
    recipes = (SHARED / "data" / "recipes") if SHARED is not None else PAGES
    page = resolve_page(q.page, recipes, PAGES)
    qa, ids = _qa()
    if page not in ids:
        ids[page] = qa.library.add(parsed(page)).id
    qa.open(ids[page])
    answer = ask(qa, q.text)
    assert answer is not None, "not read as a cooking question"
    said = Replies().render(f"recipes.{answer.key}", **answer.values)
    assert is_right(q, said), said


@pytest.mark.parametrize(
    ("text", "kind", "subject", "factor", "people"),
    [
        ("how much half and half", "amount", "half and half", None, None),
        ("how much butter for half the recipe", "amount", "butter", 0.5, None),
        ("how much escarole if I double it", "amount", "escarole", 2.0, None),
        ("how many eggs for 6 people", "amount", "eggs", None, 6.0),
        ("how many jalapeños do I need", "amount", "jalapenos", None, None),
        ("what can I use instead of buttermilk", "substitute", "buttermilk", None, None),
        ("what's next after adding the garlic", "after", "adding the garlic", None, None),
        ("is this vegetarian", "diet", "free:vegetarian", None, None),
        ("is it gluten free", "diet", "free:gluten", None, None),
        ("does it contain dairy", "diet", "contains:dairy", None, None),
        ("is it vegan", "diet", "free:vegan", None, None),
        ("how many eggs do I need", "amount", "eggs", None, None),
        ("how many eggs now", "amount", "eggs", None, None),  # after scaling: not "eggs now"
        ("double it", "scale", "", 2.0, None),
        ("make it for six people", "scale", "", None, 6.0),
        ("turn on the kitchen lights", None, None, None, None),
    ],
)
def test_reader(text: str, kind: str | None, subject: str, factor: Any, people: Any) -> None:
    read = read_question(text)
    if kind is None:
        assert read is None
        return
    assert read is not None and read.kind == kind
    assert (read.subject, read.factor, read.people) == (subject, factor, people)


def test_scaled_for_loaves_and_step_text() -> None:
    read = read_question("how much honey for 4 loaves")
    assert read is not None and read.makes == (4.0, "loaves")


def test_no_recipe_open_names_the_users_recipes() -> None:
    db = Database(":memory:")
    library = RecipeLibrary(db)
    library.add(parsed(PAGES / "banana-bread.html"))
    qa = RecipeQA(library, SessionStore(db))
    answer = ask(qa, "how much sugar")
    assert answer is not None and answer.key == "no_recipe"
    said = Replies().render("recipes.no_recipe", **answer.values)
    assert "Classic Banana Bread" in said and "pumpkin" not in said.lower()


def test_amounts_in_step_text_scale_but_times_sizes_and_temperatures_do_not() -> None:
    from pipelines.recipes.step_scaling import scale_step_text

    text = (
        "Melt 2 tablespoons butter in a 10-inch pan, add 400 g flour and bake at 350°F for "
        "10 minutes."
    )
    assert scale_step_text(text, 2) == (
        "Melt 4 tablespoons butter in a 10-inch pan, add 800 g flour and bake at 350°F for "
        "10 minutes."
    )
    db = Database(":memory:")
    library = RecipeLibrary(db)
    qa = RecipeQA(library, SessionStore(db))
    qa.open(library.add(parsed(PAGES / "buttermilk-pancakes.html")).id)
    ask(qa, "double it")
    answer = ask(qa, "read step 4")
    assert answer is not None
    said = Replies().render(f"recipes.{answer.key}", **answer.values)
    assert "Pour 1/2 cup of batter" in said and "about 2 minutes" in said
    assert "amounts scaled by 2" in said


def test_text_recipe_lines_stay_whole() -> None:
    from pipelines.recipes.importers import load_recipe_bytes

    text = (
        "Chickpea Stew\nServes 4\n\nIngredients\n2 cans (400 g each) chickpeas, drained\n"
        "salt and pepper\n\nMethod\nWarm the chickpeas for 10 minutes.\nSeason and serve.\n"
    )
    recipe = load_recipe_bytes(text.encode(), name="stew.txt", suffix=".txt")[0]
    assert recipe.yields is not None and recipe.yields.servings == 4
    assert [i.text for i in recipe.ingredients] == [
        "2 cans (400 g each) chickpeas, drained",
        "salt and pepper",
    ]
    db = Database(":memory:")
    library = RecipeLibrary(db)
    qa = RecipeQA(library, SessionStore(db))
    qa.open(library.add(recipe).id)
    for question, said in (
        ("how much chickpeas in grams", "800 grams"),  # 400 g per can, two cans
        ("how many chickpeas", "2 cans (400 g each) chickpeas"),
        ("how much salt and pepper", "salt and pepper"),
    ):
        answer = ask(qa, question)
        assert answer is not None
        assert said in Replies().render(f"recipes.{answer.key}", **answer.values)


def test_after_an_action_a_step_number_or_that_and_next_goes_on_from_there() -> None:
    db = Database(":memory:")
    library = RecipeLibrary(db)
    qa = RecipeQA(library, SessionStore(db))
    qa.open(library.add(parsed(PAGES / "whole-wheat-bread.html")).id)

    def said(text: str) -> str:
        answer = ask(qa, text)
        assert answer is not None
        return Replies().render(f"recipes.{answer.key}", **answer.values)

    assert said("what's after that").startswith("Step 1 of 6")  # nothing read yet
    assert "step 4 of 6: Let the dough rise" in said("what's after kneading")
    assert said("next step").startswith("Step 5 of 6")
    assert "step 3 of 6" in said("what comes after step 2")
    assert "step 4 of 6" in said("and what's after that")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("how many tablespoons of butter", "7 tablespoons"),  # 100 g by the density table
        ("when is it done", "1 hour 5 minutes in all"),
        ("what's the first step", "Step 1 of 4"),
        ("what's in step 3", "150 g plain flour"),
        ("how much butter", "100 g cold butter, cubed (about 3.5 ounces)"),
    ],
)
def test_other_ways_of_asking(text: str, said: str) -> None:
    db = Database(":memory:")
    library = RecipeLibrary(db)
    qa = RecipeQA(library, SessionStore(db))
    qa.open(library.add(parsed(PAGES / "apple-crumble.html")).id)
    answer = ask(qa, text)
    assert answer is not None
    assert said in Replies().render(f"recipes.{answer.key}", **answer.values)
