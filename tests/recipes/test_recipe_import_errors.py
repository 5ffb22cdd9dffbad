"""Malformed or unsupported files: a clear InputError naming the file, nothing half-parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.core.errors import InputError
from pipelines.recipes.importers import load_recipe_bytes, load_recipe_file

RECIPE = {
    "@context": "https://schema.org",
    "@type": "Recipe",
    "name": "Toast",
    "recipeYield": "1 serving",
    "recipeIngredient": ["2 slices bread", "1 tbsp butter"],
    "recipeInstructions": [
        {"@type": "HowToStep", "text": "Toast the bread for 2 minutes."},
        {"@type": "HowToStep", "text": "Spread with butter."},
    ],
}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.json", b'{"@type": "Recipe", ', "is not valid JSON"),
        (
            "other.jsonld",
            json.dumps({"@type": "Person", "name": "x"}).encode(),
            "no schema.org Recipe",
        ),
        (
            "page.html",
            b"<html><body><h1>Toast</h1><p>Just toast it.</p></body></html>",
            "does not look like a recipe",
        ),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "binary file"),
        ("empty.txt", b"   \n\n", "is empty"),
        ("notes.txt", b"Buy milk\nCall mum\n", "does not look like a recipe"),
        ("recipe.pdf", b"%PDF-1.4 hello", "unsupported file type .pdf"),
        (
            "no-ingredients.json",
            json.dumps({**RECIPE, "recipeIngredient": []}).encode(),
            "lists no ingredients",
        ),
        (
            "no-steps.json",
            json.dumps({**RECIPE, "recipeInstructions": []}).encode(),
            "has no instructions",
        ),
        ("no-title.json", json.dumps({**RECIPE, "name": ""}).encode(), "has no title"),
    ],
)
def test_bad_files_give_clear_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_recipe_bytes(data, name=name, suffix=Path(name).suffix)
    assert message in info.value.message
    assert info.value.message.startswith(name) or name in info.value.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Cannot read"):
        load_recipe_file(tmp_path / "nope.html")
    with pytest.raises(InputError, match="is not a file"):
        load_recipe_file(tmp_path)


def test_jsonld_graph_sections_and_iso_times(tmp_path: Path) -> None:
    node = {
        **RECIPE,
        "prepTime": "PT5M",
        "cookTime": "PT1H2M",
        "recipeInstructions": [
            {
                "@type": "HowToSection",
                "name": "Toast",
                "itemListElement": [{"@type": "HowToStep", "text": "Toast for 2-3 minutes."}],
            },
            {
                "@type": "HowToSection",
                "name": "Finish",
                "itemListElement": [{"@type": "HowToStep", "text": "Butter it."}],
            },
        ],
    }
    path = tmp_path / "toast.jsonld"
    path.write_text(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@graph": [{"@type": "WebPage", "name": "page"}, node],
            }
        ),
        encoding="utf-8",
    )
    recipe = load_recipe_file(path)[0]
    assert [s.section for s in recipe.steps] == ["Toast", "Finish"]
    assert recipe.steps[0].durations[0].seconds == 120
    assert recipe.steps[0].durations[0].max_seconds == 180
    assert (recipe.prep_seconds, recipe.cook_seconds, recipe.total_seconds) == (300, 3720, 4020)
    assert recipe.ingredients[1].amount is not None
    assert recipe.ingredients[1].amount.unit == "tablespoon"


def test_html_without_extension_is_sniffed() -> None:
    page = (
        '<!DOCTYPE html><html><head><script type="application/ld+json">'
        + json.dumps(RECIPE)
        + "</script></head><body></body></html>"
    )
    recipe = load_recipe_bytes(page.encode(), name="saved", suffix="")[0]
    assert recipe.title == "Toast" and recipe.source_format == "json-ld"
