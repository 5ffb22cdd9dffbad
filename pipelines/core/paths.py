"""Where Homebody keeps its files.

Platform directories come from platformdirs. ``HOMEBODY_HOME`` overrides all of them (tests
and portable installs use it): config, data, models and cache then live below that folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "homebody"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    models_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "homebody.sqlite3"

    @property
    def ledger_head(self) -> Path:
        return self.data_dir / "ledger.head"

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.models_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def from_environment(cls) -> AppPaths:
        home = os.environ.get("HOMEBODY_HOME")
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "config", root / "data", root / "models", root / "cache")
        import platformdirs

        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "models",
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )


def project_root() -> Path:
    """The source tree root (where ``assets/`` and ``models/`` live)."""
    return Path(__file__).resolve().parents[2]


def assets_dir() -> Path:
    override = os.environ.get("HOMEBODY_ASSETS")
    return Path(override) if override else project_root() / "assets"


def bundled_models_dir() -> Path:
    """``models/`` of the source tree: the manifest, model cards and our own intent model."""
    override = os.environ.get("HOMEBODY_BUNDLED_MODELS")
    return Path(override) if override else project_root() / "models"


def shared_dir() -> Path | None:
    """The ``../shared`` folder of real models and data, when it is present."""
    override = os.environ.get("HOMEBODY_SHARED")
    candidate = Path(override) if override else project_root().parent / "shared"
    return candidate if candidate.is_dir() else None
