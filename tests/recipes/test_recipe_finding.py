"""Opening a recipe by name on a library of all the real pages in ../shared/data/recipes: one
that a name fits is opened, a name several titles share asks which one (listing them), a full
title opens that recipe, and an unknown name says how to import it."""

from __future__ import annotations

from pathlib import Path

import pytest
from recipe_helpers import parsed, recipe_pages, shared_or_none

from pipelines.core.storage import Database
from pipelines.recipes.answer import Answer
from pipelines.recipes.finding import browse, find_by_name
from pipelines.recipes.library import RecipeLibrary
from pipelines.skills.replies import Replies

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> RecipeLibrary:
    pages = recipe_pages(shared_or_none())
    if not pages:
        pytest.skip("../shared/data/recipes (real recipe pages) is not present")
    lib = RecipeLibrary(Database(Path(tmp_path_factory.mktemp("finding")) / "home.db"))
    for page in pages:
        lib.add(parsed(page))
    return lib


def _title(library: RecipeLibrary, found: Answer | int) -> str:
    assert isinstance(found, int), found
    return library.get(found).title


def test_a_name_one_recipe_fits_opens_it(library: RecipeLibrary) -> None:
    assert _title(library, find_by_name(library, "smash burgers")) == "Smash Burgers"


def test_a_name_several_titles_share_asks_which(library: RecipeLibrary) -> None:
    found = find_by_name(library, "soup")
    assert isinstance(found, Answer) and found.key == "which_recipe"
    titles = found.data["titles"]
    assert len(titles) >= 2 and all("soup" in t.lower() for t in titles)
    reply = Replies().render("recipes.which_recipe", **found.values)
    assert "Which one?" in reply and titles[0] in reply and "{" not in reply


def test_a_full_title_opens_that_recipe_among_alike_ones(library: RecipeLibrary) -> None:
    soups = find_by_name(library, "soup")
    assert isinstance(soups, Answer)
    for title in soups.data["titles"]:
        assert _title(library, find_by_name(library, title.lower())) == title


def test_an_unknown_name_and_an_unknown_ingredient_say_so(library: RecipeLibrary) -> None:
    missing = find_by_name(library, "lasagne")
    assert isinstance(missing, Answer) and missing.key == "not_found" and not missing.success
    assert browse(library, "saffron").key == "none_with"
    listed = browse(library, "")
    reply = Replies().render("recipes.recipes_all", **listed.values)
    total = library.count()
    assert reply.startswith(f"Your {total} recipes: ")
    assert total <= 10 or reply.endswith(f", and {total - 10} more.")


def test_the_which_one_question_is_answered_by_the_next_utterance(
    library: RecipeLibrary, home: Path
) -> None:
    from pipelines.app_context import AppContext
    from pipelines.assistant import SKILL_MODULES
    from pipelines.core.intent import Intent
    from pipelines.skills.base import SkillContext
    from pipelines.skills.dispatch import Dispatcher
    from pipelines.skills.registry import SkillRegistry

    app = AppContext.create(guard=False)
    shared_lib = RecipeLibrary(app.db, app.ledger)
    for recipe_id in library.search("soup", 10, column="title"):
        shared_lib.add(library.get(recipe_id))
    dispatcher = Dispatcher(SkillContext(app=app, replies=Replies(), clock=lambda: 1000.0),
                            SkillRegistry.default(SKILL_MODULES))  # fmt: skip
    asked = dispatcher.handle(Intent("recipe_find", {"recipe": "soup"}, 1.0, text="make soup"))
    assert asked.expects_reply and "Which one?" in asked.text
    opened = dispatcher.handle(Intent("out_of_scope", {}, 0.9, text="the second one"))
    assert opened.action == "recipe_opened", opened.text
    titles = [s.title for s in shared_lib.summaries(shared_lib.search("soup", 10, column="title"))]
    assert titles[1] in opened.text
    app.close()
