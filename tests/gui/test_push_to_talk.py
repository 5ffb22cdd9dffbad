"""Push-to-talk from anywhere (``homebody talk`` bound to a desktop shortcut reaches the open
window) and the tray following the voice loop's states."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def talk(home: Path, qtbot: Any) -> subprocess.CompletedProcess[str]:
    """Run ``homebody talk`` while the Qt loop keeps serving the window."""
    env = {**os.environ, "HOMEBODY_HOME": str(home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli.main", "talk"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_homebody_talk_reaches_the_open_window(window: Any, qtbot: Any, home: Path) -> None:
    voice = window.page("assistant").voice
    qtbot.waitUntil(lambda: voice.microphones is not None, timeout=20000)
    assert window.talk_server.listening
    without_mic = talk(home, qtbot)
    assert without_mic.returncode == 2
    assert "unavailable" in without_mic.stdout and "microphone" in without_mic.stdout.lower()
    assert "Push-to-talk is unavailable" in window.status.currentMessage()
    voice._set("Say “okay nabu” or press the button.", "Good", True)  # as with a microphone
    window.show_page("kitchen")
    with_mic = talk(home, qtbot)
    assert with_mic.returncode == 0 and with_mic.stdout.strip() == "Homebody: listening"
    assert voice.talk.isChecked() and window.stack.currentWidget() is window.page("assistant")


def test_homebody_talk_without_a_window_says_so(home: Path) -> None:
    env = {**os.environ, "HOMEBODY_HOME": str(home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "app.cli.main", "talk"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 2 and "isn't open" in proc.stderr


def test_the_tray_shows_listening_thinking_speaking(window: Any) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    from app.gui.notify import TrayState
    from pipelines.core.events import EventType, PipelineEvent

    tray = QSystemTrayIcon(window)
    state = TrayState(tray, window.session)
    seen = []
    for voice_state in ("listening", "thinking", "speaking", "idle"):
        event = PipelineEvent(EventType.PROGRESS, "voice", time.time(),
                              data={"state": voice_state})  # fmt: skip
        window.session.bridge.progress.emit(event)
        seen.append((tray.toolTip().split(";")[0], tray.icon().cacheKey()))
    assert [s[0] for s in seen] == ["Homebody — listening…", "Homebody — thinking…",
                                    "Homebody — speaking…", "Homebody — offline"]  # fmt: skip
    assert len({s[1] for s in seen}) == 4  # a different icon for each state
    assert state.voice_state == "idle"


def test_settings_show_the_command_a_desktop_shortcut_runs(
    window: Any, qtbot: Any, home: Path
) -> None:
    """Settings → Voice and sound shows (and copies) the exact command to bind to a key; run
    as a desktop shortcut would (no venv on the path), it reaches the open window."""
    import shlex

    from PySide6.QtWidgets import QApplication

    audio = window.show_page("settings").audio
    command = audio.talk_command.text()
    assert command.endswith(" talk")
    audio.copy_talk.click()
    assert QApplication.clipboard().text() == command
    env = {**os.environ, "HOMEBODY_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env["PATH"] = "/usr/bin:/bin"  # a desktop's shortcut: no virtualenv activated
    proc = subprocess.Popen(shlex.split(command), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
    out, err = proc.communicate()
    assert "microphone" in out.lower(), out + err  # the window answered (no microphone here)
