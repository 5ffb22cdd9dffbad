"""Fixtures for the at-rest privacy tests: the real ``homebody`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
Runner = Callable[..., str]


def homebody_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, HOMEBODY_HOME=str(home), PYTHONPATH=str(ROOT), **extra)
    env.pop("HOMEBODY_KEYRING", None)
    return env


def make_runner(home: Path, log: list[str], **extra: str) -> Runner:
    """``run("ask", "what time is it")``: the installed command's entry point, as a user
    starts it (its own process: the umask, the log scrubber and the start-up checks run)."""

    def run(*argv: str, ok: bool = True, timeout: float = 600) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli.main", *argv],
            env=homebody_env(home, **extra),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        log.append(f"$ homebody {' '.join(argv)}\n{proc.stdout}\n{proc.stderr}")
        if ok:
            assert proc.returncode == 0, log[-1]
        return proc.stdout

    return run


@pytest.fixture
def photos_folder(shared: Path, tmp_path: Path) -> Path:
    """An image-folder camera: real photos with a cup and a person in them."""
    import shutil

    folder = tmp_path / "camera-frames"
    folder.mkdir()
    permissive = shared / "data/photos/permissive"
    for name in ("skimage_coffee.png", "skimage_astronaut.png"):
        shutil.copy(permissive / name, folder / name)
    return folder


@pytest.fixture
def recipe_page(shared: Path) -> Path:
    page = shared / "data/recipes/html/budgetbytes.com/budgetbytes.testhtml"
    if not page.exists():
        pytest.skip(f"{page} is not in ../shared")
    return page
