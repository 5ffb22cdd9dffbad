"""The CLI contract other issues and outside checks rely on, through real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def hb(
    home: Path, *args: str, stdin: str | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOMEBODY_HOME=str(home))
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_version(home: Path) -> None:
    from pipelines import __version__

    out = hb(home, "--version")
    assert out.returncode == 0 and out.stdout.strip() == f"homebody {__version__}"


def test_ask_json_keys(home: Path) -> None:
    out = hb(home, "ask", "--json", "what time is it")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"intent", "slots", "confidence", "response"} <= set(data)
    assert isinstance(data["response"], str) and data["response"]


def test_nlu_json_lines_without_side_effects(home: Path) -> None:
    out = hb(home, "nlu", stdin="set a timer for five minutes\n\nturn on the kitchen light\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["text"] for r in rows] == [
        "set a timer for five minutes",
        "turn on the kitchen light",
    ]
    assert all({"text", "intent", "confidence", "slots"} <= set(r) for r in rows)
    db = home / "data" / "homebody.sqlite3"
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")}
    assert (
        "timers" not in tables or not sqlite3.connect(db).execute("SELECT * FROM timers").fetchall()
    )


def test_models_install_and_verify_catches_flipped_byte(home: Path, shared: Path) -> None:
    out = hb(home, "models", "install", "yolox-nano", "--from", str(shared / "models"))
    assert out.returncode == 0, out.stderr
    assert hb(home, "models", "verify").returncode == 0
    listing = json.loads(hb(home, "models", "list", "--json").stdout)
    assert next(m for m in listing if m["name"] == "yolox-nano")["installed"] is True
    onnx = home / "models" / "yolox-nano" / "yolox_nano.onnx"
    data = bytearray(onnx.read_bytes())
    data[100_000] ^= 0x04
    onnx.write_bytes(bytes(data))
    out = hb(home, "models", "verify")
    assert out.returncode != 0 and "corrupt" in out.stdout


def test_privacy_report_verifies_and_detects_edits(home: Path, shared: Path) -> None:
    hb(home, "models", "install", "fastestdet", "--from", str(shared / "models"))
    out = hb(home, "privacy", "report", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["ledger"]["ok"] and report["ledger"]["rows"] >= 1
    assert {d["category"] for d in report["data"]} >= {"timers", "lists", "sightings"}
    con = sqlite3.connect(home / "data" / "homebody.sqlite3")
    con.execute("UPDATE ledger SET detail = '{}' WHERE id = 1")
    con.commit()
    out = hb(home, "privacy", "report")
    assert out.returncode != 0 and "BROKEN" in out.stdout


def test_privacy_forget_all_proves_zero(home: Path) -> None:
    hb(home, "ask", "hello there")
    out = hb(home, "privacy", "forget", "--all", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert all(v == 0 for v in result["remaining"].values())
    assert hb(home, "privacy", "forget", "--category", "bogus").returncode != 0


def test_doctor_reports_without_crashing(home: Path) -> None:
    out = hb(home, "doctor", "--json")
    assert out.returncode == 0, out.stderr
    checks = json.loads(out.stdout)
    assert {c["area"] for c in checks} >= {"system", "python", "audio", "models"}


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(
    not _can_unshare(), reason="unshare -n (network namespaces) is not permitted here"
)
def test_commands_behave_the_same_without_network(home: Path, shared: Path) -> None:
    offline = ("unshare", "-rn")
    assert hb(home, "--version", prefix=offline).returncode == 0
    online = json.loads(hb(home, "ask", "--json", "what time is it").stdout)
    cut = json.loads(hb(home, "ask", "--json", "what time is it", prefix=offline).stdout)
    assert cut["intent"] == online["intent"]
    assert (
        hb(
            home,
            "models",
            "install",
            "yolox-nano",
            "--from",
            str(shared / "models"),
            prefix=offline,
        ).returncode
        == 0
    )
    assert hb(home, "models", "verify", prefix=offline).returncode == 0
    assert hb(home, "privacy", "report", prefix=offline).returncode == 0
    assert hb(home, "doctor", prefix=offline).returncode == 0


def test_privacy_forget_speaks_in_labels_and_plurals(home: Path) -> None:
    hb(home, "ask", "set a timer for 5 minutes")
    out = hb(home, "privacy", "forget", "--all")
    assert out.returncode == 0, out.stderr
    assert "Timers: deleted 1 item; 0 left" in out.stdout
    assert "Taught phrasings: deleted 0 items" in out.stdout
    assert "taught_objects" not in out.stdout and "nlu_examples" not in out.stdout
