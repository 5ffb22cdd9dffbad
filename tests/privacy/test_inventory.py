from __future__ import annotations

import time
from typing import Any

from pipelines.privacy.inventory import CATEGORIES


def _fill(app: Any) -> None:
    app.db.migrate(
        "test-history",
        ["CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, ts REAL, text TEXT);"],
    )
    now = time.time()
    with app.db.transaction() as conn:
        conn.execute("INSERT INTO history(ts, text) VALUES (?, 'old')", (now - 40 * 86400,))
        conn.execute("INSERT INTO history(ts, text) VALUES (?, 'new')", (now,))
    thumbs = app.paths.data_dir / "thumbnails"
    thumbs.mkdir(parents=True, exist_ok=True)
    (thumbs / "cup.jpg").write_bytes(b"\xff\xd8jpeg")


def test_report_counts_items_and_retention(app: Any) -> None:
    _fill(app)
    usage = {u.category.name: u for u in app.inventory.report()}
    assert usage["history"].items == 2
    assert usage["history"].retention_days == 30
    assert usage["thumbnails"].items == 1 and usage["thumbnails"].bytes > 0
    assert set(usage) == {c.name for c in CATEGORIES}


def test_retention_sweep_deletes_only_old_rows(app: Any) -> None:
    _fill(app)
    assert app.inventory.sweep() == {"history": 1}
    assert [r[0] for r in app.db.query("SELECT text FROM history")] == ["new"]
    assert app.ledger.entries(kind="data_deleted")[0].detail["reason"] == "retention"


def test_forget_all_deletes_and_proves_it(app: Any) -> None:
    _fill(app)
    deleted = app.inventory.forget_all()
    assert deleted["history"] == 2 and deleted["thumbnails"] == 1
    assert all(u.items == 0 for u in app.inventory.report())
    assert app.ledger.verify().ok


def test_retention_sweep_ages_out_files(app: Any) -> None:
    import os

    _fill(app)
    old = app.paths.data_dir / "thumbnails" / "old.jpg"
    old.write_bytes(b"x")
    past = time.time() - 30 * 86400
    os.utime(old, (past, past))
    removed = app.inventory.sweep()
    assert removed["thumbnails"] == 1
    assert not old.exists() and (app.paths.data_dir / "thumbnails" / "cup.jpg").exists()
