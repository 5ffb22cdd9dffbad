"""Reply templates from ``assets/replies/*.toml`` — wording lives in assets, not in logic.

A file holds tables of keys with one or more variants::

    [timer]
    started = ["{name} timer set for {duration}.", "Okay, {duration} on the {name} timer."]

``render("timer.started", ...)`` rotates through the variants so replies don't sound canned,
deterministically (the n-th use of a key gets the n-th variant).
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.derived_cache import cached_json
from ..core.errors import InputError
from ..core.paths import assets_dir

CACHE_FORMAT = 1
"""Version of the cached templates (key -> variants): a new one rebuilds them."""


class Replies:
    def __init__(self, folder: Path | None = None, cache_dir: Path | None = None) -> None:
        """``cache_dir``: where the parsed templates are kept as JSON, read ~10x faster than
        the TOML next time (rebuilt when a file changes: :mod:`..core.derived_cache`)."""
        self.folder = folder or assets_dir() / "replies"
        self.templates: dict[str, list[str]] = {}
        self._cycles: dict[str, Iterator[str]] = {}
        files = sorted(self.folder.glob("*.toml"))
        self.templates = cached_json(
            cache_dir, "replies", files, CACHE_FORMAT, lambda: self._parse(files), _templates
        )

    def _parse(self, files: list[Path]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        # lazy: start-up speed (tomllib loads only when the templates are not cached)
        import tomllib

        for path in files:
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise InputError(f"Reply templates {path.name} are not valid TOML: {exc}") from exc
            self._flatten(data, "")
        return self.templates, self.templates

    def _flatten(self, data: dict[str, Any], prefix: str) -> None:
        for key, value in data.items():
            full = f"{prefix}{key}"
            if isinstance(value, dict):
                self._flatten(value, full + ".")
            elif isinstance(value, str):
                self.templates[full] = [value]
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                self.templates[full] = list(value)
            else:
                raise InputError(f"Reply template {full!r} must be text or a list of texts")

    def has(self, key: str) -> bool:
        return key in self.templates

    def fields(self, key: str) -> set[str]:
        names: set[str] = set()
        for template in self.templates.get(key, []):
            names.update(f for _, f, _, _ in string.Formatter().parse(template) if f)
        return names

    def render(self, key: str, **values: Any) -> str:
        """A sentence: the template filled in, first letter capitalised."""
        text = self.fragment(key, **values)
        return text[:1].upper() + text[1:]

    def fragment(self, key: str, **values: Any) -> str:
        """Part of a sentence ("the pasta timer", "tomorrow at 07:30"): filled in, as written."""
        if key not in self.templates:
            raise KeyError(f"no reply template {key!r} in {self.folder}")
        if values.get("count") == 1 and f"{key}_one" in self.templates:
            key = f"{key}_one"  # "Clear the one item ...", never "Clear all 1 items ..."
        cycle = self._cycles.setdefault(key, itertools.cycle(self.templates[key]))
        template = next(cycle)
        return template.format(**values)


def _templates(data: Any) -> dict[str, list[str]]:
    """Cached templates as read back: key -> variants, each a text (else TypeError)."""
    if not isinstance(data, dict) or not all(
        isinstance(variants, list) and variants and all(isinstance(v, str) for v in variants)
        for variants in data.values()
    ):
        raise TypeError("not reply templates")
    return {str(key): list(variants) for key, variants in data.items()}
