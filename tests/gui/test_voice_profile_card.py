"""Settings → "Your voice": learning the user's voice through the dialog, and forgetting it.

The microphone is faked with a ChunkStreamBackend over espeak-ng reading the prompts with
1.3 s pauses (as tests/voice/test_voice_profile.py does); the adaptation runs the real
SphinxTrain programs (skipped with the install command where they are missing).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QProgressBar, QPushButton

from pipelines.audio.source import ChunkStreamBackend
from pipelines.core.errors import DeviceError, ModelNotInstalledError
from pipelines.speech.adaptation.voice_profile import PROFILE_DIR, enrolment_prompts, load_profile

from .conftest import wait_idle

VOICE = "en-us+m3"
BLOCK = 4800  # bytes: 150 ms blocks, like a microphone's


def _noise(seconds: float, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(0, 30, int(16000 * seconds)), -32768, 32767).astype("<i2").tobytes()


@pytest.fixture(scope="module")
def read_aloud() -> Callable[[int], bytes]:
    """``read_aloud(n)``: the first n prompts read by espeak-ng, 1.3 s of quiet after each."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    from pipelines.speech.tts.speaker import espeak_pcm

    cache: dict[str, bytes] = {}

    def _read(n: int) -> bytes:
        parts = [_noise(0.5, 1)]
        for i, text in enumerate(enrolment_prompts()[:n]):
            if text not in cache:
                cache[text] = espeak_pcm(text, VOICE, 165)
            parts += [cache[text], _noise(1.3, i + 2)]
        return b"".join(parts)

    return _read


@pytest.fixture
def sphinxtrain() -> None:
    from pipelines.speech.adaptation.sphinxtrain_tools import SphinxTrainTools

    try:
        SphinxTrainTools.find()
    except ModelNotInstalledError as exc:
        pytest.skip(exc.message)


def _blocks(pcm: bytes) -> list[bytes]:
    return [pcm[i : i + BLOCK] for i in range(0, len(pcm), BLOCK)]


class FakeVoice:
    """Stands in for the running voice service: records being stopped and started."""

    def __init__(self) -> None:
        self.listening = True
        self.calls: list[str] = []

    def start(self) -> FakeVoice:
        self.calls.append("start")
        self.listening = True
        return self

    def stop(self) -> None:
        self.calls.append("stop")
        self.listening = False


def _files(folder: Path) -> set[str]:
    """Files below the data dir, except the database's own (journal files come and go)."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(("homebody.sqlite3", "ledger.head"))
    }


def _card(window: Any, qtbot: Any) -> Any:
    card = window.show_page("settings").voice_profile
    qtbot.waitUntil(lambda: card.checked, timeout=10000)
    return card


def _ledger(app: Any, kind: str) -> list[Any]:
    return [e for e in app.ledger.entries(kind=kind) if e.category == "voice_profile"]


# -- the card -----------------------------------------------------------------------------------
def test_the_card_offers_learning_and_follows_the_microphone_switch(
    window: Any, qtbot: Any, sphinxtrain: None
) -> None:
    from app.gui.pages.voice_profile_card import STANDARD_MODEL

    card = _card(window, qtbot)
    card.backend_factory = lambda: ChunkStreamBackend(iter(()), name="fake-mic")
    assert card.status.text() == STANDARD_MODEL
    assert card.learn.isEnabled() and not card.forget.isEnabled()
    window.session.set_switch("microphone", False)
    assert not card.learn.isEnabled()
    assert "switched off" in card.warning.text() and not card.warning.isHidden()
    window.session.set_switch("microphone", True)
    assert card.learn.isEnabled() and card.warning.isHidden()


def test_without_sphinxtrain_learning_is_disabled_with_the_install_command(
    window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.speech.adaptation.sphinxtrain_tools as tools

    card = _card(window, qtbot)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(tools, "SEARCH_DIRS", ())
    monkeypatch.delenv("HOMEBODY_SPHINXTRAIN", raising=False)
    card.checked = False
    card.refresh()
    qtbot.waitUntil(lambda: card.checked, timeout=10000)
    assert not card.learn.isEnabled()
    assert "apt install" in card.warning.text() and "sphinxtrain" in card.warning.text()
    assert not card.warning.isHidden()


def test_without_a_microphone_learning_is_disabled_and_says_why(
    window: Any, qtbot: Any, sphinxtrain: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import first_run
    from app.gui.pages.voice_profile_card import NO_MIC

    monkeypatch.setattr(first_run, "microphones", lambda: [])
    card = window.show_page("settings").voice_profile
    card.refresh()
    qtbot.waitUntil(lambda: card.checked and card.microphones == 0, timeout=10000)
    assert not card.learn.isEnabled() and card.learn.toolTip() == NO_MIC
    assert card.warning.text() == NO_MIC and not card.warning.isHidden()
    monkeypatch.setattr(first_run, "microphones", lambda: ["USB microphone"])
    card.refresh()
    qtbot.waitUntil(lambda: card.learn.isEnabled(), timeout=10000)
    assert card.warning.isHidden()


# -- the dialog ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_learning_my_voice_then_forgetting_it(
    window: Any, qtbot: Any, sphinxtrain: None, read_aloud: Callable[[int], bytes]
) -> None:
    app = window.session.app
    data = app.paths.data_dir
    voice = FakeVoice()
    app.services["voice"] = voice
    card = _card(window, qtbot)
    audio = read_aloud(40)
    card.backend_factory = lambda: ChunkStreamBackend(_blocks(audio), name="fake-mic")
    qtbot.mouseClick(card.learn, Qt.MouseButton.LeftButton)
    dialog = card.dialog
    assert dialog is not None and dialog.isVisible() and not card.learn.isEnabled()
    shown: list[tuple[int, str, str]] = []
    dialog.prompt_changed.connect(
        lambda i: shown.append((i, dialog.counter.text(), dialog.prompt.text()))
    )
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.state in ("done", "failed"), timeout=240000)
    assert dialog.state == "done", dialog.error
    prompts = enrolment_prompts()
    assert [i for i, _c, _p in shown] == list(range(40))  # one prompt after another
    assert shown[2][1] == "Sentence 3 of 40" and [p for _i, _c, p in shown] == prompts
    assert dialog.progress.value() == 40
    profile = load_profile(data)
    assert profile is not None and profile.utterances == 40
    assert profile.describe() in dialog.message.text()
    assert not [p for p in _files(data) if not p.startswith(f"{PROFILE_DIR}/")]  # no recordings
    written = _ledger(app, "data_written")
    assert len(written) == 1 and written[0].detail["sentences"] == 40
    assert written[0].detail["recordings_kept"] == 0
    kinds = [e.kind for e in app.ledger.entries() if e.detail.get("device") == "fake-mic"]
    assert "microphone_opened" in kinds and "microphone_closed" in kinds
    wait_idle(qtbot, window.session)
    assert voice.calls == ["stop", "start"]  # paused for the recording, then a fresh start
    dialog.close_button.click()
    assert card.status.text() == profile.describe()
    assert card.forget.isEnabled() and card.learn.isEnabled()

    asked: list[str] = []
    card.confirm = lambda text: asked.append(text) or False  # the user says No
    qtbot.mouseClick(card.forget, Qt.MouseButton.LeftButton)
    assert asked and load_profile(data) is not None
    card.confirm = lambda text: True
    qtbot.mouseClick(card.forget, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.profile is None and not card.busy, timeout=10000)
    wait_idle(qtbot, window.session)
    assert load_profile(data) is None and not (data / PROFILE_DIR).exists()
    assert "deleted" in card.note.text() and not card.forget.isEnabled()
    assert _ledger(app, "data_deleted")[0].detail["reason"] == "user"
    assert voice.calls == ["stop", "start", "stop", "start"]  # restarted: standard model again
    from app.gui.pages.voice_profile_card import STANDARD_MODEL

    qtbot.waitUntil(lambda: card.status.text() == STANDARD_MODEL, timeout=10000)


def _dialog(window: Any, qtbot: Any, backend: Any) -> Any:
    from app.gui.enrol_dialog import EnrolDialog

    dialog = EnrolDialog(window.session, backend=backend)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_cancel_mid_way_saves_nothing_and_releases_the_microphone(
    window: Any, qtbot: Any, read_aloud: Callable[[int], bytes]
) -> None:
    app = window.session.app
    data = app.paths.data_dir
    voice = FakeVoice()
    app.services["voice"] = voice
    before = _files(data)
    finished = threading.Event()

    def microphone() -> Iterator[bytes]:  # 3 sentences, then a quiet room until closed
        try:
            yield from _blocks(read_aloud(3))
            quiet = _noise(0.15, 99)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                time.sleep(0.01)
                yield quiet
        finally:
            finished.set()

    dialog = _dialog(window, qtbot, ChunkStreamBackend(microphone(), name="fake-mic"))
    counters: list[str] = []
    dialog.prompt_changed.connect(lambda _i: counters.append(dialog.counter.text()))
    assert dialog.start_button.isDefault()
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Return)  # keyboard: Enter starts
    qtbot.waitUntil(lambda: dialog.heard == 3, timeout=60000)
    assert "Sentence 3 of 40" in counters and dialog.counter.text() == "Sentence 4 of 40"
    assert dialog.prompt.text() == enrolment_prompts()[3] and dialog.recording
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # keyboard: Escape cancels
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.state == "cancelled"
    qtbot.waitUntil(lambda: not dialog.recording and finished.is_set(), timeout=10000)
    wait_idle(qtbot, window.session)
    assert load_profile(data) is None
    assert _files(data) == before  # nothing written
    assert not _ledger(app, "data_written")
    closed = [e for e in app.ledger.entries(kind="microphone_closed")
              if e.detail.get("device") == "fake-mic"]  # fmt: skip
    assert closed  # the microphone was released
    assert voice.calls == ["stop", "start"]


class _NoMicrophone(ChunkStreamBackend):
    def open(self) -> None:
        raise DeviceError("Could not open the microphone (system default): no device.")


def test_a_missing_microphone_is_a_clear_error(window: Any, qtbot: Any) -> None:
    dialog = _dialog(window, qtbot, _NoMicrophone([]))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.state == "failed", timeout=20000)
    assert "Could not open the microphone" in dialog.message.text()
    assert dialog.retry_button.isVisible() and dialog.close_button.isVisible()
    assert not dialog.cancel_button.isVisible()
    assert load_profile(window.session.app.paths.data_dir) is None


def test_a_recording_that_ends_early_says_how_many_sentences_were_heard(
    window: Any, qtbot: Any, read_aloud: Callable[[int], bytes]
) -> None:
    dialog = _dialog(window, qtbot, ChunkStreamBackend(_blocks(read_aloud(2))))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.state == "failed", timeout=60000)
    assert "Heard 2 sentences but there are 40" in dialog.message.text()
    assert load_profile(window.session.app.paths.data_dir) is None


def test_every_control_has_an_accessible_name(window: Any, qtbot: Any) -> None:
    card = _card(window, qtbot)
    dialog = _dialog(window, qtbot, ChunkStreamBackend([]))
    for parent in (card, dialog):
        for kind in (QPushButton, QProgressBar):
            for control in parent.findChildren(kind):
                assert control.accessibleName(), control.text() if kind is QPushButton else kind


def test_deleting_the_profile_anywhere_restarts_voice(window: Any, qtbot: Any) -> None:
    """The running recogniser holds the adapted model: a delete from the privacy dashboard
    (not only from this card) restarts voice so the standard model is loaded."""
    voice = FakeVoice()
    window.session.app.services["voice"] = voice
    window.session.data_deleted.emit("alarms")
    window.session.data_deleted.emit("voice_profile")
    qtbot.waitUntil(lambda: voice.calls == ["stop", "start"], timeout=10000)
