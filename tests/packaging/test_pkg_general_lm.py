"""PocketSphinx's general English LM, which the installers leave out (bundle_data
DOWNLOADED_INSTEAD): found in the models folder first, then in the package; without it
commands still decode and free text says how to install it. Real PocketSphinx."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.errors import ModelNotInstalledError

pytest.importorskip("pocketsphinx")
from pipelines.speech.asr import pocketsphinx_engine as engine

SILENCE = b"\x00\x00" * 16000  # one second


@pytest.fixture
def bundle_like_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package's model folder as the frozen build has it: no en-us.lm.bin."""
    real = engine.model_dir()
    folder = tmp_path / "pocketsphinx-model"
    folder.mkdir()
    for name in ("en-us", "cmudict-en-us.dict"):
        (folder / name).symlink_to(real / name)
    monkeypatch.setattr(engine, "model_dir", lambda: folder)
    return real / "en-us.lm.bin"


def test_the_installed_copy_comes_before_the_package(tmp_path: Path) -> None:
    package_copy = engine.model_dir() / "en-us.lm.bin"
    assert engine.general_lm(None) == package_copy
    assert engine.general_lm(tmp_path / "models") == package_copy  # nothing installed
    installed = tmp_path / "models" / engine.GENERAL_LM / "en-us.lm.bin"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"lm")
    assert engine.general_lm(tmp_path / "models") == installed


@pytest.mark.slow
def test_without_it_commands_decode_and_free_text_names_the_download(
    tmp_path: Path, bundle_like_model: Path, caplog: pytest.LogCaptureFixture
) -> None:
    models = tmp_path / "models"
    assert engine.general_lm(models) is None
    recognizer = engine.PocketSphinxRecognizer(tmp_path / "cache", models_dir=models)
    recognizer.fallback_confidence = 1.1  # every reading is "weak": the fallback would run
    recognizer.prepare()
    assert "models install pocketsphinx-en-us-lm" in caplog.text
    stream = recognizer.stream("command")
    stream.accept(SILENCE)
    transcript = stream.finish()
    assert transcript.mode == "command" and transcript.alternatives == ()
    with pytest.raises(ModelNotInstalledError, match="models install pocketsphinx-en-us-lm"):
        recognizer.stream("free")

    # Installed into the models folder (as `homebody models install` does), free text works.
    installed = models / engine.GENERAL_LM / "en-us.lm.bin"
    installed.parent.mkdir(parents=True)
    installed.symlink_to(bundle_like_model)
    again = engine.PocketSphinxRecognizer(tmp_path / "cache", models_dir=models)
    again.prepare()
    free = again.stream("free")
    free.accept(SILENCE)
    assert free.finish().mode == "free"
