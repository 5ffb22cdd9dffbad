"""Who can read what Homebody keeps: per-store file-mode checks, the fix, and their ledger rows.

The dashboard's "readable only by you" column, ``homebody privacy report``, ``homebody doctor``
and the start-up tightening all use this module, so each store is checked the same way,
live from the file modes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.paths import AppPaths
from ..core.private_fs import POSIX, Tightened, is_loose, loose_entries, tighten
from .inventory import CATEGORIES, DataCategory
from .ledger import Ledger


@dataclass(frozen=True)
class StoreProtection:
    name: str
    label: str
    paths: tuple[Path, ...]
    loose: tuple[Path, ...]
    """Files and folders of this store that other accounts could read or enter."""

    @property
    def private(self) -> bool:
        return not self.loose

    @property
    def status(self) -> str:
        if not POSIX:
            return "only you (your Windows account's AppData)"
        if self.private:
            return "only you"
        return f"other accounts too ({len(self.loose)} {_plural(len(self.loose), 'entry')})"

    def to_dict(self, root: Path | None = None) -> dict[str, Any]:
        return {
            "store": self.name,
            "label": self.label,
            "readable_only_by_you": self.private,
            "loose": [_relative(p, root) for p in self.loose],
        }


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word[:-1] + "ies" if word.endswith("y") else word + "s"


def _relative(path: Path, root: Path | None) -> str:
    if root is not None and root in path.parents:
        return str(path.relative_to(root))
    return path.name


def database_files(paths: AppPaths) -> tuple[Path, ...]:
    db = paths.database
    return (db, Path(f"{db}-wal"), Path(f"{db}-shm"))


def category_paths(cat: DataCategory, paths: AppPaths) -> tuple[Path, ...]:
    """The files that hold one data category: the database for tables, its own folder."""
    found: tuple[Path, ...] = database_files(paths) if cat.tables else ()
    if cat.files_subdir:
        found += (paths.data_dir / cat.files_subdir,)
    return found


def _check(
    name: str, label: str, candidates: tuple[Path, ...], *, below: bool = True
) -> StoreProtection:
    """``below``: also everything inside the folders (False: only the folders themselves)."""
    present = tuple(p for p in candidates if os.path.lexists(p))
    if below:
        loose = tuple(loose_entries(present))
    else:
        loose = tuple(p for p in present if POSIX and is_loose(p.lstat().st_mode))
    return StoreProtection(name, label, present, loose)


def category_protection(paths: AppPaths) -> dict[str, StoreProtection]:
    """Per data category of the inventory (the dashboard's table)."""
    return {c.name: _check(c.name, c.label, category_paths(c, paths)) for c in CATEGORIES}


def stores(paths: AppPaths) -> list[StoreProtection]:
    """Every store Homebody keeps, including the folders themselves."""
    home = (paths.home,) if paths.home is not None else ()
    folders = tuple(dict.fromkeys((*home, *paths.roots)))
    return [
        _check("folders", "Homebody's folders", folders, below=False),
        _check("database", "Database (with its WAL and SHM files)", database_files(paths)),
        _check("ledger", "Privacy ledger head", (paths.ledger_head,)),
        _check("settings", "Settings and the passwords file", (paths.config_dir,)),
        *(
            _check(c.name, c.label, (paths.data_dir / c.files_subdir,))
            for c in CATEGORIES
            if c.files_subdir
        ),
        _check("models", "Downloaded models", (paths.models_dir,)),
        _check("cache", "Cache", (paths.cache_dir,)),
    ]


def all_loose(paths: AppPaths) -> list[Path]:
    """Everything below Homebody's folders that other accounts could read or enter."""
    home = [paths.home] if paths.home is not None and paths.home.is_dir() else []
    return [p for p in home if is_loose(p.stat().st_mode)] + loose_entries(paths.roots)


def tighten_install(paths: AppPaths) -> Tightened:
    """Owner-only modes for Homebody's folders and everything in them."""
    return tighten(paths.roots, [paths.home] if paths.home is not None else [])


def record_tightened(ledger: Ledger, result: Tightened, reason: str) -> None:
    if result.changed or result.failed:
        ledger.record(
            "files_protected",
            "files",
            folders=result.folders,
            files=result.files,
            failed=len(result.failed),
            reason=reason,
        )


def fix(paths: AppPaths, ledger: Ledger) -> Tightened:
    """Make everything owner-only now (the dashboard's one-click fix); ledgered."""
    result = tighten_install(paths)
    record_tightened(ledger, result, "user")
    return result


def record_protection(ledger: Ledger, tightened: Tightened, moved_secrets: list[str]) -> None:
    """The start-up ledger rows: looser modes tightened, plain secrets moved to the keyring."""
    record_tightened(ledger, tightened, "start")
    if moved_secrets:
        ledger.record(
            "settings_changed", "passwords", moved_to_keyring=moved_secrets, reason="migration"
        )
