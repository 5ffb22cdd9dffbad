"""The SQLite library: FTS5 search, duplicates, all-or-nothing imports, forgetting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipelines.core.errors import InputError
from pipelines.recipes.library import RecipeLibrary
from pipelines.recipes.session import SessionStore

PIE = """# Pumpkin Pie
Serves 8
Prep time: 20 minutes

## Ingredients
- 1 (15 oz) can pumpkin puree
- 2 large eggs
- ¾ cup granulated sugar
- 1 ½ teaspoons ground cinnamon
- 1 unbaked 9-inch pie crust

## Instructions
1. Preheat the oven to 425°F.
2. Whisk the pumpkin, eggs, sugar and cinnamon until smooth.
3. Pour into the crust and bake for 15 minutes.
4. Reduce the oven to 350°F and bake for 40 to 50 minutes, until a knife comes out clean.
"""

SOUP = """Tomato Soup

Ingredients:
For the soup:
2 tablespoons olive oil
1 onion, chopped
2 (28-ounce) cans whole tomatoes
2 cups vegetable stock

Directions:
Warm the oil in a pot over medium heat. Cook the onion for 5 minutes.
Add the tomatoes and stock and simmer for 20 minutes.
Blend until smooth.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def library(app: Any) -> RecipeLibrary:
    return RecipeLibrary(app.db, app.ledger)


def test_text_and_markdown_import_and_search(library: RecipeLibrary, tmp_path: Path) -> None:
    results = library.import_files(
        [write(tmp_path, "pie.md", PIE), write(tmp_path, "soup.txt", SOUP)]
    )
    assert [r.title for r in results] == ["Pumpkin Pie", "Tomato Soup"]
    assert not any(r.duplicate for r in results)
    pie = library.get(results[0].id)
    assert pie.yields is not None and pie.yields.servings == 8
    assert pie.prep_seconds == 20 * 60
    assert [(i.amount.quantity, i.amount.unit) for i in pie.ingredients[1:4]] == [
        (2.0, ""),
        (0.75, "cup"),
        (1.5, "teaspoon"),
    ]
    assert pie.steps[3].temperatures[0].value == 350
    assert pie.steps[3].durations[0].seconds == 40 * 60
    assert pie.steps[3].durations[0].max_seconds == 50 * 60
    soup = library.get(results[1].id)
    assert len(soup.steps) == 3 and soup.ingredients[2].amount.unit == "can"
    assert library.search("pumpkin pie") == [results[0].id]
    assert library.search("cinnamon") == [results[0].id]  # ingredients are searchable
    assert library.search("simmer") == [results[1].id]  # and steps
    assert library.search("tomatoes soup") == [results[1].id]  # porter stemming
    assert library.search("lasagna") == []
    assert library.resolve("pumpkin") == results[0].id
    assert library.resolve(str(results[1].id)) == results[1].id
    with pytest.raises(InputError, match="No recipe"):
        library.resolve("lasagna")


def test_duplicates_are_detected(library: RecipeLibrary, tmp_path: Path) -> None:
    first = library.import_files([write(tmp_path, "pie.md", PIE)])[0]
    # same recipe, different spacing and punctuation, different file
    again = library.import_files(
        [write(tmp_path, "pie copy.md", PIE.replace("- 2 large eggs", "-   2 large eggs."))]
    )[0]
    assert again.duplicate and again.id == first.id
    assert library.count() == 1


def test_a_bad_file_imports_nothing(library: RecipeLibrary, tmp_path: Path) -> None:
    good = write(tmp_path, "pie.md", PIE)
    bad = write(tmp_path, "broken.json", '{"@type": "Recipe", "name": "x",')
    with pytest.raises(InputError) as info:
        library.import_files([good, bad])
    assert "broken.json is not valid JSON" in info.value.message
    assert "No recipes were imported" in info.value.message
    assert library.count() == 0
    assert library.db.scalar("SELECT COUNT(*) FROM recipes_fts") == 0


def test_forgetting_recipes_removes_search_and_session(
    app: Any, library: RecipeLibrary, tmp_path: Path
) -> None:
    recipe_id = library.import_files([write(tmp_path, "pie.md", PIE)])[0].id
    SessionStore(app.db).open(recipe_id)
    assert app.inventory.forget("recipes") == 1
    assert app.db.scalar("SELECT COUNT(*) FROM recipes_fts") == 0
    assert SessionStore(app.db).current() is None
    kinds = [r[0] for r in app.db.query("SELECT kind FROM ledger WHERE category = 'recipes'")]
    assert kinds == ["data_written", "data_deleted"]


def test_delete_one_recipe(library: RecipeLibrary, tmp_path: Path) -> None:
    results = library.import_files(
        [write(tmp_path, "pie.md", PIE), write(tmp_path, "soup.txt", SOUP)]
    )
    assert library.delete(results[0].id)
    assert library.search("pumpkin") == []
    assert [s.title for s in library.summaries()] == ["Tomato Soup"]
    with pytest.raises(InputError, match="no recipe number"):
        library.get(results[0].id)
