"""Shopping, to-do and user-named lists in SQLite.

List names are normalised ("my shopping list" -> "shopping", "groceries" -> "shopping",
"todo" -> "to-do"); adding to a list that does not exist yet creates it. Items are unique per
list, compared case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import InputError
from ..language.normalize import strip_item_article
from .store_base import Store

if TYPE_CHECKING:
    pass

DEFAULT_LISTS = ("shopping", "to-do")
_ALIASES = {
    "shopping": "shopping", "grocery": "shopping", "groceries": "shopping",
    "shop": "shopping", "todo": "to-do", "to do": "to-do", "to-do": "to-do",
    "task": "to-do", "tasks": "to-do", "chores": "to-do",
}  # fmt: skip

_MIGRATIONS = [
    """
    CREATE TABLE IF NOT EXISTS lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS list_items (
        id INTEGER PRIMARY KEY,
        list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        added_at REAL NOT NULL,
        UNIQUE (list_id, item)
    );
    """
]


@dataclass(frozen=True)
class ListChange:
    list_name: str
    changed: tuple[str, ...]
    """Items added (or removed)."""
    unchanged: tuple[str, ...]
    """Items that were already there (or were not on the list)."""


def normalise_list_name(name: str | None) -> str:
    text = " ".join(str(name or "").lower().replace("_", " ").split())
    text = re.sub(r"^(?:the|my|our|a)\s+", "", text)
    text = re.sub(r"\s+list$", "", text).strip()
    if not text:
        return "shopping"
    return _ALIASES.get(text, text)


def normalise_item(item: str) -> str:
    text = " ".join(str(item).strip().strip(".,!?").split()).lower()
    return strip_item_article(text)


class ListStore(Store):
    component = "lists"
    migrations = _MIGRATIONS

    def names(self) -> list[str]:
        existing = [str(r[0]) for r in self.db.query("SELECT name FROM lists ORDER BY id")]
        return list(dict.fromkeys([*DEFAULT_LISTS, *existing]))

    def exists(self, name: str) -> bool:
        list_name = normalise_list_name(name)
        return list_name in DEFAULT_LISTS or self._list_id(list_name) is not None

    def items(self, name: str) -> list[str]:
        list_id = self._list_id(normalise_list_name(name))
        if list_id is None:
            return []
        rows = self.db.query(
            "SELECT item FROM list_items WHERE list_id = ? ORDER BY id", (list_id,)
        )
        return [str(r[0]) for r in rows]

    def add(self, name: str, items: Iterable[str]) -> ListChange:
        list_name = normalise_list_name(name)
        wanted = [i for i in dict.fromkeys(normalise_item(x) for x in items) if i]
        if not wanted:
            raise InputError("Tell me what to add, for example: add eggs to the shopping list.")
        added: list[str] = []
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO lists(name, created_at) VALUES (?, ?)",
                (list_name, self.clock()),
            )
            list_id = conn.execute("SELECT id FROM lists WHERE name = ?", (list_name,)).fetchone()[
                0
            ]
            for item in wanted:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO list_items(list_id, item, added_at) VALUES (?, ?, ?)",
                    (list_id, item, self.clock()),
                )
                if cur.rowcount:
                    added.append(item)
        if added:
            self._ledger("data_written", items=len(added))
        return ListChange(list_name, tuple(added), tuple(i for i in wanted if i not in added))

    def remove(self, name: str, items: Iterable[str]) -> ListChange:
        list_name = normalise_list_name(name)
        wanted = [i for i in dict.fromkeys(normalise_item(x) for x in items) if i]
        list_id = self._list_id(list_name)
        removed: list[str] = []
        if list_id is not None and wanted:
            with self.db.transaction() as conn:
                for item in wanted:
                    cur = conn.execute(
                        "DELETE FROM list_items WHERE list_id = ? AND item = ?", (list_id, item)
                    )
                    if cur.rowcount:
                        removed.append(item)
        if removed:
            self._ledger("data_deleted", items=len(removed))
        return ListChange(list_name, tuple(removed), tuple(i for i in wanted if i not in removed))

    def clear(self, name: str) -> int:
        list_id = self._list_id(normalise_list_name(name))
        if list_id is None:
            return 0
        with self.db.transaction() as conn:
            deleted = int(
                conn.execute("DELETE FROM list_items WHERE list_id = ?", (list_id,)).rowcount
            )
        if deleted:
            self._ledger("data_deleted", items=deleted)
        return deleted

    def delete(self, name: str) -> int:
        """Remove a list the user made, with its items (the built-in lists are only
        cleared); the number of items that went with it."""
        list_name = normalise_list_name(name)
        if list_name in DEFAULT_LISTS:
            return self.clear(list_name)
        list_id = self._list_id(list_name)
        if list_id is None:
            return 0
        with self.db.transaction() as conn:
            deleted = int(
                conn.execute("DELETE FROM list_items WHERE list_id = ?", (list_id,)).rowcount
            )
            conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))
        self._ledger("data_deleted", items=deleted + 1)
        return deleted

    def _list_id(self, list_name: str) -> int | None:
        value = self.db.scalar("SELECT id FROM lists WHERE name = ?", (list_name,))
        return None if value is None else int(value)
