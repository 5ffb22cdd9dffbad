"""Read recipes from files and downloaded pages: web pages, JSON-LD/JSON, text and Markdown.

Nothing here touches the network: a web page is read by recipe-scrapers (the site's own
scraper, else its schema.org ``Recipe``) and, failing that, by the page-text reader
(:mod:`.page_text`); links and images in it are never fetched. Every failure is an
:class:`InputError` that names the file and says what to do, and nothing is half-imported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from .build import build_recipe
from .model import Recipe
from .schema_org import find_recipes, raw_from_schema
from .scraped import raw_from_html
from .text_import import raw_from_text

MAX_FILE_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".testhtml", ".shtml"}
JSON_SUFFIXES = {".json", ".jsonld"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
SUPPORTED = "saved web pages (.html), JSON-LD (.jsonld/.json), text (.txt) or Markdown (.md)"


def load_recipe_file(path: Path | str) -> list[Recipe]:
    """Every recipe in the file, fully parsed; raises InputError if there is none."""
    path = Path(path)
    where = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not path.is_file():
        raise InputError(f"{path} is not a file. Give the path of a saved recipe.")
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{where} is {size // (1024 * 1024)} MB, too large for a recipe "
            f"(limit {MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    return load_recipe_bytes(data, name=where, suffix=path.suffix.lower())


def load_recipe_bytes(data: bytes, *, name: str, suffix: str = "", url: str = "") -> list[Recipe]:
    """Every recipe in ``data``; ``url`` is where a downloaded page came from."""
    if b"\x00" in data[:4096]:
        raise InputError(f"{name} is a binary file, not a recipe. Homebody reads {SUPPORTED}.")
    text = data.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise InputError(f"{name} is empty. Nothing was imported.")
    kind = _kind(suffix, text)
    if kind == "html":
        raw, found_as = raw_from_html(text, name=name, url=url)
        return [build_recipe(raw, source_file=name, source_format=found_as)]
    if kind == "json":
        return [
            build_recipe(raw_from_schema(node), source_file=name, source_format="json-ld")
            for node in _from_json(text, name)
        ]
    if kind == "text":
        return [
            build_recipe(raw_from_text(text, where=name), source_file=name, source_format="text")
        ]
    raise InputError(
        f"{name}: unsupported file type {suffix or '(none)'}. Homebody reads {SUPPORTED}."
    )


def _kind(suffix: str, text: str) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<!--", "<meta")):
        return "html"
    if head.startswith(("{", "[")):
        return "json"
    return "unsupported" if suffix else "text"


def _from_json(text: str, name: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Nothing was imported."
        ) from exc
    except RecursionError as exc:
        raise InputError(f"{name} is nested too deeply to be a recipe.") from exc
    nodes = list(find_recipes(document))
    if not nodes:
        raise InputError(
            f'{name} holds JSON but no schema.org Recipe (an object with "@type": '
            '"Recipe"). Nothing was imported.'
        )
    return nodes


def expand_folders(paths: Sequence[Path | str]) -> list[Path]:
    """Files as given; a folder stands for the recipe files directly inside it."""
    suffixes = HTML_SUFFIXES | JSON_SUFFIXES | TEXT_SUFFIXES
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in suffixes)
        else:
            out.append(path)
    return out


def parse_files(paths: Sequence[Path | str]) -> list[Recipe]:
    """Every recipe in the files (folders: the recipe files in them); if any file fails,
    one InputError naming each bad file, and nothing is returned."""
    parsed: list[Recipe] = []
    errors: list[str] = []
    for path in expand_folders(paths):
        try:
            parsed.extend(load_recipe_file(path))
        except InputError as exc:
            errors.append(exc.message)
    if errors:
        more = "\nNo recipes were imported (fix or leave out the files above)."
        raise InputError("\n".join(errors) + (more if len(paths) > 1 else ""))
    return parsed
