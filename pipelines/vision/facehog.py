"""dlib's HOG face detector compiled alone (``libfacehog.so``), used when the dlib wheel is absent.

The Linux installers replace the dlib wheel's 11 MB Python module with this 0.4 MB library,
built from dlib's own source by packaging/face_detector.py, which checks that it finds exactly
the boxes the wheel finds. :func:`compiled_detector` returns a callable with the wheel's
interface (``detector(rgb, upsample)`` -> rectangles with ``left()``...), or None when the
library is not there (a source install without dlib).
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.paths import frozen_bundle_dir

LIBRARY = "facehog/libfacehog.so"
"""Where the library sits in the frozen build's data folder."""
MAX_BOXES = 256


@dataclass(frozen=True)
class Rect:
    x1: int
    y1: int
    x2: int
    y2: int

    def left(self) -> int:
        return self.x1

    def top(self) -> int:
        return self.y1

    def right(self) -> int:
        return self.x2

    def bottom(self) -> int:
        return self.y2


class CompiledDetector:
    def __init__(self, path: Path) -> None:
        lib = ctypes.CDLL(str(path))
        lib.facehog_detect.restype = ctypes.c_long
        lib.facehog_detect.argtypes = (
            [ctypes.c_void_p]
            + [ctypes.c_long] * 3
            + [
                ctypes.c_int,
                ctypes.c_void_p,
                ctypes.c_long,
            ]
        )
        self._detect: Any = lib.facehog_detect

    def __call__(self, rgb: Any, upsample: int = 0) -> list[Rect]:
        # lazy: start-up speed (numpy loads only when __call__() runs)
        import numpy as np

        image = np.ascontiguousarray(rgb, dtype=np.uint8)
        if image.ndim != 3 or image.shape[2] != 3:
            raise ValueError("an RGB image (rows x cols x 3) is needed")
        boxes = np.zeros((MAX_BOXES, 4), dtype=np.int64)
        rows, cols = image.shape[:2]
        found = self._detect(
            image.ctypes.data, rows, cols, image.strides[0], upsample, boxes.ctypes.data, MAX_BOXES
        )
        if found < 0:
            raise RuntimeError("the face detector failed on this image")
        return [Rect(*map(int, row)) for row in boxes[: min(found, MAX_BOXES)]]


def library_path() -> Path | None:
    """The compiled detector: ``HOMEBODY_FACEHOG`` (tests), else the frozen build's copy."""
    override = os.environ.get("HOMEBODY_FACEHOG")
    bundle = frozen_bundle_dir()
    candidate = Path(override) if override else (bundle / LIBRARY if bundle else None)
    return candidate if candidate is not None and candidate.is_file() else None


def compiled_detector() -> CompiledDetector | None:
    path = library_path()
    if path is None:
        return None
    try:
        return CompiledDetector(path)
    except (OSError, AttributeError):
        return None
