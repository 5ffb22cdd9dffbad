"""The building blocks the settings schema declares its fields with.

``Annotated[int, Range(0, 100)]`` and ``Annotated[str, Choice(options)]`` carry their rule with
the field, so the schema is the one place that says what a setting may hold; pydantic runs the
rules whenever settings are built (loading, ``dataclasses.replace``, the GUI, the CLI).
Scalars are strict: ``"loud"`` is not a volume and ``1`` is not ``true``.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, Strict
from pydantic_core import PydanticCustomError, core_schema

from .registry import Options, values

Text = Annotated[str, Strict()]
Flag = Annotated[bool, Strict()]
Whole = Annotated[int, Strict()]
Number = Annotated[float, Strict()]
"""Strict floats still take whole numbers (``volume = 1`` for 1.0), never text or booleans."""


def suggestion(word: str, candidates: tuple[str, ...] | list[str]) -> str:
    """`` — did you mean 'x'?`` for the closest candidate, or nothing."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Range:
    """A number from ``low`` to ``high`` inclusive (NaN is refused)."""

    low: float
    high: float

    def message(self, value: Any) -> str | None:
        """Why ``value`` breaks the rule, or None when it keeps it."""
        if isinstance(value, int | float) and (
            math.isnan(value) or not self.low <= value <= self.high
        ):
            return f"{value:g} is outside {self.low:g}..{self.high:g}"
        return None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._validate, handler(source))

    def _validate(self, value: Any) -> Any:
        problem = self.message(value)
        if problem:
            raise PydanticCustomError("outside_range", problem.replace("{", "{{"))
        return value


@dataclass(frozen=True)
class Choice:
    """One of ``options`` (see :mod:`pipelines.core.registry`).

    ``legacy`` maps values older versions wrote to what they mean now, so an old settings file
    still loads; ``paths`` also accepts a file name ending in that suffix (a custom model)."""

    options: Options
    legacy: dict[str, str] = field(default_factory=dict)
    paths: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        return values(self.options)

    def message(self, value: Any) -> str | None:
        if value in self.values or (self.paths and str(value).endswith(self.paths)):
            return None
        also = f" or a {self.paths} file" if self.paths else ""
        hint = suggestion(str(value), self.values)
        return f"{value!r} is not one of {', '.join(self.values)}{also}{hint}"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._validate, handler(source))

    def _validate(self, value: Any) -> Any:
        value = self.legacy.get(value, value)
        problem = self.message(value)
        if problem:
            raise PydanticCustomError("not_a_choice", problem.replace("{", "{{"))
        return value
