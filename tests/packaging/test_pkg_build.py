"""The build driver (packaging/build_bundle.py) and its clean-environment rule."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pkgload import PACKAGING, ROOT, load

build = load("build_bundle")


def test_pyinstaller_is_an_optional_extra_not_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("pyinstaller") for d in project["optional-dependencies"]["package"])
    assert not any(d.lower().startswith("pyinstaller") for d in project["dependencies"])
    # The build installs runtime dependencies only: nothing it refuses may be a dependency.
    runtime = " ".join(project["dependencies"]).lower()
    for forbidden in build.FORBIDDEN_IN_VENV:
        assert forbidden not in runtime


def test_venv_python_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert build.venv_python(tmp_path) == tmp_path / "Scripts" / "python.exe"
    monkeypatch.setattr(sys, "platform", "linux")
    assert build.venv_python(tmp_path) == tmp_path / "bin" / "python"


def test_strip_touches_only_the_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(build.shutil, "which", lambda name: "/usr/bin/strip")
    monkeypatch.setattr(build.subprocess, "run", lambda cmd, check: calls.append(cmd))
    inner = tmp_path / "homebody" / "_internal"
    (inner / "python3.11" / "lib-dynload").mkdir(parents=True)
    (inner / "cv2").mkdir()
    for rel in ("libpython3.11.so.1.0", "python3.11/lib-dynload/_ssl.so", "cv2/cv2.abi3.so"):
        (inner / rel).write_bytes(b"elf")
    build.strip_python_runtime(tmp_path / "homebody")
    stripped = sorted(Path(c[-1]).name for c in calls)
    assert stripped == ["_ssl.so", "libpython3.11.so.1.0"]
    assert all(c[1] == "--strip-debug" for c in calls)


def test_help_runs_without_building() -> None:
    out = subprocess.run(
        [sys.executable, str(PACKAGING / "build_bundle.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--reuse-venv" in out.stdout
