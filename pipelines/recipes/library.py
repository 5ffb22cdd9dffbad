"""The recipe library: parsed recipes in SQLite, full-text search (FTS5), duplicates detected.

Tables (component "recipes"): ``recipes`` (one row per recipe, the parsed recipe as JSON),
``recipes_fts`` (title, ingredients and steps for search; kept in step by triggers) and
``recipe_session`` (the one active cooking session; see :mod:`.session`). Deleting a recipe
row removes its search entry and any session on it, so "forget recipes" leaves nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InputError, StorageError
from ..core.storage import Database
from .model import Recipe
from .schema import MIGRATIONS

if TYPE_CHECKING:
    from ..privacy.ledger import Ledger

_WORD = re.compile(r"\w+", re.UNICODE)
CHECK_NOTE = "imported without structured data - check it"


@dataclass(frozen=True)
class RecipeSummary:
    id: int
    title: str
    ingredients: int
    steps: int
    yields: str
    source_file: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "ingredients": self.ingredients,
            "steps": self.steps,
            "yields": self.yields,
            "source_file": self.source_file,
        }


@dataclass(frozen=True)
class ImportResult:
    id: int
    title: str
    source_file: str
    duplicate: bool
    """True when the library already had this recipe (``id`` is the existing one)."""
    note: str = ""
    """CHECK_NOTE when the page had no structured data."""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "source_file": self.source_file,
            "duplicate": self.duplicate,
            "note": self.note,
        }


def fingerprint(recipe: Recipe) -> str:
    """Same title and same ingredient lines (ignoring case, spacing, punctuation) = same recipe."""

    def norm(text: str) -> str:
        return " ".join(_WORD.findall(text.lower()))

    lines = sorted(norm(i.text) for i in recipe.ingredients)
    return hashlib.sha256("\n".join([norm(recipe.title), *lines]).encode()).hexdigest()


class RecipeLibrary:
    def __init__(self, db: Database, ledger: Ledger | None = None) -> None:
        self.db = db
        self.ledger = ledger
        db.migrate("recipes", MIGRATIONS)

    # -- import ----------------------------------------------------------------------------
    def import_files(self, paths: Sequence[Path | str]) -> list[ImportResult]:
        """Parse every file first; if any fails, raise one InputError and store nothing."""
        # lazy: start-up speed (.importers, the page and text parsers, load only when
        # import_files() runs: a question about a stored recipe never parses a page)
        from .importers import parse_files

        return self.add_all(parse_files(paths))

    # -- storing ---------------------------------------------------------------------------
    def add_all(self, recipes: Iterable[Recipe]) -> list[ImportResult]:
        results: list[ImportResult] = []
        now = time.time()
        with self.db.transaction() as conn:
            for recipe in recipes:
                key = fingerprint(recipe)
                row = conn.execute(
                    "SELECT id FROM recipes WHERE fingerprint = ?", (key,)
                ).fetchone()
                if row is not None:
                    results.append(
                        ImportResult(int(row[0]), recipe.title, recipe.source_file, True)
                    )
                    continue
                cur = conn.execute(
                    "INSERT INTO recipes(title, fingerprint, source_file, source_url, data, "
                    "imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        recipe.title,
                        key,
                        recipe.source_file,
                        recipe.source_url,
                        json.dumps(recipe.to_dict(), ensure_ascii=False),
                        now,
                    ),
                )
                recipe_id = int(cur.lastrowid or 0)
                conn.execute(
                    "INSERT INTO recipes_fts(rowid, title, ingredients, instructions) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        recipe_id,
                        recipe.title,
                        "\n".join(f"{i.name} {i.text}" for i in recipe.ingredients),
                        "\n".join(s.text for s in recipe.steps),
                    ),
                )
                note = CHECK_NOTE if recipe.needs_check else ""
                results.append(
                    ImportResult(recipe_id, recipe.title, recipe.source_file, False, note)
                )
        added = sum(1 for r in results if not r.duplicate)
        if added and self.ledger is not None:
            self.ledger.record("data_written", "recipes", items=added)
        return results

    def add(self, recipe: Recipe) -> ImportResult:
        return self.add_all([recipe])[0]

    # -- reading ---------------------------------------------------------------------------
    def get(self, recipe_id: int) -> Recipe:
        data = self.db.scalar("SELECT data FROM recipes WHERE id = ?", (recipe_id,))
        if data is None:
            raise InputError(
                f"There is no recipe number {recipe_id} in your library. "
                "See them with: homebody recipe list"
            )
        try:
            return Recipe.from_dict(json.loads(data))
        except (ValueError, KeyError, TypeError) as exc:
            raise StorageError(
                f"Recipe {recipe_id} in the database is damaged: {exc}. "
                "Delete it and import it again."
            ) from exc

    def summaries(self, ids: Sequence[int] | None = None) -> list[RecipeSummary]:
        rows = self.db.query("SELECT id, data FROM recipes ORDER BY title COLLATE NOCASE, id")
        wanted = None if ids is None else set(ids)
        out: dict[int, RecipeSummary] = {}
        for row in rows:
            if wanted is not None and row["id"] not in wanted:
                continue
            data = json.loads(row["data"])
            recipe = Recipe.from_dict(data)
            out[int(row["id"])] = RecipeSummary(
                int(row["id"]),
                recipe.title,
                len(recipe.ingredients),
                len(recipe.steps),
                recipe.yields.describe() if recipe.yields else "",
                recipe.source_file,
            )
        if ids is None:
            return list(out.values())
        return [out[i] for i in ids if i in out]

    def count(self) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM recipes") or 0)

    def search(self, query: str, limit: int = 10, *, column: str = "") -> list[int]:
        """Recipe ids best first: every word in the title, then every word anywhere (the FTS5
        porter tokenizer matches "cookie" with "cookies")."""
        words = [w for w in _WORD.findall(query.lower()) if len(w) > 1 and w not in _STOPWORDS]
        if not words:
            return []
        quoted = [f'"{w}"' for w in words]
        found: list[int] = []
        every = " AND ".join(quoted)
        if column not in ("", "title", "ingredients", "instructions"):
            raise ValueError(f"no search column {column!r}")
        forms = [f"{column} : ({every})"] if column else [f"title : ({every})", every]
        for match in forms:
            rows = self.db.query(
                "SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ? ORDER BY bm25("
                "recipes_fts, 10.0, 2.0, 1.0) LIMIT ?",
                (match, limit),
            )
            found.extend(int(r[0]) for r in rows if int(r[0]) not in found)
            if len(found) >= limit:
                break
        return found[:limit]

    def resolve(self, id_or_title: str | int) -> int:
        """A recipe id from an id, an exact title or the best search match."""
        text = str(id_or_title).strip()
        if text.isdigit():
            recipe_id = int(text)
            if self.db.scalar("SELECT 1 FROM recipes WHERE id = ?", (recipe_id,)) is None:
                raise InputError(
                    f"There is no recipe number {recipe_id}. "
                    "See your recipes with: homebody recipe list"
                )
            return recipe_id
        exact = self.db.scalar(
            "SELECT id FROM recipes WHERE title = ? COLLATE NOCASE ORDER BY id LIMIT 1", (text,)
        )
        if exact is not None:
            return int(exact)
        hits = self.search(text, limit=1)
        if not hits:
            raise InputError(
                f"No recipe in your library matches {text!r}. "
                "See your recipes with: homebody recipe list"
            )
        return hits[0]

    def delete(self, recipe_id: int) -> bool:
        with self.db.transaction() as conn:
            deleted = conn.execute("DELETE FROM recipes WHERE id = ?", (recipe_id,)).rowcount
        if deleted and self.ledger is not None:
            self.ledger.record("data_deleted", "recipes", items=deleted, reason="user")
        return bool(deleted)


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "with",
        "for",
        "to",
        "in",
        "on",
        "my",
        "our",
        "recipe",
        "recipes",
        "make",
        "let",
        "lets",
        "let's",
        "cook",
        "some",
    ]
)
