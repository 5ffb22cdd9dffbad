"""Homebody writes only inside its own folders (issue 26).

On Windows those are the per-user ``AppData`` folders, which other accounts cannot open; on
Linux and macOS the owner-only modes do the same. Either way the promise only holds if nothing
is written anywhere else: not the user's home, not the temp folder, not the working directory.
A fresh user home is used for each run and every file in it is accounted for afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import make_runner

pytestmark = pytest.mark.slow


def files_below(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def use_the_app(run: Callable[..., str], shared: Path, photos: Path, page: Path) -> None:
    run("ask", "add flour to the shopping list")
    run("ask", "set a timer for 3 minutes")
    run("recipe", "import", str(page))
    run("models", "install", "yolox-nano", "--from", str(shared / "models"))
    run("vision", "watch", str(photos), "--camera-name", "kitchen")
    run("doctor")
    run("privacy", "report", "--json")


@pytest.fixture
def fresh_user(tmp_path: Path) -> dict[str, str]:
    """A user's home, temp folder and working directory, all empty."""
    user = tmp_path / "user"
    for name in ("home", "tmp", "cwd"):
        (user / name).mkdir(parents=True)
    return {
        "HOME": str(user / "home"),
        "USERPROFILE": str(user / "home"),
        "TMPDIR": str(user / "tmp"),
        "TMP": str(user / "tmp"),
        "TEMP": str(user / "tmp"),
        "PYTHONDONTWRITEBYTECODE": "1",  # the interpreter's own caches are not ours
        "XDG_CONFIG_HOME": "",
        "XDG_DATA_HOME": "",
        "XDG_CACHE_HOME": "",
        "XDG_STATE_HOME": "",
    }


def test_with_homebody_home_nothing_is_written_outside_it(
    fresh_user: dict[str, str], tmp_path: Path, shared: Path, photos_folder: Path,
    recipe_page: Path,
) -> None:  # fmt: skip
    home = tmp_path / "homebody-home"
    user = Path(fresh_user["HOME"]).parent
    run = make_runner(home, [], **fresh_user)
    use_the_app(run, shared, photos_folder, recipe_page)
    assert files_below(user) == set(), sorted(files_below(user))
    assert len(files_below(home)) >= 8  # database, ledger head, settings, model, crops...


def test_platform_folders_are_the_only_ones_written(
    fresh_user: dict[str, str], shared: Path, photos_folder: Path, recipe_page: Path,
) -> None:  # fmt: skip
    """Without HOMEBODY_HOME: the platform's per-user folders (``~/.config/homebody``,
    ``~/.local/share/homebody``, ``~/.cache/homebody``; ``AppData`` on Windows)."""
    import subprocess
    import sys

    from .conftest import homebody_env

    env = homebody_env(Path("unused"), **fresh_user, HOMEBODY_HOME="")
    where = "from pipelines.core.paths import AppPaths; print(*AppPaths.from_environment().roots)"
    out = subprocess.run([sys.executable, "-c", where], env=env, capture_output=True, text=True)
    ours = [Path(p) for p in out.stdout.split()]
    user = Path(fresh_user["HOME"]).parent
    assert all(user in folder.parents for folder in ours), ours
    run = make_runner(Path("unused"), [], **fresh_user, HOMEBODY_HOME="")
    use_the_app(run, shared, photos_folder, recipe_page)
    written = files_below(user)
    elsewhere = sorted(p for p in written if not any(f in p.parents for f in ours))
    assert elsewhere == []
    assert any(p.name == "homebody.sqlite3" for p in written)
    for folder in ours:
        if folder.exists():
            assert folder.stat().st_mode & 0o077 == 0 or os.name != "posix", folder
