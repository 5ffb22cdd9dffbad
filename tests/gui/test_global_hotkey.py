"""Push-to-talk from anywhere: the real app under Xvfb takes Ctrl+Alt+Space system-wide.

The key is sent with xdotool (XTEST, as a keyboard would) while another X client has the
focus; and when another client already owns the key, the app still starts, logs one clear
line and Settings offers the ``homebody talk`` command instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gui.test_xvfb_app import xvfb_display  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "gui" / "hotkey_driver.py"
SHOT = ROOT / "artifacts" / "settings-hotkey-taken.png"
THIEF = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(sys.argv)
w = QLineEdit(); w.setWindowTitle("focus-thief"); w.show()
app.exec()
"""


def app_env(display: str, home: Path) -> dict[str, str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "HOMEBODY_HOME": str(home), "PYTHONPATH": str(ROOT)}  # fmt: skip
    env.pop("WAYLAND_DISPLAY", None)
    return env


def xdotool(display: str, *args: str) -> str:
    proc = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture
def focus_thief(xvfb_display: str) -> Iterator[str]:  # noqa: F811
    """Another X client's window, holding the keyboard focus."""
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (apt install xdotool)")
    env = {**os.environ, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.Popen([sys.executable, "-c", THIEF], env=env)
    try:
        window = xdotool(xvfb_display, "search", "--sync", "--name", "focus-thief")
        yield window.split()[0]
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.slow
def test_the_key_starts_listening_while_another_app_has_focus(
    xvfb_display: str,  # noqa: F811
    focus_thief: str,
    home: Path,
    tmp_path: Path,
) -> None:
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, str(DRIVER), "press", str(ready)], cwd=ROOT,
                            env=app_env(xvfb_display, home), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.exists(), proc.communicate(timeout=30)
        xdotool(xvfb_display, "windowfocus", "--sync", focus_thief)
        assert xdotool(xvfb_display, "getwindowfocus", "getwindowname") == "focus-thief"
        xdotool(xvfb_display, "key", "ctrl+alt+space")
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out + err[-3000:]
    assert "hotkey active=True key=Ctrl+Alt+Space" in out
    assert "Press Ctrl+Alt+Space from any window to talk." in out
    assert out.strip().endswith("listening")


@pytest.mark.slow
def test_a_key_another_app_owns_falls_back_to_the_command(
    xvfb_display: str,  # noqa: F811
    home: Path,
    qapp: Any,
) -> None:
    from app.gui.global_hotkey import KeyCombo
    from app.gui.global_hotkey.x11 import X11Hotkey

    owner = X11Hotkey(lambda: None, display=xvfb_display)  # another client owns the key
    owner.grab(KeyCombo.parse("Ctrl+Alt+Space"))
    SHOT.unlink(missing_ok=True)
    try:
        proc = subprocess.run([sys.executable, str(DRIVER), "taken", str(SHOT)], cwd=ROOT,
                              env=app_env(xvfb_display, home), capture_output=True, text=True,
                              timeout=300)  # fmt: skip
    finally:
        owner.close()
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert "hotkey active=False" in proc.stdout
    lines = [line for line in proc.stderr.splitlines() if "Push-to-talk key" in line]
    assert len(lines) == 1, proc.stderr[-3000:]
    assert ("Push-to-talk key Ctrl+Alt+Space is not available: Another application already "
            "uses Ctrl+Alt+Space.") in lines[0] and lines[0].endswith(" talk")  # fmt: skip
    assert ("settings: Homebody can't take a global key here. Another application already "
            "uses Ctrl+Alt+Space. Bind this command") in proc.stdout  # fmt: skip
    assert SHOT.is_file()
