"""``homebody setup`` in a terminal: the welcome's steps, scripted with flags, ending with the
detector installed from ../shared/models and "where is the cup" answered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def hb(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOMEBODY_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_setup_then_where_is_the_cup(home: Path, shared: Path, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    from app.first_run import TEST_PHRASE
    from pipelines.audio.pcm import write_wav
    from pipelines.speech.tts.speaker import espeak_pcm

    camera = tmp_path / "kitchen-camera"
    camera.mkdir()
    (camera / "coffee.png").symlink_to(
        shared / "data" / "photos" / "permissive" / "skimage_coffee.png"
    )
    bad = hb(home, "setup", "--yes", "--camera", "hall=/no/such/folder", "--no-detector")
    assert bad.returncode == 2 and "does not exist" in bad.stdout  # said, and the rest ran
    assert "Understood: timer start" in bad.stdout  # no microphone here: the phrase typed
    spoken = tmp_path / "test-phrase.wav"  # the test phrase as espeak-ng says it
    write_wav(spoken, bytes(16000) + espeak_pcm(TEST_PHRASE, "en-us", 160) + bytes(48000))
    assert "Wake word:" in bad.stdout and "Skipped" in bad.stdout
    out = hb(
        home,
        "setup",
        "--yes",
        "--wake-word",
        "alexa",
        "--voice",
        "en-gb",
        "--camera",
        f"kitchen={camera}",
        "--detector-from",
        str(shared / "models"),
        "--test-phrase-from",
        str(spoken),
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Heard “set a timer for" in out.stdout, out.stdout  # spoken, through the mic path
    assert "Understood: timer start" in out.stdout
    assert "Added the kitchen camera; its snapshot is 600×400" in out.stdout
    assert "Installed and sha256-checked" in out.stdout
    from pipelines.core.paths import AppPaths
    from pipelines.core.settings import load_settings

    saved = load_settings(AppPaths.under(home).config_file)
    assert saved.audio.wake_word == "alexa" and saved.audio.voice == "en-gb"
    watched = hb(home, "vision", "watch-all", "--frames", "1")
    assert watched.returncode == 0, watched.stderr
    where = hb(home, "where", "cup")
    assert "kitchen" in where.stdout, where.stdout + where.stderr
