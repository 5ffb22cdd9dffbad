"""What Homebody stores, how long it keeps it, and deleting it on request.

Each data category is declared once (tables, an optional timestamp column for retention, an
optional folder of files). The dashboard, ``homebody privacy report`` and
``homebody privacy forget`` all work from this one list. Capabilities add their category here.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import PrivacyError
from ..core.storage import Database
from .ledger import Ledger


@dataclass(frozen=True)
class DataCategory:
    name: str
    label: str
    description: str
    tables: tuple[str, ...] = ()
    time_column: str = ""
    """Column (unix seconds) that retention sweeps compare with; empty: kept until deleted."""
    files_subdir: str = ""
    """A folder below the data directory that belongs to this category (thumbnails...)."""


CATEGORIES: tuple[DataCategory, ...] = (
    DataCategory("timers", "Timers", "Running and finished timers", ("timers",)),
    DataCategory("alarms", "Alarms", "Alarms you set", ("alarms",)),
    DataCategory("reminders", "Reminders", "Reminders you asked for", ("reminders",)),
    DataCategory("lists", "Lists", "Shopping, to-do and your own lists", ("list_items", "lists")),
    DataCategory(
        "conversation",
        "Conversation context",
        'What Homebody remembers for a few minutes to follow up ("cancel it", "yes")',
        ("conversation_state",),
    ),
    DataCategory(
        "history",
        "Conversation history",
        "What you asked and what Homebody answered",
        ("history",),
        time_column="ts",
    ),
    DataCategory(
        "sightings",
        "Object sightings",
        "Where and when cameras last saw objects",
        ("sightings",),
        time_column="ts",
    ),
    DataCategory(
        "thumbnails",
        "Object thumbnails",
        "Small face-blurred crops of seen objects",
        files_subdir="thumbnails",
    ),
    DataCategory(
        "taught_objects",
        "Taught objects",
        "Reference photos of objects you taught",
        ("taught_objects",),
        files_subdir="taught_objects",
    ),
    DataCategory("recipes", "Recipes", "Your imported recipe library", ("recipes",)),
    DataCategory(
        "voice_profile",
        "Voice profile",
        "The speech model adapted to your voice (`homebody voice enrol`); no recordings are kept",
        files_subdir="voice_profile",
    ),
    DataCategory(
        "heard_commands",
        "Commands heard",
        "The words of spoken commands you accepted, and the speech model tuned with them "
        "(learning your household's commands); no recordings are kept",
        ("heard_commands",),
        time_column="ts",
        files_subdir="heard_commands",
    ),
    DataCategory(
        "nlu_examples",
        "Taught phrasings",
        "Phrasings you taught Homebody",
        ("nlu_examples",),
        files_subdir="nlu",
    ),
)


def category(name: str) -> DataCategory:
    for cat in CATEGORIES:
        if cat.name == name:
            return cat
    known = ", ".join(c.name for c in CATEGORIES)
    raise PrivacyError(f"Unknown data category {name!r}. Known categories: {known}")


@dataclass(frozen=True)
class CategoryUsage:
    category: DataCategory
    items: int
    bytes: int
    retention_days: int | None


class DataInventory:
    def __init__(
        self,
        db: Database,
        data_dir: Path,
        ledger: Ledger,
        retention_days: dict[str, int] | None = None,
    ) -> None:
        self.db = db
        self.data_dir = data_dir
        self.ledger = ledger
        self.retention_days = dict(retention_days or {})

    def _existing(self, tables: tuple[str, ...]) -> list[str]:
        present = set(self.db.tables())
        return [t for t in tables if t in present]

    def _files(self, cat: DataCategory) -> list[Path]:
        if not cat.files_subdir:
            return []
        folder = self.data_dir / cat.files_subdir
        return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []

    def usage(self, cat: DataCategory) -> CategoryUsage:
        items = 0
        size = 0
        for table in self._existing(cat.tables):
            items += int(self.db.scalar(f'SELECT COUNT(*) FROM "{table}"') or 0)
            size += (
                int(self.db.scalar("SELECT SUM(pgsize) FROM dbstat WHERE name = ?", (table,)) or 0)
                if _has_dbstat(self.db)
                else 0
            )
        files = self._files(cat)
        if not cat.tables:
            items += len(files)
        size += sum(p.stat().st_size for p in files)
        return CategoryUsage(cat, items, size, self.retention_days.get(cat.name))

    def report(self) -> list[CategoryUsage]:
        return [self.usage(cat) for cat in CATEGORIES]

    def forget(self, name: str) -> int:
        """Delete everything in one category; returns how many items were deleted.

        Raises :class:`PrivacyError` if anything is left afterwards (the re-count proves it).
        """
        cat = category(name)
        before = self.usage(cat).items
        with self.db.transaction() as conn:
            for table in self._existing(cat.tables):
                conn.execute(f'DELETE FROM "{table}"')
        if cat.files_subdir:  # the folder and any staging/backup copy of it ("<folder>.old")
            for folder in [self.data_dir / cat.files_subdir,
                           *self.data_dir.glob(f"{cat.files_subdir}.*")]:  # fmt: skip
                shutil.rmtree(folder, ignore_errors=True)
        self.db.query("PRAGMA wal_checkpoint(TRUNCATE)")  # read to the end: not left running
        after = self.usage(cat).items
        self.ledger.record("data_deleted", cat.name, items=before, remaining=after, reason="user")
        if after:
            raise PrivacyError(f"{after} {cat.label.lower()} items could not be deleted")
        return before

    def forget_all(self) -> dict[str, int]:
        deleted = {cat.name: self.forget(cat.name) for cat in CATEGORIES}
        self.db.execute("VACUUM")
        return deleted

    def sweep(self, now: float | None = None) -> dict[str, int]:
        """Delete rows older than each category's retention period."""
        now = time.time() if now is None else now
        removed: dict[str, int] = {}
        for cat in CATEGORIES:
            days = self.retention_days.get(cat.name)
            if not days:
                continue
            cutoff = now - days * 86400
            count = 0
            if cat.time_column:
                with self.db.transaction() as conn:
                    for table in self._existing(cat.tables):
                        cur = conn.execute(
                            f'DELETE FROM "{table}" WHERE "{cat.time_column}" < ?', (cutoff,)
                        )
                        count += cur.rowcount
            elif not cat.tables:  # a folder of files: their modification time is their age
                for path in self._files(cat):
                    if path.stat().st_mtime < cutoff:
                        path.unlink(missing_ok=True)
                        count += 1
            if count and cat.tables and cat.files_subdir:
                # files built from the rows (the household LM from the commands heard) still
                # hold the expired rows' words: drop them, the next build uses what is left
                for path in self._files(cat):
                    path.unlink(missing_ok=True)
            if count:
                removed[cat.name] = count
                self.ledger.record("data_deleted", cat.name, items=count, reason="retention")
        return removed


def _has_dbstat(db: Database) -> bool:
    try:
        db.scalar("SELECT COUNT(*) FROM dbstat LIMIT 1")
    except Exception:
        return False
    return True
