"""Fixtures for the recipe tests (helpers live in recipe_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def recipes_dir(shared: Path) -> Path:
    folder = shared / "data" / "recipes"
    if not folder.is_dir():
        pytest.skip(f"{folder} (real recipe pages) is not present")
    return folder
