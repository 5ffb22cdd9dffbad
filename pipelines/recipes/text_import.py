"""Plain-text and Markdown recipes: a title, an ingredients section and a steps section.

Recognised layout (Markdown headings, "Ingredients:" lines and bullets all work)::

    # Pumpkin Pie
    Serves 8
    Prep time: 20 minutes

    ## Ingredients
    - 1 can (15 oz) pumpkin puree
    - 2 eggs

    ## Instructions
    1. Preheat the oven to 425°F.
    2. Bake for 15 minutes.
"""

from __future__ import annotations

import re

from ..core.errors import InputError
from .build import RawRecipe
from .step_facts import find_durations

_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*([^#*_][^*_]*?)\s*(?:\*\*|__)?\s*:?\s*$")
_INGREDIENTS = re.compile(
    r"^(?:ingredients?|you(?:'ll)? need|what you need|shopping list)\b", re.IGNORECASE
)
_STEPS = re.compile(
    r"^(?:instructions?|directions?|method|steps?|preparation|how to make( it)?)\b", re.IGNORECASE
)
_STOP = re.compile(r"^(?:notes?|tips?|nutrition|storage|variations?)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•+]\s+|\d+[.)]\s+|step\s+\d+\s*[:.)-]?\s*)", re.IGNORECASE)
_YIELD_LINE = re.compile(
    r"^\s*(?:serves|servings|yield|yields|makes)\b\s*:?\s*(.+)$", re.IGNORECASE
)
_TIME_LINE = re.compile(
    r"^\s*(prep|cook|cooking|baking|total)(?: time)?\s*:\s*(.+)$", re.IGNORECASE
)


def raw_from_text(text: str, *, where: str) -> RawRecipe:
    lines = [line.rstrip() for line in text.splitlines()]
    title = ""
    section = "head"
    ingredients: list[str] = []
    steps: list[tuple[str, str, str]] = []
    step_section = ""
    yields: str | None = None
    times: dict[str, int] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        heading = _heading(stripped)
        if heading is not None:
            if _INGREDIENTS.match(heading):
                section = "ingredients"
                continue
            if _STEPS.match(heading):
                section = "steps"
                continue
            if _STOP.match(heading):
                section = "notes"
                continue
            if not title and section == "head":
                title = heading
                continue
            if section in ("ingredients", "steps") and stripped.startswith("#"):
                step_section = heading if section == "steps" else step_section
                continue
        if section == "head":
            yield_match = _YIELD_LINE.match(stripped)
            time_match = _TIME_LINE.match(stripped)
            if yield_match:
                yields = stripped if stripped.lower().startswith("serves") else yield_match.group(1)
            elif time_match:
                found = find_durations(time_match.group(2))
                if found:
                    key = {"cooking": "cook", "baking": "cook"}.get(
                        time_match.group(1).lower(), time_match.group(1).lower()
                    )
                    times[key] = found[0].seconds
            elif not title:
                title = stripped.lstrip("#").strip()
        elif section == "ingredients":
            if stripped.endswith(":") and not any(ch.isdigit() for ch in stripped):
                continue  # a group heading inside the list: "For the sauce:"
            ingredients.append(_BULLET.sub("", stripped))
        elif section == "steps":
            steps.append((step_section, _BULLET.sub("", stripped), ""))
    if not ingredients or not steps:
        raise InputError(
            f"{where}: this text does not look like a recipe. Homebody needs a title line, "
            "an 'Ingredients' heading with one ingredient per line and an 'Instructions' "
            "(or 'Directions', 'Method', 'Steps') heading with the steps. Nothing was imported."
        )
    return RawRecipe(
        title=title,
        ingredient_lines=ingredients,
        steps=steps,
        yields=yields,
        prep_seconds=times.get("prep"),
        cook_seconds=times.get("cook"),
        total_seconds=times.get("total"),
    )


def _heading(line: str) -> str | None:
    """The heading text of a Markdown heading, bold line or "Ingredients:" line, else None."""
    if line.startswith("#") or (line.startswith(("**", "__")) and line.endswith(("**", "__", ":"))):
        match = _HEADING.match(line)
        return match.group(1).strip() if match else line.strip("#*_: ")
    bare = line.rstrip(":").strip()
    if (_INGREDIENTS.match(bare) or _STEPS.match(bare) or _STOP.match(bare)) and (
        line.endswith(":") or len(bare.split()) <= 3
    ):
        return bare
    return None
