from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.storage import Database
from pipelines.privacy.ledger import Ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger(Database(tmp_path / "db.sqlite3"), tmp_path / "ledger.head")
    led.record("microphone_opened", "audio", device="default")
    led.record("model_loaded", "models", model="yolox-nano", sha256="ab" * 32)
    led.record("data_written", "timers", items=1)
    led.record("microphone_closed", "audio")
    return led


def test_intact_chain_verifies(ledger: Ledger) -> None:
    check = ledger.verify()
    assert check.ok and check.rows == 4
    assert ledger.counts()["microphone_opened"] == 1
    assert [e.kind for e in ledger.entries(search="timers")] == ["data_written"]


def test_edited_row_is_detected(ledger: Ledger) -> None:
    ledger.db.execute("UPDATE ledger SET detail = '{\"items\":0}' WHERE id = 3")
    check = ledger.verify()
    assert not check.ok and check.first_bad_id == 3
    assert "changed" in check.problem


def test_deleted_row_is_detected(ledger: Ledger) -> None:
    ledger.db.execute("DELETE FROM ledger WHERE id = 2")
    assert not ledger.verify().ok


def test_rewritten_hashes_are_detected(ledger: Ledger) -> None:
    # recomputing a row's own hash is not enough: the next row points at the old one
    ledger.db.execute(
        "UPDATE ledger SET kind = 'camera_started', hash = 'f' || substr(hash, 2) WHERE id = 2"
    )
    assert not ledger.verify().ok


def test_cut_tail_is_detected_by_head_file(ledger: Ledger) -> None:
    ledger.db.execute("DELETE FROM ledger WHERE id = 4")
    check = ledger.verify()
    assert not check.ok and "ends at row 3" in check.problem


def test_unknown_kind_is_refused(ledger: Ledger) -> None:
    with pytest.raises(ValueError):
        ledger.record("uploaded_everything")
