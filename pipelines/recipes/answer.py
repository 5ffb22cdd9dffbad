"""An answer about a recipe: a reply template key, its values, and facts for JSON/tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    key: str
    """Reply template key below ``recipes.`` ("ingredient_amount", "no_recipe"...)."""
    values: Mapping[str, Any] = field(default_factory=dict)
    action: str = ""
    success: bool = True
    data: Mapping[str, Any] = field(default_factory=dict)
