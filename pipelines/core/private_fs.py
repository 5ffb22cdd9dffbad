"""Owner-only files: what Homebody keeps is readable by the user who runs it and nobody else.

Three layers, so that no path depends on one remembering the other two:

- :func:`private_process` sets the process umask to ``077`` first thing in every entry point
  (the ``homebody`` command, the desktop app, the frozen build), so every folder and file that
  any code or library creates is ``0700``/``0600`` from birth (SQLite's ``-wal``/``-shm`` files
  copy the database file's mode; OpenCV's thumbnails, zip extraction and temp folders follow
  the umask).
- :func:`private_dir` and :func:`private_file` create Homebody's own folders and files with
  explicit modes, for code that runs without the umask (tests, an embedding program).
- :func:`tighten` walks an existing install and removes group/other bits: an old version's
  ``0644``/``0755`` files or a restored backup are fixed on start, and from the dashboard.

On Windows the per-user ``AppData`` folders are already closed to other accounts by their
ACLs; POSIX modes mean little there, so these functions only create folders there.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PRIVATE_UMASK = 0o077
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = os.name == "posix"


def private_process() -> None:
    """Call first thing in an entry point: owner-only umask, secrets scrubbed from log lines."""
    if POSIX:
        os.umask(PRIVATE_UMASK)
    # lazy: start-up speed (.redact loads only when private_process() runs)
    from .redact import install_log_scrubber

    install_log_scrubber()


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as ``0700``; an existing folder is tightened."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if POSIX and path.stat().st_mode & 0o077:
        os.chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty as ``0600`` if it is missing; tighten it if it is looser."""
    if POSIX:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
        os.close(fd)
        if path.stat().st_mode & 0o077:
            os.chmod(path, PRIVATE_FILE)
    else:
        path.touch(exist_ok=True)
    return path


def write_private(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` atomically (temp file + rename) into a ``0600`` file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        if POSIX:
            os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def is_loose(mode: int) -> bool:
    """True when group or other accounts have any permission on this file or folder."""
    return bool(mode & 0o077)


def _walk(root: Path) -> Iterator[tuple[str, int]]:
    """(path, mode) of ``root`` and everything below it, without following symbolic links."""
    try:
        mode = root.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        return
    yield os.fspath(root), mode
    if stat.S_ISDIR(mode):
        yield from _below(os.fspath(root))


def _below(folder: str) -> Iterator[tuple[str, int]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            continue
        yield entry.path, mode
        if stat.S_ISDIR(mode):
            yield from _below(entry.path)


def loose_entries(roots: Iterable[Path]) -> list[Path]:
    """Folders and files below ``roots`` that other accounts could read or enter."""
    if not POSIX:
        return []
    return [Path(path) for root in roots for path, mode in _walk(root) if is_loose(mode)]


@dataclass(frozen=True)
class Tightened:
    folders: int = 0
    files: int = 0
    failed: tuple[str, ...] = field(default_factory=tuple)
    """Paths that could not be changed (another owner, a read-only disk)."""

    @property
    def changed(self) -> int:
        return self.folders + self.files


def tighten(roots: Iterable[Path], folders_only: Iterable[Path] = ()) -> Tightened:
    """Remove group/other permissions below ``roots`` (and from the ``folders_only``
    themselves, not what they hold): folders ``0700``, files keep only the owner's bits
    (``0600``, or ``0700`` for a program such as a downloaded engine)."""
    if not POSIX:
        return Tightened()
    folders = files = 0
    failed: list[str] = []
    shallow = [
        (os.fspath(p), p.lstat().st_mode) for p in folders_only if p.is_dir() and not p.is_symlink()
    ]
    for path, mode in itertools.chain(shallow, *(_walk(root) for root in roots)):
        if not is_loose(mode):
            continue
        is_dir = stat.S_ISDIR(mode)
        try:
            os.chmod(path, PRIVATE_DIR if is_dir else (stat.S_IMODE(mode) & 0o700) | 0o600)
        except OSError:
            failed.append(path)
            continue
        if is_dir:
            folders += 1
        else:
            files += 1
    return Tightened(folders, files, tuple(failed))
