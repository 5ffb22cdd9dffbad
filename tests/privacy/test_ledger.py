from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_head_lagging_one_row_after_a_crash_is_accepted(ledger: Ledger) -> None:
    # simulate a kill between the database commit and the head-file update
    head = ledger.head_path
    assert head is not None
    before = head.read_text()
    ledger.record("camera_started", "vision", camera="kitchen")
    head.write_text(before)
    assert ledger.verify().ok
    ledger.record("camera_stopped", "vision", camera="kitchen")
    assert ledger.verify().ok and head.read_text().startswith("6 ")


def test_forged_head_is_detected(ledger: Ledger) -> None:
    assert ledger.head_path is not None
    ledger.head_path.write_text("4 " + "ab" * 32 + "\n")
    assert not ledger.verify().ok


def test_report_counts_only_connections_beyond_this_computer(app: Any) -> None:
    """A Wyoming client on 127.0.0.1 is ledgered as an allowed peer, but the report's 'allowed
    non-local connections' counts only other machines (configured devices, downloads)."""
    from pipelines.privacy.report import build_report

    app.ledger.record("network_allowed", "network", host="127.0.0.1", port=10700)
    app.ledger.record("network_allowed", "network", host="::1", port=10700)
    app.ledger.record("network_allowed", "network", host="192.168.1.20", port=1883)
    assert build_report(app)["network"]["allowed_non_local"] == 1
