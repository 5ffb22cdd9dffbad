"""Where Homebody keeps its files.

Platform directories come from platformdirs. ``HOMEBODY_HOME`` overrides all of them (tests
and portable installs use it): config, data, models and cache then live below that folder.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .private_fs import private_dir

APP_NAME = "homebody"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    models_dir: Path
    cache_dir: Path
    home: Path | None = None
    """The one folder holding all four (``HOMEBODY_HOME``), or None for platform folders."""

    @property
    def config_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "homebody.sqlite3"

    @property
    def ledger_head(self) -> Path:
        return self.data_dir / "ledger.head"

    @property
    def roots(self) -> tuple[Path, ...]:
        """The top folders of everything Homebody keeps (none inside another); the
        ``HOMEBODY_HOME`` folder itself is not one: other files may live beside ours there."""
        folders = sorted({self.config_dir, self.data_dir, self.models_dir, self.cache_dir})
        return tuple(f for f in folders if not any(p in f.parents for p in folders))

    def ensure(self) -> AppPaths:
        """Create the folders owner-only (``0700``); see :mod:`pipelines.core.private_fs`."""
        if self.home is not None:
            private_dir(self.home)
        for folder in (self.config_dir, self.data_dir, self.models_dir, self.cache_dir):
            private_dir(folder)
        return self

    @classmethod
    def under(cls, home: Path) -> AppPaths:
        """Every folder inside one home folder (``HOMEBODY_HOME``, a test, a training tool)."""
        root = home.expanduser().resolve()
        return cls(root / "config", root / "data", root / "models", root / "cache", root)

    @classmethod
    def from_environment(cls) -> AppPaths:
        home = os.environ.get("HOMEBODY_HOME")
        if home:
            return cls.under(Path(home))
        # lazy: start-up speed (platformdirs loads only when from_environment() runs)
        import platformdirs

        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "models",
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )


def frozen_bundle_dir() -> Path | None:
    """The data folder of a PyInstaller build (``sys._MEIPASS``, e.g. ``homebody/_internal``),
    or None when running from source."""
    meipass = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return Path(meipass).resolve() if meipass else None


def is_frozen() -> bool:
    """True inside a PyInstaller build."""
    return frozen_bundle_dir() is not None


def project_root() -> Path:
    """Where ``assets/`` and ``models/`` live: the source tree root, or in a frozen build the
    bundle's data folder."""
    return frozen_bundle_dir() or Path(__file__).resolve().parents[2]


def assets_dir() -> Path:
    override = os.environ.get("HOMEBODY_ASSETS")
    return Path(override) if override else project_root() / "assets"


def bundled_models_dir() -> Path:
    """``models/`` of the source tree: the manifest, model cards and our own intent model."""
    override = os.environ.get("HOMEBODY_BUNDLED_MODELS")
    return Path(override) if override else project_root() / "models"


def shared_dir() -> Path | None:
    """The ``../shared`` folder of real models and data, when it is present.

    A frozen build has no source tree beside it, so there only ``HOMEBODY_SHARED`` counts."""
    override = os.environ.get("HOMEBODY_SHARED")
    if not override and is_frozen():
        return None
    candidate = Path(override) if override else project_root().parent / "shared"
    return candidate if candidate.is_dir() else None


def code_stamp(*modules: str) -> str:
    """Which code is installed: size and change time of each named module's file, found
    without importing it; in a frozen build, where modules have no files, the build's
    executable. A cache made from that code (pint's factors, the place table, settings
    checked against the schema) is named by it, so other code starts afresh."""
    parts = []
    for name in modules:
        spec = importlib.util.find_spec(name)
        try:
            stat = os.stat(spec.origin if spec and spec.origin else sys.executable)
        except OSError:
            stat = os.stat(sys.executable)
        parts.append(f"{stat.st_size:x}{stat.st_mtime_ns:x}")
    return "-".join(parts)
