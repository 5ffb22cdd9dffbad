"""First run on a clean HOMEBODY_HOME: the welcome's steps, ending with the detector installed
from ../shared/models and "where is the cup" answered from a photo-folder camera."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import wait_idle


@pytest.fixture
def photo_camera(tmp_path: Path, shared: Path) -> Path:
    """A "camera" that is a folder holding one real photo of a cup (a link, not a copy)."""
    folder = tmp_path / "kitchen-camera"
    folder.mkdir()
    photo = shared / "data" / "photos" / "permissive" / "skimage_coffee.png"
    if not photo.exists():
        pytest.skip(f"{photo} is missing from ../shared")
    (folder / photo.name).symlink_to(photo)
    return folder


@pytest.fixture
def spoken_phrase(tmp_path: Path) -> Path:
    """The welcome's test phrase read by espeak-ng, with quiet before and after, as a WAV."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    from app.first_run import TEST_PHRASE
    from pipelines.audio.pcm import write_wav
    from pipelines.speech.tts.speaker import espeak_pcm

    quiet = bytes(2 * 16000 // 2)  # 0.5 s
    path = tmp_path / "test-phrase.wav"
    write_wav(path, quiet + espeak_pcm(TEST_PHRASE, "en-us", 160) + quiet * 3)
    return path


@pytest.mark.slow
def test_first_run_ends_with_where_is_the_cup_answered(
    window: Any, qtbot: Any, shared: Path, photo_camera: Path, spoken_phrase: Path
) -> None:
    from app import first_run
    from app.gui.welcome import WelcomeDialog
    from pipelines.audio.source import FileBackend
    from pipelines.core.settings import load_settings

    session = window.session
    app = session.app
    assert not first_run.welcome_done(app) and not first_run.detector_installed(app)
    dialog = WelcomeDialog(session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, session)
    assert dialog.position.text() == "Step 1 of 7"
    dialog.next_button.click()
    # microphone: the test phrase spoken (espeak-ng, synthesized now) through the microphone's
    # own audio path, the level meter moving while it plays, what was understood on screen
    mic = dialog.mic
    assert mic.test_button.isEnabled() == bool(first_run.microphones())
    mic.backend_factory = lambda: FileBackend(spoken_phrase, realtime=True)
    assert mic.test_button.isEnabled()
    levels: list[float] = []
    mic.level_heard.connect(levels.append)
    mic.test_button.click()
    qtbot.waitUntil(lambda: mic.test_button.isEnabled(), timeout=120000)
    assert "works" in mic.status.text(), mic.status.text()
    assert len(levels) > 50 and max(levels) > 0.1 and min(levels) < 0.02  # live, per chunk
    opened = app.ledger.entries(kind="microphone_opened")
    assert any(e.detail.get("device") == f"file:{spoken_phrase.name}" for e in opened)
    if session.understands:
        shown = mic.understood.text()
        assert "Heard “set a timer for" in shown, shown
        assert "timer start" in shown and "10\xa0min" in shown, shown
    mic.check_button.click()  # typing works too (no microphone at all)
    qtbot.waitUntil(lambda: mic.understood.text().startswith("“"), timeout=30000)
    dialog.next_button.click()
    dialog.wake.word.setCurrentIndex(dialog.wake.word.findData("alexa"))
    dialog.next_button.click()
    voice = dialog.voice
    qtbot.waitUntil(lambda: voice.voice.count() > 1, timeout=20000)
    voice.voice.setCurrentIndex(voice.voice.findData("en-gb"))
    wait_idle(qtbot, session)
    if first_run.speakers():
        voice.sample_button.click()
        qtbot.waitUntil(lambda: voice.status.text() not in ("", "Speaking…"), timeout=30000)
        assert "does not exist" not in voice.status.text()  # a voice espeak-ng knows
    else:  # no sound card here: the sample can't play, and the step says so before a press
        assert not voice.sample_button.isEnabled() and voice.sample_button.toolTip()
        assert "No speaker found" in voice.status.text()
    assert first_run.sample_pcm("en-gb")  # the sample itself is real speech
    dialog.next_button.click()
    camera = dialog.camera
    assert not camera.add_button.isEnabled()  # nothing typed yet
    camera.source.setText(str(photo_camera))
    camera.snap_button.click()
    qtbot.waitUntil(lambda: camera.picture.pixmap() is not None and
                    not camera.picture.pixmap().isNull(), timeout=20000)  # fmt: skip
    camera.add_button.click()
    assert "Added the kitchen camera" in camera.status.text()
    dialog.next_button.click()
    detector = dialog.detector
    detector.install(shared / "models")  # "From a folder…" with ../shared/models
    qtbot.waitUntil(lambda: first_run.detector_installed(app), timeout=60000)
    qtbot.waitUntil(lambda: not detector.install_button.isEnabled() and
                    "installed" in detector.status.text(), timeout=20000)  # fmt: skip
    dialog.next_button.click()
    assert "will watch kitchen" in dialog.done_step.status.text()
    dialog.next_button.click()  # Finish: marks the welcome done and starts watching
    assert first_run.welcome_done(app)
    saved = load_settings(app.paths.config_file)
    assert saved.audio.wake_word == "alexa" and saved.vision.cameras[0].name == "kitchen"
    assert (saved.audio.tts, saved.audio.voice) == ("espeak", "en-gb")
    from pipelines.vision.memory import ObjectMemory

    memory = ObjectMemory(app.db, app.paths.data_dir, app.ledger)
    qtbot.waitUntil(lambda: "cup" in memory.labels(), timeout=60000)
    if not session.understands:
        pytest.skip("no intent model is installed to ask with")
    replies: list[Any] = []
    session.turn_finished.connect(replies.append)
    session.ask("where is the cup")
    qtbot.waitUntil(lambda: bool(replies), timeout=60000)
    answer = replies[0].response.text
    assert "cup" in answer and "kitchen" in answer, answer
