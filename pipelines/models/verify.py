"""sha256 verification of model files, streaming so large files don't fill memory."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..core.errors import ModelVerificationError
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
