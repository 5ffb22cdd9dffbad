"""The build driver (packaging/build_bundle.py) and its clean-environment rule."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from homebody_packaging import build_bundle as build
from homebody_packaging.constants import PACKAGING, ROOT


def test_pyinstaller_is_an_optional_extra_not_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("pyinstaller") for d in project["optional-dependencies"]["package"])
    assert not any(d.lower().startswith("pyinstaller") for d in project["dependencies"])
    # The build installs runtime dependencies only: nothing it refuses may be a dependency.
    names = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert names.isdisjoint(build.FORBIDDEN_IN_VENV)


def test_venv_python_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert build.venv_python(tmp_path) == tmp_path / "Scripts" / "python.exe"
    monkeypatch.setattr(sys, "platform", "linux")
    assert build.venv_python(tmp_path) == tmp_path / "bin" / "python"


def test_no_step_edits_a_dependency_s_binaries() -> None:
    """Issue 25: no stubs, shims, recompiled detectors, trimmed data or stripped libraries;
    the build leaves out whole files only (bundle_data.DROPPED_FILES)."""
    for gone in ("slim_bundle", "icu_data", "opencv_blas", "opencv_codecs", "strip_bundle"):
        assert not hasattr(build, gone), gone
    for folder in ("blas_shim", "codec_stub", "facehog", "icu"):
        assert not (PACKAGING / folder).exists(), folder
    sources = [p for p in PACKAGING.rglob("*") if p.suffix in (".c", ".cpp", ".h")]
    assert sources == []
    # ...nor does the app look for one (the loader of the compiled-alone face detector).
    assert not (ROOT / "pipelines" / "vision" / "facehog.py").exists()


def test_a_kept_environment_is_remade_when_another_python_is_asked_for(tmp_path: Path) -> None:
    """--python /usr/bin/python3 with --reuse-venv: an environment made by another interpreter
    (a pyenv build with debug info in libpython) is not kept, or the bundle would carry it."""
    venv = tmp_path / "venv"
    assert not build.made_from(venv, Path("/usr/bin/python3"))  # nothing there yet
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /root/.pyenv/versions/3.11.7/bin\nversion = 3.11.7\n")
    assert not build.made_from(venv, Path("/usr/bin/python3"))
    assert build.made_from(venv, Path("/root/.pyenv/versions/3.11.7/bin/python3"))
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\n")
    assert build.made_from(venv, Path("/usr/bin/python3"))


def test_tools_run_with_packaging_on_the_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    assert build.tools_env()["PYTHONPATH"] == str(PACKAGING)


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
        [sys.executable, "-m", "homebody_packaging.build_bundle", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(PACKAGING)},
    )
    assert "--reuse-venv" in out.stdout
