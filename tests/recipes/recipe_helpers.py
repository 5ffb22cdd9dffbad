"""Helpers for the recipe tests: the real pages in ../shared/data/recipes, parsed once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_CACHE: dict[Path, Any] = {}


def shared_or_none() -> Path | None:
    """../shared as the app finds it (``HOMEBODY_SHARED`` overrides), for collection time."""
    from pipelines.core.paths import shared_dir

    return shared_dir()


def recipe_pages(shared: Path | None) -> list[Path]:
    if shared is None:
        return []
    return sorted((shared / "data" / "recipes" / "html").glob("*/*.testhtml"))


def jsonld_files(shared: Path | None) -> list[Path]:
    if shared is None:
        return []
    return sorted((shared / "data" / "recipes" / "jsonld").glob("*.recipe.jsonld"))


def expected_json(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def parsed(path: Path) -> Any:
    """Each real file is parsed once per test session (the parsing itself is under test)."""
    from pipelines.recipes.importers import load_recipe_file

    if path not in _CACHE:
        recipes = load_recipe_file(path)
        assert len(recipes) == 1, f"{path.name}: expected one recipe, got {len(recipes)}"
        _CACHE[path] = recipes[0]
    return _CACHE[path]
