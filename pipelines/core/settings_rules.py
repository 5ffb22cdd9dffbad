"""The building blocks the settings schema declares its fields with.

``Annotated[int, Range(0, 100)]`` and ``Annotated[str, Choice(options)]`` carry their rule with
the field, so the schema is the one place that says what a setting may hold. Scalars are
strict: ``"loud"`` is not a volume and ``1`` is not ``true``.

Two validators read these rules, neither keeping a copy of them:

- loading (a TOML file, the GUI's form, a command-line flag) goes through pydantic
  (:mod:`pipelines.core.settings`), which converts tables and lists and names every bad
  setting at once; the markers here tell it how (``__get_pydantic_core_schema__``);
- building a section in code (``Settings()``, ``dataclasses.replace``) is checked by
  :class:`Checked` in plain Python, so the schema stays free of pydantic: the classes import
  in a few milliseconds, and ``homebody ask`` with default settings never imports pydantic.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from .errors import SettingsError
from .registry import Options, values


@dataclass(frozen=True)
class Strict:
    """No conversion: text stays text, ``1`` is not ``true`` (floats still take whole numbers)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["strict"] = True
        return schema


Text = Annotated[str, Strict()]
Flag = Annotated[bool, Strict()]
Whole = Annotated[int, Strict()]
Number = Annotated[float, Strict()]
"""Strict floats still take whole numbers (``volume = 1`` for 1.0), never text or booleans."""


def suggestion(word: str, candidates: tuple[str, ...] | list[str]) -> str:
    """`` — did you mean 'x'?`` for the closest candidate, or nothing."""
    import difflib  # lazy: start-up speed (only a mistyped key needs it)

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


def _after(rule: Any, handler: Any, source: Any) -> Any:
    """A pydantic schema that runs ``rule`` after ``source``'s own validation."""
    # lazy: start-up speed (pydantic loads only when settings are validated from data)
    from pydantic_core import PydanticCustomError, core_schema

    def validate(value: Any) -> Any:
        value = rule.legacy.get(value, value) if isinstance(rule, Choice) else value
        problem = rule.message(value)
        if problem:
            raise PydanticCustomError(rule.code, problem.replace("{", "{{"))
        return value

    return core_schema.no_info_after_validator_function(validate, handler(source))


@dataclass(frozen=True)
class Range:
    """A number from ``low`` to ``high`` inclusive (NaN is refused)."""

    low: float
    high: float
    code: ClassVar[str] = "outside_range"

    def message(self, value: Any) -> str | None:
        """Why ``value`` breaks the rule, or None when it keeps it."""
        if isinstance(value, int | float) and (
            math.isnan(value) or not self.low <= value <= self.high
        ):
            return f"{value:g} is outside {self.low:g}..{self.high:g}"
        return None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return _after(self, handler, source)


@dataclass(frozen=True)
class Choice:
    """One of ``options`` (see :mod:`pipelines.core.registry`).

    ``legacy`` maps values older versions wrote to what they mean now, so an old settings file
    still loads; ``paths`` also accepts a file name ending in that suffix (a custom model)."""

    options: Options
    legacy: dict[str, str] = field(default_factory=dict)
    paths: str = ""
    code: ClassVar[str] = "not_a_choice"

    @property
    def values(self) -> tuple[str, ...]:
        return values(self.options)

    def message(self, value: Any) -> str | None:
        if value in self.values or (self.paths and str(value).endswith(self.paths)):
            return None
        also = f" or a {self.paths} file" if self.paths else ""
        hint = suggestion(str(value), self.values)
        return f"{value!r} is not one of {', '.join(self.values)}{also}{hint}"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return _after(self, handler, source)


_SCALARS: dict[Any, tuple[tuple[type, ...], str]] = {
    str: ((str,), "expected text"),
    bool: ((bool,), "expected true or false"),
    int: ((int,), "expected a whole number"),
    float: ((int, float), "expected a number"),
}


def problem(value: Any, hint: Any) -> str | None:
    """Why ``value`` is not a valid ``hint`` (a schema field type), or None."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Annotated:
        rules = [m for m in args[1:] if isinstance(m, Range | Choice)]
        return problem(value, args[0]) or next(
            filter(None, (r.message(value) for r in rules)), None
        )
    if hint in _SCALARS:
        kinds, expected = _SCALARS[hint]
        ok = isinstance(value, kinds) and (hint is bool or not isinstance(value, bool))
        return None if ok else f"{expected}, got {value!r}"
    if origin in (tuple, list):
        if not isinstance(value, origin):
            return f"expected a {origin.__name__}, got {value!r}"
        found = (problem(item, args[0]) for item in value)
        return next(filter(None, found), None)
    if origin is dict:
        if not isinstance(value, dict):
            return f"expected a table, got {value!r}"
        found = (problem(k, args[0]) or problem(v, args[1]) for k, v in value.items())
        return next(filter(None, found), None)
    if isinstance(hint, type) and not isinstance(value, hint):
        return f"expected {hint.__name__}, got {value!r}"
    return None


def structure(hint: Any, value: Any) -> Any:
    """``value`` (TOML data pydantic accepted before) built as ``hint`` the way pydantic
    builds it: tables as sections, lists as tuples, whole numbers as floats where a number
    is declared. It converts, it does not judge: building a section still runs its checks."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Annotated:
        return structure(args[0], value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = field_hints(hint)
        return hint(**{name: structure(hints[name], item) for name, item in value.items()})
    if origin in (tuple, list):
        return origin(structure(args[0], item) for item in value)
    if origin is dict:
        return {key: structure(args[1], item) for key, item in value.items()}
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def field_hints(cls: type) -> dict[str, Any]:
    """``cls``'s fields and their declared types, rules included (cached per class). The
    schema module keeps its annotations evaluated (no ``from __future__ import annotations``),
    which spares ``typing.get_type_hints`` (~1 ms per class) on every start."""
    if cls not in _HINTS:
        fields = dataclasses.fields(cls)
        if any(isinstance(item.type, str) for item in fields):
            _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
        else:
            _HINTS[cls] = {item.name: item.type for item in fields}
    return _HINTS[cls]


class Checked:
    """Base of the schema's sections: building one in code checks every field's type and rule
    (and maps legacy choices), raising :class:`SettingsError`; pydantic reads the config."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __post_init__(self) -> None:
        problems = []
        hints = field_hints(type(self))
        for item in dataclasses.fields(self):  # type: ignore[arg-type]
            hint = hints[item.name]
            value = getattr(self, item.name)
            for rule in typing.get_args(hint)[1:]:
                if isinstance(rule, Choice) and value in rule.legacy:
                    value = rule.legacy[value]
                    object.__setattr__(self, item.name, value)
            found = problem(value, hint)
            if found:
                problems.append(f"{item.name}: {found}")
        if problems:
            raise SettingsError(f"{type(self).__name__}: " + "; ".join(problems))
