"""sha256 verification of model files, streaming so large files don't fill memory."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ModelVerificationError

if TYPE_CHECKING:  # start-up speed: loading the model records its hash, no manifest needed
    from .manifest import ModelFile

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(path: Path, expected: ModelFile, model: str) -> None:
    """Raise :class:`ModelVerificationError` unless ``path`` is exactly the expected file."""
    if not path.is_file():
        raise ModelVerificationError(f"{model}: {expected.name} is missing ({path})")
    size = path.stat().st_size
    if expected.size and size != expected.size:
        raise ModelVerificationError(
            f"{model}: {expected.name} has {size:,} bytes but should have {expected.size:,} "
            "(truncated or wrong file). Reinstall it with `homebody models install "
            f"{model}`."
        )
    actual = sha256_of(path)
    if actual != expected.sha256:
        raise ModelVerificationError(
            f"{model}: {expected.name} is corrupt (sha256 {actual[:12]}… instead of "
            f"{expected.sha256[:12]}…). Reinstall it with `homebody models install {model}`."
        )


def cached_sha256(path: Path, cache_dir: Path | None) -> str:
    """sha256 of ``path``, remembered in ``cache_dir`` by size and modification time, so a
    model's hash can be recorded at every load without re-reading it each start."""
    if cache_dir is None:
        return sha256_of(path)
    stat = path.stat()
    key = f"{stat.st_size}-{stat.st_mtime_ns}"
    memo = cache_dir / f"{path.name}.sha256"
    try:
        saved_key, _, digest = memo.read_text(encoding="ascii").strip().partition(" ")
        if saved_key == key and len(digest) == 64:
            return digest
    except OSError:
        pass
    digest = sha256_of(path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        memo.write_text(f"{key} {digest}\n", encoding="ascii")
    except OSError:
        pass  # a read-only cache only costs speed
    return digest
