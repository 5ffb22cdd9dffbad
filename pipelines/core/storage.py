"""One SQLite database for everything Homebody keeps.

- WAL journal and ``synchronous=FULL``: a process killed at any moment loses nothing that was
  committed, and readers never block the writer.
- Versioned migrations per component: each capability (timers, lists, sightings, recipes...)
  owns an ordered list of SQL steps and calls :meth:`Database.migrate` before use. Applied
  versions live in ``schema_migrations``; a step runs in the same transaction that records it.
- One connection shared across threads behind a lock; use :meth:`transaction` for writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import MigrationError, StorageError

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at REAL NOT NULL,
    PRIMARY KEY (component, version)
)
"""


class Database:
    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self._lock = threading.RLock()
        try:
            if str(path) != ":memory:" and not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                _owner_only(self.path)
            uri = f"file:{self.path}?mode=ro" if read_only else str(path)
            self._conn = sqlite3.connect(
                uri,
                uri=read_only,
                check_same_thread=False,
                isolation_level=None,  # we manage transactions explicitly
                timeout=10.0,
            )
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open the database at {path}: {exc}") from exc
        self._conn.row_factory = sqlite3.Row
        self._depth = 0
        with self._lock:
            if not read_only:
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            if not read_only:
                self._conn.execute(_BOOTSTRAP)
        if not read_only and str(path) != ":memory:":
            for companion in (f"{self.path}-wal", f"{self.path}-shm"):
                if Path(companion).exists():
                    _owner_only(Path(companion))
        self._migrated: set[str] = set()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._conn.execute("ROLLBACK")
                    raise StorageError(f"Could not save to the database: {exc}") from exc

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            try:
                return self._conn.execute(sql, params)
            except sqlite3.Error as exc:
                raise StorageError(f"Database error: {exc}") from exc

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StorageError(f"Database error: {exc}") from exc

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    # -- migrations ---------------------------------------------------------------------------
    def migrate(self, component: str, steps: Sequence[str]) -> int:
        """Apply the not-yet-applied steps of ``component``; returns the schema version.

        Step *i* (1-based) is recorded as version *i*. Steps must only ever be appended.
        """
        if component in self._migrated:
            return len(steps)
        with self._lock:
            current = self.version(component)
            if current > len(steps):
                raise MigrationError(
                    f"The database's {component} schema (version {current}) is newer than this "
                    f"version of Homebody knows ({len(steps)}). Update Homebody."
                )
            for version in range(current + 1, len(steps) + 1):
                try:
                    with self.transaction() as conn:
                        for statement in _split_sql(steps[version - 1]):
                            conn.execute(statement)
                        conn.execute(
                            "INSERT INTO schema_migrations(component, version, applied_at) "
                            "VALUES (?, ?, ?)",
                            (component, version, time.time()),
                        )
                except sqlite3.Error as exc:
                    raise MigrationError(
                        f"Upgrading the {component} data to version {version} failed: {exc}"
                    ) from exc
            self._migrated.add(component)
        return len(steps)

    def version(self, component: str) -> int:
        value = self.scalar(
            "SELECT MAX(version) FROM schema_migrations WHERE component = ?", (component,)
        )
        return int(value or 0)

    def tables(self) -> list[str]:
        rows = self.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        return [r[0] for r in rows]

    def size_bytes(self) -> int:
        if str(self.path) == ":memory:":
            return 0
        return sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )

    def close(self) -> None:
        with self._lock:
            with suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _owner_only(path: Path) -> None:
    """Create the database file ``0600`` before SQLite opens it: SQLite gives its ``-wal`` and
    ``-shm`` files the database file's mode, so all three are readable only by the owner."""
    # lazy: start-up speed (.private_fs loads only when _owner_only() runs)
    from .private_fs import private_file

    with suppress(OSError):  # a read-only medium: SQLite reports the real problem
        private_file(path)


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` aware)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
