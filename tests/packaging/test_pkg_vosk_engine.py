"""The Vosk engine, which the Linux installers leave out (bundle_data.DOWNLOADED_ENGINES): a
manifest download of PyPI's wheel, installed verified and unpacked by the model manager, found
on sys.path by the frozen entry point; without it ``auto`` falls back to PocketSphinx and
``--engine vosk`` names the install command. The install runs from a mirror folder built here
from the installed vosk package (no network)."""

from __future__ import annotations

import hashlib
import importlib
import logging
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from homebody_packaging import bundle_data

from pipelines.core.errors import ModelNotInstalledError, ModelVerificationError
from pipelines.models.manager import ModelManager
from pipelines.models.manifest import load_manifest

ENTRY = bundle_data.DOWNLOADED_ENGINES["vosk"]


def test_the_engine_entry_is_the_pinned_pypi_wheel() -> None:
    entry = load_manifest()[ENTRY]
    assert entry.runtime == "download" and entry.card
    (wheel,) = entry.files
    assert wheel.name.startswith("vosk-") and wheel.name.endswith("_x86_64.whl")
    assert wheel.url.startswith("https://files.pythonhosted.org/") and wheel.url.endswith(
        "/" + wheel.name
    )
    assert wheel.unpack == "zip" and wheel.size > 1_000_000 and len(wheel.sha256) == 64
    main = importlib.import_module("homebody_main")
    assert main.DOWNLOADED_ENGINES is bundle_data.DOWNLOADED_ENGINES  # one definition


def _mirror_from_installed_vosk(tmp_path: Path) -> tuple[Path, Path]:
    """A wheel-shaped zip of the installed vosk package and a manifest pinning it."""
    vosk = pytest.importorskip("vosk")
    package = Path(vosk.__file__).parent
    name = load_manifest()[ENTRY].files[0].name
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    wheel = mirror / name
    with zipfile.ZipFile(wheel, "w") as zf:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(package.parent).as_posix())
    data = wheel.read_bytes()
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        "[[model]]\n"
        f'name = "{ENTRY}"\nkind = "speech-engine"\ntitle = "Vosk engine"\n'
        'licence = "Apache-2.0"\nsource = "test"\nruntime = "download"\n'
        "[[model.files]]\n"
        f'name = "{name}"\nurl = "https://files.pythonhosted.org/x/{name}"\n'
        f'size = {len(data)}\nsha256 = "{hashlib.sha256(data).hexdigest()}"\nunpack = "zip"\n',
        encoding="utf-8",
    )
    return mirror, manifest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the wheel is Linux x86_64")
def test_installed_from_a_mirror_it_imports_from_the_models_folder(tmp_path: Path) -> None:
    mirror, manifest = _mirror_from_installed_vosk(tmp_path)
    manager = ModelManager(tmp_path / "models", manifest_path=manifest)
    folder = manager.install(ENTRY, from_dir=mirror)
    assert manager.is_installed(ENTRY) and (folder / "vosk" / "libvosk.so").is_file()
    # What the frozen entry point does, then libvosk really loads (SetLogLevel calls into it).
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import vosk; vosk.SetLogLevel(-1); "
        "print(vosk.__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(folder)], capture_output=True, text=True, check=True
    )
    assert Path(done.stdout.strip()).is_relative_to(folder)


def test_a_damaged_engine_download_is_refused(tmp_path: Path) -> None:
    mirror, manifest = _mirror_from_installed_vosk(tmp_path)
    wheel = next(mirror.glob("*.whl"))
    wheel.write_bytes(wheel.read_bytes()[:-10] + b"0123456789")
    manager = ModelManager(tmp_path / "models", manifest_path=manifest)
    with pytest.raises(ModelVerificationError):
        manager.install(ENTRY, from_dir=mirror)
    assert not manager.is_installed(ENTRY)


def test_the_frozen_app_names_the_engine_download(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.speech.asr import vosk_engine

    monkeypatch.setattr(vosk_engine, "is_frozen", lambda: True)
    assert f"homebody models install {ENTRY}" in vosk_engine.engine_missing_message()
    monkeypatch.setattr(vosk_engine, "is_frozen", lambda: False)
    assert "pip install vosk" in vosk_engine.engine_missing_message()


def test_without_the_engine_prepare_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.speech.asr import vosk_engine

    (tmp_path / "model" / "am").mkdir(parents=True)
    monkeypatch.setitem(sys.modules, "vosk", None)  # import vosk -> ImportError
    monkeypatch.setattr(vosk_engine, "is_frozen", lambda: True)
    with pytest.raises(ModelNotInstalledError, match=f"models install {ENTRY}"):
        vosk_engine.VoskRecognizer(tmp_path / "model").prepare()


def test_auto_uses_pocketsphinx_when_only_the_model_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from types import SimpleNamespace

    from pipelines.speech.asr import engines

    model = tmp_path / "vosk-model"
    (model / "am").mkdir(parents=True)
    from pipelines.speech.asr import vosk_engine

    monkeypatch.setattr(engines, "find_spec", lambda name: None)  # as in the installer
    monkeypatch.setitem(sys.modules, "vosk", None)
    monkeypatch.setattr(vosk_engine, "is_frozen", lambda: True)
    monkeypatch.setattr(engines, "command_phrases", lambda app: ["what time is it"])
    audio = SimpleNamespace(speech_engine="auto", vosk_model=str(model))
    app = SimpleNamespace(
        settings=SimpleNamespace(audio=audio),
        paths=SimpleNamespace(
            cache_dir=tmp_path / "cache", models_dir=tmp_path / "models", data_dir=tmp_path
        ),
    )
    created: dict[str, object] = {}

    class FakePocketSphinx:
        def __init__(self, *args: object, **kwargs: object) -> None:
            created["pocketsphinx"] = True

    monkeypatch.setattr(engines, "PocketSphinxRecognizer", FakePocketSphinx)
    with caplog.at_level(logging.WARNING):
        recognizer = engines.create_recognizer(app)  # type: ignore[arg-type]
    assert isinstance(recognizer, FakePocketSphinx) and created
    assert f"models install {ENTRY}" in caplog.text
    with pytest.raises(ModelNotInstalledError, match=f"models install {ENTRY}"):
        engines.create_recognizer(app, "vosk").prepare()  # type: ignore[arg-type]


def test_doctor_in_the_installer_points_at_the_engine_download(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipelines import doctor

    real = doctor.importlib.util.find_spec
    monkeypatch.setattr(
        doctor.importlib.util, "find_spec", lambda n: None if n == "vosk" else real(n)
    )
    monkeypatch.setattr(doctor, "is_frozen", lambda: True)
    check = next(c for c in doctor.check_system() if c.name == "vosk")
    assert not check.ok and check.fix == f"homebody models install {ENTRY}"
