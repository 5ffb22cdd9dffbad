"""Turn the raw fields an importer found into a parsed :class:`Recipe` (or a clear error)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.errors import InputError
from .ingredients import clean_line, parse_ingredient_line
from .model import Recipe, Step
from .step_facts import find_durations, find_temperatures
from .yields import parse_yields

MAX_INGREDIENTS = 200
MAX_STEPS = 200
_HEADING = re.compile(r"^[A-Z][^.!?]{0,40}:?$")


@dataclass(frozen=True)
class RawRecipe:
    title: str
    ingredient_lines: Sequence[str]
    steps: Sequence[tuple[str, str, str]]
    """(section, text, title) in order; title is the step's own name, often empty."""
    yields: object = None
    prep_seconds: int | None = None
    cook_seconds: int | None = None
    total_seconds: int | None = None
    description: str = ""
    author: str = ""
    source_url: str = ""


def build_recipe(raw: RawRecipe, *, source_file: str, source_format: str) -> Recipe:
    """Parse every ingredient line and step; raise InputError if it is not a usable recipe."""
    title = clean_line(raw.title)
    where = source_file or "the file"
    if not title:
        raise InputError(f"{where}: the recipe has no title (name). Nothing was imported.")
    lines = [clean_line(line) for line in raw.ingredient_lines]
    lines = [line for line in lines if line]
    if not lines:
        raise InputError(
            f"{where}: the recipe {title!r} lists no ingredients. Nothing was imported."
        )
    texts = [(clean_line(s), clean_line(text), clean_line(t)) for s, text, t in raw.steps]
    texts = [(section, text, name) for section, text, name in texts if text]
    if not texts:
        raise InputError(
            f"{where}: the recipe {title!r} has no instructions. Nothing was imported."
        )
    if len(lines) > MAX_INGREDIENTS or len(texts) > MAX_STEPS:
        raise InputError(
            f"{where}: {len(lines)} ingredients and {len(texts)} steps is more than a recipe "
            f"has (limits {MAX_INGREDIENTS}/{MAX_STEPS}). Nothing was imported."
        )
    steps: list[Step] = []
    section = ""
    for given_section, text, name in texts:
        if given_section:
            section = given_section
        steps.append(
            Step(
                len(steps) + 1,
                text,
                tuple(find_durations(text)),
                tuple(find_temperatures(text)),
                section,
                "" if text.startswith(name.rstrip(".…")) else name,
            )
        )
    if not steps:
        raise InputError(f"{where}: the recipe {title!r} has no instructions.")
    return Recipe(
        title=title,
        ingredients=tuple(parse_ingredient_line(line) for line in lines),
        steps=tuple(steps),
        yields=parse_yields(raw.yields),
        prep_seconds=raw.prep_seconds,
        cook_seconds=raw.cook_seconds,
        total_seconds=raw.total_seconds or _sum(raw.prep_seconds, raw.cook_seconds),
        description=clean_line(raw.description),
        author=clean_line(raw.author),
        source_url=raw.source_url.strip(),
        source_file=source_file,
        source_format=source_format,
    )


def looks_like_heading(text: str) -> bool:
    """Short lines without a sentence end ("Preparation", "For the sauce:") name a section."""
    return bool(_HEADING.match(text)) and len(text.split()) <= 4


def _sum(*parts: int | None) -> int | None:
    """Total time from prep and cook time when the recipe gives no total."""
    known = [p for p in parts if p]
    return sum(known) if known else None
