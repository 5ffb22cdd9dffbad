"""A detector from the first run, with no model command.

``./scripts/setup`` runs ``python -m pipelines.vision.first_run`` once: it puts the default
detector (YOLOX-Nano, 3.7 MB) into the *setup cache* ``<venv>/share/homebody/models`` — from
a local mirror folder when there is one (``HOMEBODY_MODEL_MIRROR``, or ``../shared/models``
beside a source checkout), else from its public URL — and installs it for the current user.
Every file is sha256-verified by the model manager. Offline, setup says so and carries on.

Later, when the app (or ``vision watch``, ``where``) needs the default detector and the user's
models folder does not have it — a new user, a fresh ``HOMEBODY_HOME`` — it is installed from
the setup cache or a local mirror, never from the network: the only download is the one
setup (a user-started command) makes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ModelError
from ..models.manager import ModelManager, mirror_candidates

if TYPE_CHECKING:
    from ..models.manager import ModelManager

log = logging.getLogger(__name__)

DEFAULT_DETECTOR = "yolox-nano"


def setup_cache() -> Path:
    """Where ``scripts/setup`` keeps the default detector for every user of this install."""
    return Path(sys.prefix) / "share" / "homebody" / "models"


def local_mirrors(*, development: bool = False) -> list[Path]:
    """Folders a model may be copied from without the network, in order of preference:
    ``HOMEBODY_MODEL_MIRROR``, the setup cache and (for setup in a source checkout only,
    ``development=True``) ``../shared/models``."""
    folders = [setup_cache()]
    env = os.environ.get("HOMEBODY_MODEL_MIRROR")
    if env:
        folders.insert(0, Path(env))
    if development:
        # lazy: start-up speed (..core.paths loads only when local_mirrors() runs)
        from ..core.paths import shared_dir

        shared = shared_dir()
        if shared is not None:
            folders.append(shared / "models")
    return [f for f in folders if f.is_dir()]


def _mirror_has(manager: ModelManager, name: str, folder: Path) -> bool:
    entry = manager.entry(name)
    return all(any(c.is_file() for c in mirror_candidates(entry, f, folder)) for f in entry.files)


def ready_copy(manager: ModelManager, name: str) -> Path | None:
    """The local folder (setup cache or mirror) a missing model would be copied in from on
    first use, or None: doctor and ``models list`` say it is ready rather than missing."""
    if manager.entry(name).runtime != "download":
        return None
    return next((f for f in local_mirrors() if _mirror_has(manager, name, f)), None)


def ensure_detector(manager: ModelManager, name: str = DEFAULT_DETECTOR) -> str:
    """Install ``name`` from a local folder if it is missing. Returns "installed",
    "already installed" or "unavailable" (nothing local has it: the user is told how)."""
    if manager.is_installed(name):
        return "already installed"
    for folder in local_mirrors():
        if not _mirror_has(manager, name, folder):
            continue
        try:
            manager.install(name, from_dir=folder)
        except ModelError as exc:  # a corrupt copy: try the next folder
            log.warning("could not install %s from %s: %s", name, folder, exc.message)
            continue
        log.info("installed %s from %s", name, folder)
        return "installed"
    return "unavailable"


def cache_for_setup(name: str = DEFAULT_DETECTOR, cache: Path | None = None) -> str:
    """Fill the setup cache from a local mirror or the public URL; a message for the user."""

    cache = cache or setup_cache()
    cache.mkdir(parents=True, exist_ok=True)
    cached = ModelManager(cache)
    if cached.is_installed(name):
        return f"The {name} detector is ready ({cache / name})."
    mirrors = [
        m for m in local_mirrors(development=True) if m != cache and _mirror_has(cached, name, m)
    ]
    try:
        cached.install(name, from_dir=mirrors[0] if mirrors else None)
    except ModelError as exc:
        return (
            f"Could not get the {name} object detector ({exc.message}). Homebody works "
            f"without it; cameras start once you run `homebody models install {name}` "
            "with a network connection (or `--from FOLDER` with a copy of the model)."
        )
    where = f"from {mirrors[0]}" if mirrors else "from its public URL"
    return f"Installed the {name} object detector {where} (sha256 verified)."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_DETECTOR)
    parser.add_argument("--cache", type=Path, help="setup cache folder (default: in the venv)")
    args = parser.parse_args(argv)
    print(cache_for_setup(args.model, args.cache))
    # lazy: start-up speed (..core.paths loads only when main() runs)
    from ..core.paths import AppPaths

    cache = args.cache or setup_cache()
    user = ModelManager(AppPaths.from_environment().ensure().models_dir)
    if ModelManager(cache).is_installed(args.model) and not user.is_installed(args.model):
        user.install(args.model, from_dir=cache)  # this user's copy, verified again
    return 0


if __name__ == "__main__":
    sys.exit(main())
