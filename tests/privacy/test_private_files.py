"""Owner-only files: created 0700/0600 even without the umask, loose installs tightened once."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> object:
    """The most permissive umask a desktop session might hand us."""
    old = os.umask(0o002)
    yield
    os.umask(old)


def test_a_fresh_home_is_owner_only_without_the_umask(home: Path, open_umask: object) -> None:
    from pipelines.app_context import AppContext
    from pipelines.core.settings import save_settings

    app = AppContext.create(guard=False)
    try:
        app.ledger.record("data_written", "lists", items=1)
        save_settings(app.settings, app.paths.config_file)
        db = app.paths.database
        assert Path(f"{db}-wal").exists()  # the WAL is open while the app runs
        for path in (home, app.paths.config_dir, app.paths.data_dir, app.paths.cache_dir,
                     app.paths.models_dir):  # fmt: skip
            assert mode(path) == 0o700, path
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), app.paths.ledger_head,
                     app.paths.config_file):  # fmt: skip
            assert mode(path) == 0o600, path
    finally:
        app.close()


def test_a_loose_home_is_tightened_on_start_and_the_ledger_says_so_once(home: Path) -> None:
    from pipelines.app_context import AppContext
    from pipelines.core.private_fs import loose_entries

    app = AppContext.create(guard=False)
    app.ledger.record("data_written", "lists", items=1)
    (app.paths.data_dir / "thumbnails").mkdir()
    (app.paths.data_dir / "thumbnails" / "cup.jpg").write_bytes(b"jpeg")
    app.close()
    for path in [home, *home.rglob("*")]:  # as an old version or a restored backup left it
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    os.chmod(app.paths.data_dir / "thumbnails" / "cup.jpg", 0o744)  # owner's x bit is kept
    assert loose_entries([home])

    for _ in range(2):
        app = AppContext.create(guard=False)
        rows = [e for e in app.ledger.entries() if e.kind == "files_protected"]
        assert app.ledger.verify().ok
        app.close()
    assert loose_entries([home]) == []
    assert mode(app.paths.data_dir / "thumbnails" / "cup.jpg") == 0o700
    assert len(rows) == 1, rows  # the second start found nothing to fix
    detail = rows[0].detail
    assert detail["reason"] == "start" and detail["failed"] == 0
    assert detail["folders"] >= 6 and detail["files"] >= 3  # home, 4 folders, thumbnails


def test_the_one_click_fix_tightens_a_restored_backup_while_running(app: object) -> None:
    from pipelines.privacy.protection import category_protection, fix, stores

    paths = app.paths  # type: ignore[attr-defined]
    folder = paths.data_dir / "voice_profile"
    folder.mkdir()
    (folder / "profile.json").write_text("{}")
    os.chmod(folder, 0o755)
    os.chmod(folder / "profile.json", 0o644)
    os.chmod(paths.database, 0o644)
    by_category = category_protection(paths)
    assert not by_category["voice_profile"].private
    assert not by_category["lists"].private  # a table in the loose database
    assert by_category["voice_profile"].status.startswith("other accounts too (2 entries)")
    assert {s.name for s in stores(paths) if not s.private} == {"database", "voice_profile"}

    result = fix(paths, app.ledger)  # type: ignore[attr-defined]
    assert (result.folders, result.files) == (1, 2)
    assert all(p.private for p in category_protection(paths).values())
    row = app.ledger.entries(kind="files_protected")[0]  # type: ignore[attr-defined]
    assert row.detail["reason"] == "user"


def test_tighten_never_follows_a_symlink_out_of_the_home(tmp_path: Path) -> None:
    from pipelines.core.private_fs import tighten

    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    os.chmod(outside, 0o644)
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "link").symlink_to(outside)
    tighten([home])
    assert mode(outside) == 0o644


def test_files_beside_ours_in_homebody_home_are_left_alone(home: Path) -> None:
    """A portable install may keep other things in its folder: only ours are tightened."""
    from pipelines.app_context import AppContext

    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    readme = home / "README-portable.txt"
    readme.write_text("Homebody on a stick")
    os.chmod(readme, 0o644)
    AppContext.create(guard=False).close()
    assert mode(home) == 0o700  # the folder itself: nobody else may enter
    assert mode(readme) == 0o644


def test_doctor_names_what_other_accounts_can_read(app: Any) -> None:
    from pipelines.privacy.checks import check_privacy

    os.chmod(app.paths.database, 0o644)
    files = check_privacy(app)[0]
    assert not files.ok and "privacy protect" in files.fix
    assert "database (with its WAL and SHM files)" in files.detail
    os.chmod(app.paths.database, 0o600)
    assert check_privacy(app)[0].ok
