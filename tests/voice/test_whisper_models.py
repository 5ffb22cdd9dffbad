"""The Whisper models of the default install: joined from their packages, verified, and a
broken one reported (Homebody then listens with PocketSphinx alone)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.core.errors import ModelNotInstalledError
from pipelines.models.verify import sha256_of
from pipelines.speech.asr import whisper_models
from pipelines.speech.asr.whisper_models import locate, whisper_status

# These tests are about the home's copy: the install's (./scripts/setup) is hidden.
pytestmark = pytest.mark.usefixtures("no_prebuilt_speech")


def test_base_is_joined_from_its_two_packages_and_verified(tmp_path: Path) -> None:
    folder = locate("base", tmp_path / "models", tmp_path / "cache")
    assert folder == tmp_path / "models" / "whisper-base"
    assert (folder / "model.bin").stat().st_size == 145_217_607
    assert (folder / "tokenizer.json").is_file() and (folder / "config.json").is_file()
    assert not list(folder.glob("*.part"))  # no half-written file left behind


def test_a_corrupt_joined_model_is_rebuilt_from_the_packages(tmp_path: Path) -> None:
    folder = locate("base", tmp_path, tmp_path / "cache")
    with (folder / "model.bin").open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"\xff" * 16)  # same size, different bytes
    assert locate("base", tmp_path, None) == folder  # None: no remembered hash, read it all
    expected = whisper_models._manifest_entry("whisper-base").file("model.bin").sha256
    assert sha256_of(folder / "model.bin") == expected


def test_a_corrupt_copy_of_tiny_is_reported_not_used(tmp_path: Path) -> None:
    own = tmp_path / "whisper-tiny-en"
    own.mkdir()
    (own / "model.bin").write_bytes(b"x" * 75_537_502)
    status = whisper_status("tiny.en", tmp_path, None)
    assert status.folder is None and "corrupt" in status.problem


def test_missing_packages_say_how_to_get_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whisper_models, "_package_dir", lambda package: None)
    with pytest.raises(ModelNotInstalledError, match="scripts/setup"):
        locate("base", tmp_path, None)
    assert whisper_status("tiny.en", tmp_path, None).folder is None


def test_in_the_installed_app_a_missing_tiny_names_the_model_download(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Linux installers leave tiny.en's package out (a verified download): the message names
    the model manager's command there, the setup script in a source install."""
    monkeypatch.setattr(whisper_models, "_package_dir", lambda package: None)
    monkeypatch.setattr(whisper_models, "_install_copy", lambda spec: None)
    monkeypatch.setattr(whisper_models, "is_frozen", lambda: True)
    with pytest.raises(ModelNotInstalledError, match="homebody models install whisper-tiny-en"):
        locate("tiny.en", tmp_path, None)
    monkeypatch.setattr(whisper_models, "is_frozen", lambda: False)
    with pytest.raises(ModelNotInstalledError, match="scripts/setup"):
        locate("tiny.en", tmp_path, None)


def test_an_unusable_whisper_leaves_pocketsphinx_alone_with_one_warning(
    app: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from pipelines.core.intent import Intent
    from pipelines.doctor import check_whisper
    from pipelines.speech.asr.base import Transcript
    from pipelines.speech.pipeline.session import _second_pass

    monkeypatch.setattr(whisper_models, "_package_dir", lambda package: None)

    class Understands:
        def understand(self, text: str) -> Intent:
            return Intent("time_query", {}, 0.9, text=text)

    heard = Transcript("what time is it", engine="pocketsphinx")
    with caplog.at_level(logging.WARNING):
        chooser = _second_pass(app, Understands())  # type: ignore[arg-type]
        try:
            assert chooser.choose(heard, b"\1\0" * 1600) == heard
            assert chooser.choose(heard, b"\1\0" * 1600) == heard
        finally:
            chooser.close()
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and "PocketSphinx alone" in lines[0] and "\n" not in lines[0]
    [check] = check_whisper(app)  # type: ignore[arg-type]
    assert not check.ok and "PocketSphinx alone" in check.detail and check.fix


def test_the_copy_setup_joined_into_the_install_is_used_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.speech.lm import builds as speech_builds

    install = tmp_path / "install"
    joined = locate("base", install / "models", install / "models" / ".sha256")  # as setup does
    monkeypatch.setattr(speech_builds, "install_dir", lambda: install)
    assert locate("base", tmp_path / "fresh-home-models", None) == joined
    assert not (tmp_path / "fresh-home-models").exists()  # nothing joined again


@pytest.mark.slow
def test_tiny_reads_a_command_and_its_beam_gives_distinct_readings(
    tmp_path: Path, say: Callable[..., bytes]
) -> None:
    """The real model (tiny.en, read in place): greedy text and the beam's readings agree on
    a clear command; the beam's are distinct, best first, with probabilities in (0, 1]."""
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer

    engine = WhisperRecognizer(locate("tiny.en", tmp_path, None), name="tiny.en")
    pcm = b"\0\0" * 4800 + say("set a timer for ten minutes") + b"\0\0" * 8000
    text, probability = engine.transcribe(pcm)
    readings = engine.readings(pcm)
    assert "timer" in text and 0 < probability <= 1
    assert 1 <= len(readings) <= 3 and len({t for t, _ in readings}) == len(readings)
    assert any("timer" in t for t, _ in readings) and all(0 < p <= 1 for _, p in readings)
    assert engine.readings(b"") == []
