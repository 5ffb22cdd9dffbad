"""End to end: the real app under Xvfb; type "set a timer for 2 minutes"; the timer appears."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "artifacts" / "xvfb-assistant-timer.png"


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt install xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        pytest.skip("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.slow
@pytest.mark.gui
def test_real_app_sets_a_timer_typed_in_the_assistant(xvfb_display: str, home: Path) -> None:
    env = {
        **os.environ,
        "DISPLAY": xvfb_display,
        "QT_QPA_PLATFORM": "xcb",
        "HOMEBODY_HOME": str(home),
        "PYTHONPATH": str(ROOT),
    }
    ARTIFACT.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "gui" / "xvfb_driver.py"), str(ARTIFACT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode == 3:
        pytest.skip("no intent model is installed yet: " + proc.stdout.strip())
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert "timer shown" in proc.stdout
    assert "Understood: timer start" in proc.stdout and "duration 2\xa0min" in proc.stdout
    assert ARTIFACT.is_file() and ARTIFACT.stat().st_size > 10_000
    from pipelines.app_context import AppContext
    from pipelines.skills.timer_store import TimerStore

    app = AppContext.create(guard=False)
    try:
        timers = TimerStore(app.db).active()
    finally:
        app.close()
    assert [t.duration_s for t in timers] == [120]
