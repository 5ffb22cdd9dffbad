"""``homebody --self-test``: loads the bundled models, opens the window offscreen, reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_checks_report_ok_skip_and_fail() -> None:
    from app.cli.selftest import FAIL, OK, SKIP, Skipped, _run
    from pipelines.core.errors import ModelError

    def skipped() -> str:
        raise Skipped("not installed")

    def broken() -> str:
        raise ModelError("the model file is corrupt")

    assert _run("a", lambda: "fine").state == OK
    assert _run("b", skipped).state == SKIP
    result = _run("c", broken)
    assert result.state == FAIL and "corrupt" in result.detail
    assert _run("d", lambda: str(1 / 0)).state == FAIL


def test_window_check_opens_every_page(app: Any, qtbot: Any) -> None:
    from app.cli.selftest import check_window

    detail = check_window(app, seconds=0.3)
    assert detail.startswith("6 pages open (offscreen)")


def test_self_test_command_end_to_end(home: Path) -> None:
    env = {**os.environ, "HOMEBODY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout
    lines = {line.split()[1]: line.split()[0] for line in out.splitlines()[1:-1]}
    assert lines["desktop"] == "ok", out + proc.stderr[-2000:]
    assert lines["offline"] == "ok", out
    assert lines["wake"] in ("ok", "skip"), out
    assert lines["speech"] in ("ok", "skip"), out
    assert lines["object"] == "skip", out  # a fresh home has no detector downloaded
    failed = [name for name, state in lines.items() if state == "FAIL"]
    assert (proc.returncode != 0) == bool(failed), out


def test_a_broken_settings_file_is_reported_in_a_window_not_a_traceback(
    home: Path, monkeypatch: Any
) -> None:
    from app.gui import launch as launcher

    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text("[audio]\nwake_sensitivty = 0.5\n")
    shown: list[str] = []
    monkeypatch.setattr(launcher, "show_startup_error", shown.append)
    assert launcher.launch() == 2
    assert "audio.wake_sensitivty" in shown[0] and "wake_sensitivity" in shown[0]
