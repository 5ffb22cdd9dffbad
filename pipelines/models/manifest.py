"""Read ``models/manifest.toml``: every model and dataset Homebody uses, with provenance.

``runtime`` says how a model reaches the user: "download" (a public URL + sha256; installed by
the model manager from the internet on request or from a local mirror folder), "pypi" (shipped
inside a Python package we depend on), "bundled" (committed in this repository) or "dataset"
(training/test data credited in the inventory, never shipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import ModelError
from ..core.paths import bundled_models_dir

RUNTIMES = ("download", "pypi", "bundled", "dataset")


@dataclass(frozen=True)
class ModelFile:
    name: str
    sha256: str
    size: int
    url: str = ""
    mirror_path: str = ""
    """Where the file sits below a mirror folder (e.g. ``vision/yolox_nano/yolox_nano.onnx``)."""
    unpack: str = ""
    """"zip": the file is an archive that is verified, then unpacked into the model folder."""
    path: str = ""
    """For bundled models: the path relative to the repository's ``models/`` folder."""


@dataclass(frozen=True)
class ModelEntry:
    name: str
    kind: str
    title: str
    licence: str
    source: str
    runtime: str
    files: tuple[ModelFile, ...] = ()
    card: str = ""
    package: str = ""
    """For runtime "pypi": the distribution that ships it. For "download": the Python package
    that already provides the model in a source install (the installers leave it out)."""
    description: str = ""
    optional: bool = True

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def downloadable(self) -> bool:
        return self.runtime == "download"

    def file(self, name: str) -> ModelFile:
        for f in self.files:
            if f.name == name:
                return f
        raise ModelError(f"Model {self.name} has no file {name!r}")


def _entry(raw: dict[str, Any], where: str) -> ModelEntry:
    try:
        files = tuple(ModelFile(**f) for f in raw.get("files", []))
        fields = {k: v for k, v in raw.items() if k != "files"}
        entry = ModelEntry(files=files, **fields)
    except TypeError as exc:
        raise ModelError(f"{where}: malformed model entry {raw.get('name', '?')!r}: {exc}") from exc
    if entry.runtime not in RUNTIMES:
        raise ModelError(f"{where}: model {entry.name} has unknown runtime {entry.runtime!r}")
    for f in entry.files:
        if entry.runtime == "download" and (len(f.sha256) != 64 or not f.url or f.size <= 0):
            raise ModelError(
                f"{where}: {entry.name}/{f.name} needs a url, a size and a sha256 to be installable"
            )
    return entry


def load_manifest(path: Path | None = None) -> dict[str, ModelEntry]:
    path = path or bundled_models_dir() / "manifest.toml"
    # lazy: start-up speed (tomllib loads only when the manifest is read)
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"The model manifest {path} is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"The model manifest {path} is not valid TOML: {exc}") from exc
    entries: dict[str, ModelEntry] = {}
    for raw in data.get("model", []):
        entry = _entry(raw, str(path))
        if entry.name in entries:
            raise ModelError(f"{path}: model {entry.name} is listed twice")
        entries[entry.name] = entry
    return entries
