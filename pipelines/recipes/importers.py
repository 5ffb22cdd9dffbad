"""Read recipes from files and downloaded pages: web pages, JSON-LD/JSON, text and Markdown.

Nothing here touches the network: a web page is read by recipe-scrapers (the site's own
scraper, else its schema.org ``Recipe``) and, failing that, by the page-text reader
(:mod:`.page_text`); links and images in it are never fetched. Every failure is an
:class:`InputError` that names the file and says what to do, and nothing is half-imported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class FileScan:
    files: tuple[Path, ...]
    """The files to read: those named, and the recipe files anywhere under named folders."""
    in_folders: frozenset[Path]
    """Files found by looking in a folder (not named by the user)."""
    skipped: tuple[str, ...]
    """What a folder held that is not read, said for the user: "3 .pdf files in Downloads"."""


def scan_files(paths: Sequence[Path | str]) -> FileScan:
    """Files as given; a folder stands for the recipe files in it and its subfolders (hidden
    folders and files are left out). A folder with no recipe file is an InputError."""
    suffixes = HTML_SUFFIXES | JSON_SUFFIXES | TEXT_SUFFIXES
    files: list[Path] = []
    found: set[Path] = set()
    skipped: list[str] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        inside = [p for p in sorted(path.rglob("*")) if p.is_file() and not _hidden(p, path)]
        recipes = [p for p in inside if p.suffix.lower() in suffixes]
        if not recipes:
            other = f" (it holds {_kinds(inside)})" if inside else " (it is empty)"
            raise InputError(f"No recipe files found in {path}{other}. Homebody reads {SUPPORTED}.")
        others = [p for p in inside if p.suffix.lower() not in suffixes]
        if others:
            skipped.append(f"{_kinds(others)} in {path}")
        files.extend(recipes)
        found.update(recipes)
    return FileScan(tuple(files), frozenset(found), tuple(skipped))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _kinds(paths: Sequence[Path]) -> str:
    """ "3 .pdf files and 1 .jpg file"."""
    counts = Counter(p.suffix.lower() or "(no suffix)" for p in paths)
    said = [f"{n} {kind} file{'s' if n > 1 else ''}" for kind, n in counts.most_common()]
    return ", ".join(said[:-1]) + f" and {said[-1]}" if len(said) > 1 else said[0]


def parse_files(paths: Sequence[Path | str]) -> list[Recipe]:
    """Every recipe in the files (folders: the recipe files in them); if any file fails,
    one InputError naming each bad file, and nothing is returned."""
    return read_files(paths)[0]


def read_files(paths: Sequence[Path | str]) -> tuple[list[Recipe], list[str]]:
    """The recipes in the files, and notes on what was left out. A named file that fails is
    an InputError (nothing is returned); a file found in a folder that holds no recipe (a
    sidecar .json, a page without one) is left out and noted, so one stray file does not
    stop a folder import."""
    scan = scan_files(paths)
    parsed: list[Recipe] = []
    errors: list[str] = []
    notes = [f"skipped {what} (not recipe files)" for what in scan.skipped]
    unread: list[Path] = []
    for path in scan.files:
        try:
            parsed.extend(load_recipe_file(path))
        except InputError as exc:
            if path not in scan.in_folders:
                errors.append(exc.message)
                continue
            unread.append(path)
            if len(unread) <= 3:  # the reasons for the first few; then their names
                notes.append(f"skipped: {exc.message.removesuffix(' Nothing was imported.')}")
    if len(unread) > 3:
        names = ", ".join(p.name for p in unread[3:6]) + (", …" if len(unread) > 6 else "")
        notes.append(f"skipped {len(unread) - 3} more files with no recipe in them: {names}")
    if errors:
        more = "\nNo recipes were imported (fix or leave out the files above)."
        raise InputError("\n".join(errors) + (more if len(paths) > 1 else ""))
    if not parsed and scan.in_folders:
        raise InputError("\n".join([*notes, "No recipes were found in the folder."]))
    return parsed, notes
