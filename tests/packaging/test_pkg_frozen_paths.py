"""pipelines.core.paths inside a PyInstaller build: assets and models come from sys._MEIPASS."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipelines.core import paths

SOURCE_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to run inside a one-folder build whose data folder is tmp_path/_internal."""
    bundle = tmp_path / "homebody" / "_internal"
    (bundle / "assets").mkdir(parents=True)
    (bundle / "models").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    for name in ("HOMEBODY_ASSETS", "HOMEBODY_BUNDLED_MODELS", "HOMEBODY_SHARED"):
        monkeypatch.delenv(name, raising=False)
    return bundle


def test_from_source_the_root_is_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delenv("HOMEBODY_ASSETS", raising=False)
    assert not paths.is_frozen()
    assert paths.frozen_bundle_dir() is None
    assert paths.project_root() == SOURCE_ROOT
    assert paths.assets_dir() == SOURCE_ROOT / "assets"


def test_frozen_build_reads_assets_and_models_from_the_bundle(frozen: Path) -> None:
    assert paths.is_frozen()
    assert paths.project_root() == frozen.resolve()
    assert paths.assets_dir() == frozen.resolve() / "assets"
    assert paths.bundled_models_dir() == frozen.resolve() / "models"


def test_frozen_build_has_no_shared_folder_unless_told(
    frozen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A "shared" folder next to the bundle must not be picked up as test data.
    (frozen.parent.parent / "shared").mkdir()
    (frozen.parent / "shared").mkdir()
    assert paths.shared_dir() is None
    explicit = tmp_path / "my-shared"
    explicit.mkdir()
    monkeypatch.setenv("HOMEBODY_SHARED", str(explicit))
    assert paths.shared_dir() == explicit


def test_environment_overrides_still_win_when_frozen(
    frozen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOMEBODY_ASSETS", str(tmp_path / "a"))
    monkeypatch.setenv("HOMEBODY_BUNDLED_MODELS", str(tmp_path / "m"))
    assert paths.assets_dir() == tmp_path / "a"
    assert paths.bundled_models_dir() == tmp_path / "m"


def test_sys_frozen_without_meipass_is_not_a_pyinstaller_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Other freezers (cx_Freeze, py2app) set sys.frozen but have no _MEIPASS.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not paths.is_frozen()
    assert paths.project_root() == SOURCE_ROOT
