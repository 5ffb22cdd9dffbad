"""schema.org ``Recipe`` objects (JSON-LD files, or a page's schema as recipe-scrapers found it)
-> RawRecipe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .build import RawRecipe, looks_like_heading
from .ingredients import clean_line
from .step_facts import parse_iso_duration

_MAX_DEPTH = 40


def find_recipes(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict whose ``@type`` is (or includes) Recipe, searching @graph and nesting."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, dict):
        kind = node.get("@type") or node.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "Recipe" for k in kinds):
            yield node
            return
        for value in node.values():
            yield from find_recipes(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from find_recipes(value, depth + 1)


def raw_from_schema(node: dict[str, Any]) -> RawRecipe:
    ingredients = node.get("recipeIngredient") or node.get("ingredients") or []
    if isinstance(ingredients, str):
        ingredients = [line for line in ingredients.splitlines() if line.strip()]
    return RawRecipe(
        title=_text(node.get("name") or node.get("headline")),
        ingredient_lines=[_text(i) for i in _as_list(ingredients)],
        steps=list(_steps(node.get("recipeInstructions"), "", 0)),
        yields=node.get("recipeYield") or node.get("yield"),
        prep_seconds=parse_iso_duration(_first(node.get("prepTime"))),
        cook_seconds=parse_iso_duration(_first(node.get("cookTime"))),
        total_seconds=parse_iso_duration(_first(node.get("totalTime"))),
        description=_text(node.get("description")),
        author=_author(node.get("author")),
        source_url=_text(node.get("url") or node.get("mainEntityOfPage")),
    )


def _steps(value: Any, section: str, depth: int) -> Iterator[tuple[str, str, str]]:
    if depth > _MAX_DEPTH or value is None:
        return
    if isinstance(value, str):
        current = section
        lines = clean_line_breaks(value)
        for index, line in enumerate(lines):
            if len(lines) > 1 and index < len(lines) - 1 and looks_like_heading(line):
                current = line.rstrip(":")
            else:
                yield current, line, ""
        return
    if isinstance(value, list):
        for item in value:
            yield from _steps(item, section, depth + 1)
        return
    if isinstance(value, dict):
        kind = value.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "HowToSection" in kinds or "itemListElement" in value:
            name = _text(value.get("name")) or section
            yield from _steps(value.get("itemListElement"), name, depth + 1)
            return
        text = value.get("text") or value.get("name") or value.get("description")
        name = _text(value.get("name")) if value.get("text") else ""
        if isinstance(text, str):
            for where, line, _ in _steps(text, section, depth + 1):
                yield where, line, name
        elif isinstance(text, list):
            yield from _steps(text, section, depth + 1)


def clean_line_breaks(text: str) -> list[str]:
    """Split an instructions blob into steps on line breaks and <p>/<li>/<br> tags."""
    for tag in ("</p>", "<br>", "<br/>", "<br />", "</li>"):
        text = text.replace(tag, "\n")
    return [line for line in (clean_line(part) for part in text.splitlines()) if line]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or value.get("text") or ""
    return clean_line(value) if isinstance(value, str) else ""


def _author(value: Any) -> str:
    names = [_text(v) for v in _as_list(value)]
    return ", ".join(n for n in names if n)
