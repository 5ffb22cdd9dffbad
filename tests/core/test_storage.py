from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipelines.core.errors import MigrationError
from pipelines.core.storage import Database

STEPS = [
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
    "ALTER TABLE notes ADD COLUMN ts REAL NOT NULL DEFAULT 0;",
]


def test_migrations_apply_once_and_record_versions(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    assert db.migrate("notes", STEPS[:1]) == 1
    assert db.version("notes") == 1
    db.close()
    db = Database(tmp_path / "db.sqlite3")
    assert db.migrate("notes", STEPS) == 2
    assert db.version("notes") == 2
    db.execute("INSERT INTO notes(body, ts) VALUES ('a', 1)")
    assert db.scalar("SELECT journal_mode FROM pragma_journal_mode") == "wal"


def test_failed_migration_rolls_back_and_says_which(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    with pytest.raises(MigrationError, match="notes data to version 2"):
        db.migrate("notes", [STEPS[0], "CREATE TABLE t (x); ALTER TABLE missing ADD y;"])
    assert db.version("notes") == 1
    assert "t" not in db.tables()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    db.migrate("notes", STEPS)
    db2 = Database(tmp_path / "db.sqlite3")
    with pytest.raises(MigrationError, match="newer"):
        db2.migrate("notes", STEPS[:1])


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    db.migrate("notes", STEPS)
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO notes(body) VALUES ('lost')")
        raise RuntimeError("crash")
    assert db.scalar("SELECT COUNT(*) FROM notes") == 0


@pytest.mark.slow
def test_kill_9_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    progress = tmp_path / "committed.txt"
    script = textwrap.dedent(
        f"""
        import os
        from pipelines.core.storage import Database
        db = Database({str(path)!r})
        db.migrate("notes", {STEPS!r})
        i = 0
        while True:
            i += 1
            with db.transaction() as conn:
                conn.execute("INSERT INTO notes(body) VALUES (?)", (str(i),))
                conn.execute("INSERT INTO notes(body) VALUES (?)", (str(i) + "b",))
            with open({str(progress) + ".tmp"!r}, "w") as fh:
                fh.write(str(i))
            os.replace({str(progress) + ".tmp"!r}, {str(progress)!r})  # never half-written
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if progress.exists() and int(progress.read_text()) > 200:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    committed = int(progress.read_text())
    db = Database(path)
    bodies = {r[0] for r in db.query("SELECT body FROM notes")}
    # every transaction the writer saw committed is there, and no transaction is half there
    assert all(str(i) in bodies and f"{i}b" in bodies for i in range(1, committed + 1))
    assert len(bodies) % 2 == 0
    assert db.scalar("PRAGMA integrity_check") == "ok"
