"""Quality gates that CI enforces: the Qt boundary, lint, and strict typing of pipelines/."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def test_pipelines_never_import_qt() -> None:
    out = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_ruff_lint_clean() -> None:
    out = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_ruff_format_clean() -> None:
    out = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout[-3000:]


@pytest.mark.slow
def test_mypy_strict_on_pipelines() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert out.returncode == 0, out.stdout[-3000:]


def test_no_module_imports_qt_outside_app_gui() -> None:
    """Belt and braces beside import-linter: also catches imports hidden in functions."""
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)\b", re.M)
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "pipelines").rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
