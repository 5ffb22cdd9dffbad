"""A parsed recipe: ingredients with quantities and units, steps with times and temperatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .step_facts import Duration, Temperature
from .yields import Yields


@dataclass(frozen=True)
class Amount:
    quantity: float
    quantity_max: float | None
    """The top of a range ("2-3 cups"), else None."""
    unit: str
    """Canonical unit ("cup", "tablespoon", "gram"), a countable word ("clove"), or ""."""

    def to_dict(self) -> dict[str, Any]:
        return {"quantity": self.quantity, "quantity_max": self.quantity_max, "unit": self.unit}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Amount:
        high = data.get("quantity_max")
        return cls(
            float(data["quantity"]), None if high is None else float(high), str(data["unit"])
        )


@dataclass(frozen=True)
class Ingredient:
    text: str
    """The line as the recipe wrote it."""
    name: str
    amounts: tuple[Amount, ...] = ()
    """The first is the main amount; others are alternatives ("1 cup (167g)")."""
    preparation: str = ""
    comment: str = ""

    @property
    def amount(self) -> Amount | None:
        return self.amounts[0] if self.amounts else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "amounts": [a.to_dict() for a in self.amounts],
            "preparation": self.preparation,
            "comment": self.comment,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ingredient:
        return cls(
            str(data["text"]),
            str(data["name"]),
            tuple(Amount.from_dict(a) for a in data.get("amounts", [])),
            str(data.get("preparation", "")),
            str(data.get("comment", "")),
        )


_TRAILING = frozenset(
    {"a", "an", "the", "in", "of", "to", "and", "or", "with", "into", "on", "for", "at", "by"}
)


@dataclass(frozen=True)
class Step:
    number: int
    """1-based, as read aloud ("step 3")."""
    text: str
    durations: tuple[Duration, ...] = ()
    temperatures: tuple[Temperature, ...] = ()
    section: str = ""
    title: str = ""
    """The step's own short name when the recipe gives one ("Build your roux")."""

    @property
    def short_name(self) -> str:
        """A few words naming the step, for timers: "step 4: arrange the mixture"."""
        head: list[str] = []
        for word in (self.title or self.text).split()[:6]:
            head.append(word.rstrip(".,;:!"))
            if word[-1:] in ".,;:!":
                break
        while head and head[-1].lower() in _TRAILING:
            head.pop()
        return f"step {self.number}: {' '.join(head)}" if head else f"step {self.number}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "section": self.section,
            "title": self.title,
            "durations": [d.to_dict() for d in self.durations],
            "temperatures": [t.to_dict() for t in self.temperatures],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(
            int(data["number"]),
            str(data["text"]),
            tuple(Duration.from_dict(d) for d in data.get("durations", [])),
            tuple(Temperature.from_dict(t) for t in data.get("temperatures", [])),
            str(data.get("section", "")),
            str(data.get("title", "")),
        )


@dataclass(frozen=True)
class Recipe:
    title: str
    ingredients: tuple[Ingredient, ...]
    steps: tuple[Step, ...]
    yields: Yields | None = None
    prep_seconds: int | None = None
    cook_seconds: int | None = None
    total_seconds: int | None = None
    description: str = ""
    author: str = ""
    source_url: str = ""
    """Where the page said it came from (never fetched)."""
    source_file: str = ""
    source_format: str = ""
    """"json-ld", "microdata", "recipe-scrapers:<Site>", "page-text", "json", "text"."""

    @property
    def needs_check(self) -> bool:
        """Read from a page's text without structured data: the user should look it over."""
        return self.source_format == "page-text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "ingredients": [i.to_dict() for i in self.ingredients],
            "steps": [s.to_dict() for s in self.steps],
            "yields": self.yields.to_dict() if self.yields else None,
            "prep_seconds": self.prep_seconds,
            "cook_seconds": self.cook_seconds,
            "total_seconds": self.total_seconds,
            "description": self.description,
            "author": self.author,
            "source_url": self.source_url,
            "source_file": self.source_file,
            "source_format": self.source_format,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        return cls(
            title=str(data["title"]),
            ingredients=tuple(Ingredient.from_dict(i) for i in data["ingredients"]),
            steps=tuple(Step.from_dict(s) for s in data["steps"]),
            yields=Yields.from_dict(data["yields"]) if data.get("yields") else None,
            prep_seconds=data.get("prep_seconds"),
            cook_seconds=data.get("cook_seconds"),
            total_seconds=data.get("total_seconds"),
            description=str(data.get("description", "")),
            author=str(data.get("author", "")),
            source_url=str(data.get("source_url", "")),
            source_file=str(data.get("source_file", "")),
            source_format=str(data.get("source_format", "")),
        )
