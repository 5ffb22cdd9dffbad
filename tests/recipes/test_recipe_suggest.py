"""Something to cook from the user's own recipes ("what should I make for dinner", "a quick
vegetarian lunch", "what can I cook in 20 minutes"): every suggestion meets every wish, on a
library of all the real pages in ../shared/data/recipes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from recipe_helpers import parsed, recipe_pages, shared_or_none

from pipelines.core.storage import Database
from pipelines.language.rules import match
from pipelines.recipes.allergens import check_diet
from pipelines.recipes.answers import RecipeQA
from pipelines.recipes.library import RecipeLibrary
from pipelines.recipes.session import SessionStore
from pipelines.recipes.suggest import QUICK_SECONDS, minutes_of, suggest
from pipelines.skills.replies import Replies

pytestmark = pytest.mark.shared
MONDAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> RecipeLibrary:
    pages = recipe_pages(shared_or_none())
    if not pages:
        pytest.skip("../shared/data/recipes (real recipe pages) is not present")
    db = Database(tmp_path_factory.mktemp("suggest") / "home.db")
    lib = RecipeLibrary(db)
    for page in pages:
        lib.add(parsed(page))
    return lib


def ask(library: RecipeLibrary, text: str, day: dt.date = MONDAY) -> tuple[str, Any]:
    """The request read by the grammar, answered by the skill's answerer, rendered."""
    intent = match(text, day)
    assert intent is not None and intent.name == "recipe_find", text
    answer = suggest(library, intent.slots, day)
    reply = Replies().render(f"recipes.{answer.key}", **answer.values)
    assert "{" not in reply and "}" not in reply
    return reply, answer


@pytest.mark.parametrize(
    "text",
    [
        "what can I cook in 45 minutes",
        "a vegetarian dinner idea please",
        "suggest a vegan recipe",
        "any gluten free dinner ideas",
        "what should I make for dinner with broccoli",
        "quick vegetarian lunch ideas",
        "what can we make in under an hour with cheese",
    ],
)
def test_every_suggestion_meets_every_wish(library: RecipeLibrary, text: str) -> None:
    reply, answer = ask(library, text)
    assert answer.key in ("suggest", "suggest_one"), reply
    slots = match(text, MONDAY).slots  # type: ignore[union-attr]
    for recipe_id, title in zip(answer.data["ids"], answer.data["titles"], strict=True):
        recipe = library.get(recipe_id)
        assert title in reply
        if "duration" in slots:
            seconds = minutes_of(recipe)
            assert seconds is not None and seconds <= slots["duration"], title
        if "diet" in slots:
            assert check_diet(recipe, str(slots["diet"])).found == (), title
        if "ingredient" in slots:
            lines = " ".join(i.text.lower() for i in recipe.ingredients)
            assert str(slots["ingredient"]) in lines, title
    fitting = [s.id for s in library.summaries() if _meets(library.get(s.id), slots)]
    assert answer.data["fits"] == len(fitting) and set(answer.data["ids"]) <= set(fitting)
    times = [minutes_of(library.get(i)) for i in answer.data["ids"]]
    if "duration" in slots or "quick" in slots:
        known = [t for t in times if t is not None]
        assert known == sorted(known), "quickest first"


def _meets(recipe: Any, slots: Any) -> bool:
    """Every wish checked independently of the suggester's own filters."""
    seconds = minutes_of(recipe)
    lines = " ".join(i.text.lower() for i in recipe.ingredients)
    sweet = re.search(r"\b(?:cookies?|cakes?|pies?|brownies?|desserts?)\b", recipe.title.lower())
    return (
        ("duration" not in slots or (seconds is not None and seconds <= slots["duration"]))
        and (slots.get("suggest") not in ("lunch", "dinner") or not sweet)
        and ("quick" not in slots or (seconds is not None and seconds <= QUICK_SECONDS))
        and ("diet" not in slots or check_diet(recipe, str(slots["diet"])).found == ())
        and ("ingredient" not in slots or str(slots["ingredient"]) in lines)
    )


def test_no_recipe_meets_the_wish_says_why_and_names_the_quickest(library: RecipeLibrary) -> None:
    reply, answer = ask(library, "what can I cook in 2 minutes")
    quickest = min((minutes_of(library.get(s.id)) or 10**9, s.title) for s in library.summaries())
    assert answer.key == "suggest_none_quickest" and not answer.success
    assert f"nothing ready in 2 minutes or less among your {library.count()} recipes" in reply
    assert quickest[1] in reply
    reply, answer = ask(library, "any ideas for dinner that are peruvian")
    assert answer.key == "suggest_none" and "nothing peruvian for dinner among" in reply


def test_the_ideas_change_with_the_day_and_not_within_it(library: RecipeLibrary) -> None:
    days = [MONDAY + dt.timedelta(d) for d in range(5)]
    firsts = {ask(library, "what should I cook for dinner", d)[1].data["titles"][0] for d in days}
    assert len(firsts) == 5
    again = [ask(library, "what's for dinner")[1].data["titles"] for _ in range(2)]
    assert again[0] == again[1] and len(again[0]) == 3
    _, answer = ask(library, "what should we cook")
    assert answer.data["fits"] == library.count()  # no meal named: every recipe
    _, answer = ask(library, "something for dessert")
    assert answer.data["titles"] == ["Cake Batter Chocolate Chip Cookies"]  # the one sweet page
    _, answer = ask(library, "what's for dinner")
    assert "Cake Batter Chocolate Chip Cookies" not in answer.data["titles"]
    assert answer.data["fits"] == library.count() - 1


def test_an_empty_library_says_how_to_fill_it(tmp_path: Path) -> None:
    empty = RecipeLibrary(Database(tmp_path / "home.db"))
    reply, answer = ask(empty, "I'm hungry")
    assert answer.key == "suggest_empty" and "homebody recipe import" in reply


def test_the_recipe_skill_answers_a_request_for_ideas(library: RecipeLibrary) -> None:
    """Through RecipeQA as the skill calls it: a suggestion opens nothing, and the reply's own
    example ("let's make X") then opens that recipe."""
    sessions = SessionStore(library.db, clock=lambda: 1.8e9)
    qa = RecipeQA(library, sessions)
    intent = match("what should I make for dinner", MONDAY)
    assert intent is not None
    answer = qa.answer(intent.name, intent.slots, intent.text)
    assert answer.action == "recipes_suggested" and sessions.current() is None
    reply = Replies().render(f"recipes.{answer.key}", **answer.values)
    said = re.search(r"let's make (.+?)\.$", reply)
    assert said is not None
    follow = match(f"let's make {said.group(1)}", MONDAY)
    assert follow is not None and follow.name == "recipe_find"
    opened = qa.answer(follow.name, follow.slots, follow.text)
    assert opened.key == "opened" and opened.values["title"] == answer.data["titles"][0]


def test_saying_the_suggested_example_opens_that_recipe(library: RecipeLibrary) -> None:
    """Each reply ends "Say, for example, let's make <title>": saying it opens that very
    recipe, commas, ampersands and brackets in the title included."""
    qa = RecipeQA(library, SessionStore(library.db, clock=lambda: 1.8e9))
    for summary in library.summaries():
        said = match(f"let's make {summary.title}", MONDAY)
        assert said is not None and said.name == "recipe_find", summary.title
        opened = qa.answer(said.name, said.slots, said.text)
        assert opened.values.get("title") == summary.title


def _page_titled(library: RecipeLibrary, word: str) -> int:
    return next(s.id for s in library.summaries() if word in s.title.lower())


def test_a_time_question_about_another_dish_is_not_answered_with_the_open_one(
    library: RecipeLibrary,
) -> None:
    """ "How long does the frittata take?" while the burgers are open opens the frittata and
    answers with its time; "how much time to cook pasta" (no pasta anywhere) says so instead
    of the burgers' time; questions about the open recipe's own things stay with it."""
    sessions = SessionStore(library.db, clock=lambda: 1.8e9)
    qa = RecipeQA(library, sessions)
    burgers, frittata = _page_titled(library, "smash"), _page_titled(library, "frittata")
    qa.answer("recipe_find", {"recipe": "smash burgers"}, "let's make smash burgers")

    answer = qa.answer("recipe_ingredient_query", {}, "how much time to cook pasta")
    assert answer.key == "other_dish" and answer.values["thing"] == "pasta"
    assert sessions.current().recipe_id == burgers  # type: ignore[union-attr]

    for own in ("how long do I cook the patties", "how long in the oven", "how long to bake it"):
        answer = qa.answer("recipe_ingredient_query", {}, own)
        assert "switched_to" not in answer.data and answer.key != "other_dish", own
        assert sessions.current().recipe_id == burgers  # type: ignore[union-attr]

    answer = qa.answer("recipe_ingredient_query", {}, "how long does the frittata take")
    whole = minutes_of(library.get(frittata))
    assert answer.data["switched_to"] == library.get(frittata).title
    assert answer.key == "time_all" and answer.data["seconds"] == whole
    assert sessions.current().recipe_id == frittata  # type: ignore[union-attr]


def test_a_cooking_question_heard_as_a_search_is_answered_about_the_open_recipe(
    library: RecipeLibrary,
) -> None:
    """ "What can I use instead of cheddar" reaches the skill as recipe_find with an
    ingredient: while a recipe is open it is a question about it, not a library search."""
    qa = RecipeQA(library, SessionStore(library.db, clock=lambda: 1.8e9))
    qa.open(_page_titled(library, "frittata"))
    answer = qa.answer(
        "recipe_find", {"ingredient": "cheddar"}, "what can I use instead of cheddar"
    )
    assert answer.key.startswith("substitute"), answer.key
    answer = qa.answer("recipe_find", {"ingredient": "broccoli"}, "what can I make with broccoli")
    assert answer.key == "recipes_with"
