"""The pages in tests/data/recipes/pages (real-site layouts, some without structured data)
import with the expected fields, never turn site chrome into a step, and the non-recipe pages
are refused clearly; pages with broken markup fail clearly and import nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.recipes import field_checks
from pipelines.core.errors import InputError
from pipelines.recipes.importers import load_recipe_bytes, load_recipe_file

PAGES = Path(__file__).resolve().parent.parent / "data" / "recipes" / "pages"
ALL = sorted(PAGES.glob("*.html"))
CHROME = ("jump to recipe", "subscribe", "©", "reply", "advertisement", "pin it",
          "made this last night", "added more garlic", "instagram", "privacy policy")  # fmt: skip


def _expected(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("page", ALL, ids=[p.stem for p in ALL])
def test_written_page(page: Path) -> None:
    expected = _expected(page)
    if expected.get("refuse"):
        with pytest.raises(InputError, match="does not look like a recipe") as info:
            load_recipe_file(page)
        assert page.name in info.value.message and "Nothing was imported" in info.value.message
        return
    recipe = load_recipe_file(page)[0]
    assert field_checks(recipe, expected) == dict.fromkeys(
        ("title", "yield", "ingredients", "steps"), True
    )
    assert recipe.needs_check == (not expected["structured"])
    lines = [i.text.lower() for i in recipe.ingredients] + [s.text.lower() for s in recipe.steps]
    assert not [line for line in lines if any(word in line for word in CHROME)]
    if not expected["structured"]:  # yield and times read from the page's text lines
        assert recipe.prep_seconds == expected["prep_time"] * 60


def test_not_json_ld_script_falls_back_to_the_page_text() -> None:
    broken = '<script type="application/ld+json">{"@type": "Recipe", "name": oops</script>'
    page = (
        f"<html><head>{broken}</head><body><h1>Toast</h1><h2>Ingredients</h2>"
        "<ul><li>2 slices bread</li></ul><h2>Method</h2><ol><li>Toast the bread for 2 "
        "minutes.</li></ol></body></html>"
    )
    recipe = load_recipe_bytes(page.encode(), name="toast.html", suffix=".html")[0]
    assert recipe.title == "Toast" and recipe.needs_check
    with pytest.raises(InputError, match="does not look like a recipe"):
        load_recipe_bytes(
            f"<html><head>{broken}</head><body><p>Hi</p></body></html>".encode(),
            name="x.html",
            suffix=".html",
        )


def test_fifty_megabyte_page_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to the disk
    with pytest.raises(InputError, match="50 MB, too large"):
        load_recipe_file(big)


TAGS = st.sampled_from(["h1", "h2", "h3", "p", "li", "ul", "ol", "div", "strong", "br", "script"])
WORDS = st.sampled_from(
    ["Ingredients", "Method", "Instructions", "Notes", "1 cup flour", "Bake 20 minutes.",
     "Serves 4", "Prep time: 5 min", "Jump to Recipe", "©", "<", ">", "&amp;", ""]
)  # fmt: skip


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(TAGS, WORDS), max_size=25))
def test_any_page_imports_or_fails_clearly(parts: list[tuple[str, str]]) -> None:
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts)
    try:
        recipes = load_recipe_bytes(f"<html><body>{body}</body></html>".encode(), name="p.html")
    except InputError as exc:
        assert exc.message
        return
    assert recipes and all(r.ingredients and r.steps and r.title for r in recipes)
