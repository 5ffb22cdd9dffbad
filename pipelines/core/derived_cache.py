"""Small JSON files derived from bundled files, kept in the cache folder under a key.

Reading the intent model's ``tokenizer.json`` (a 0.7 MB document for a 30,522-word list) and
parsing the reply templates' TOML cost a one-shot ``homebody ask`` milliseconds it need not
spend: what is read from them is kept as plain JSON. A derived file's name carries a key of
its sources (name, size and modification time of each) and of the deriving code's format
version, so an edited source or a new format is a new name: the file is built once, and the
other files of the same kind in the folder (stale: of earlier sources) are deleted then. A
file that cannot be read, or does not hold what its reader expects, is deleted and rebuilt.
Without a cache folder (or a read-only one) everything is derived afresh each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .private_fs import private_dir, write_private

T = TypeVar("T")

DAMAGED = (OSError, ValueError, KeyError, TypeError, AttributeError)
"""What reading a damaged or foreign derived file raises (json's and the reader's errors)."""


def source_key(sources: Sequence[Path], version: int) -> str:
    """Changes when a source is replaced or edited, or the format ``version`` changes."""
    digest = hashlib.sha256(f"v{version}".encode())
    for path in sources:
        stat = path.stat()
        digest.update(f"\0{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def cached_json(
    folder: Path | None,
    kind: str,
    sources: Sequence[Path],
    version: int,
    build: Callable[[], tuple[Any, T]],
    read: Callable[[Any], T],
) -> T:
    """The value derived from ``sources``: ``read(data)`` of ``folder``'s
    ``<kind>-<key>.json`` when it holds a good copy, else what ``build()`` returns beside the
    data it keeps there for the next process (``build`` reads the sources; its errors
    propagate). ``read`` raises one of :data:`DAMAGED` for data it cannot use."""
    if folder is None:
        return build()[1]
    path = folder / f"{kind}-{source_key(sources, version)}.json"
    try:
        return read(json.loads(path.read_bytes()))
    except FileNotFoundError:
        pass
    except DAMAGED:  # damaged or foreign: built afresh below
        with contextlib.suppress(OSError):
            path.unlink()
    data, value = build()
    _store(path, kind, data)
    return value


def _store(path: Path, kind: str, data: Any) -> None:
    try:
        private_dir(path.parent)
        write_private(path, json.dumps(data, separators=(",", ":")).encode("utf-8"), sync=False)
    except OSError:  # a read-only cache folder only costs time
        return
    for old in path.parent.glob(f"{kind}-*.json"):
        if old != path:
            with contextlib.suppress(OSError):  # gone already: harmless
                old.unlink()
