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


def test_commands_heard_expire_with_the_speech_model_built_from_them(app: Any) -> None:
    """Self-adaptation keeps accepted commands' words: by default for 30 days, and the household
    LM built from them goes with any expired row (it still holds that row's words)."""
    from pipelines.speech.adaptation.self_adaptation import HeardCommand, HeardCommands

    assert app.inventory.retention_days["heard_commands"] == 30
    heard = HeardCommands(app.db)
    now = time.time()
    heard.add(HeardCommand("call mum", "reminder_set", 0.95, now - 40 * 86400))
    heard.add(HeardCommand("lights on", "light_on", 0.97, now))
    lm = app.paths.data_dir / "heard_commands" / "household-x-y.arpa"
    lm.parent.mkdir(parents=True, exist_ok=True)
    lm.write_text("\\data\\\n")
    assert app.inventory.sweep()["heard_commands"] == 1
    assert heard.texts() == ["lights on"]
    assert not lm.exists()
    assert app.inventory.sweep() == {}  # nothing old left: the next build is kept
