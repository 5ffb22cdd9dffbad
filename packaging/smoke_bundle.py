"""The smoke test's checks on the bundle's files (packaging/smoke_test.py): bundled data, no
training packages, the size budget, and on Linux the face detector that replaces dlib."""

from __future__ import annotations

import ctypes
from pathlib import Path

import size_report
from smoke_runner import Outcome

FORBIDDEN_IN_BUNDLE = ("torch", "transformers", "tensorflow", "onnx", "PyInstaller")
REQUIRED_IN_BUNDLE = (
    "assets/templates",
    "assets/replies",
    "assets/icons/homebody.svg",
    "models/manifest.toml",
    "models/cards",
)


def check_contents(bundle: Path, budget_mb: float) -> list[Outcome]:
    inner = size_report.internal_dir(bundle)
    missing = [rel for rel in REQUIRED_IN_BUNDLE if not (inner / rel).exists()]
    templates = list((inner / "assets" / "templates").rglob("*.toml"))
    if not templates:
        missing.append("assets/templates/**/*.toml")
    present = [name for name in FORBIDDEN_IN_BUNDLE if (inner / name).exists()]
    total_mb = size_report.tree_size(bundle) / size_report.MB
    return [
        Outcome("bundled data", not missing, "missing: " + ", ".join(missing) if missing else "ok"),
        Outcome(
            "no training packages", not present, "found: " + ", ".join(present) if present else "ok"
        ),
        Outcome(
            f"size <= {budget_mb:.0f} MB", total_mb <= budget_mb, f"{total_mb:.1f} MB unpacked"
        ),
    ]


def check_face_detector(bundle: Path) -> Outcome:
    """Face blurring: the dlib wheel's module, or dlib's detector compiled alone
    (packaging/face_detector.py), which must load and run (a blank image: no face, no error)."""
    inner = size_report.internal_dir(bundle)
    if any(inner.glob("_dlib_pybind11*")):
        return Outcome("face detector", True, "the dlib wheel")
    library = inner / "facehog" / "libfacehog.so"
    try:
        detect = ctypes.CDLL(str(library)).facehog_detect
    except (OSError, AttributeError) as exc:
        return Outcome("face detector", False, f"no dlib and no working {library.name}: {exc}")
    detect.restype = ctypes.c_long
    blank = ctypes.create_string_buffer(80 * 80 * 3)
    boxes = (ctypes.c_long * 4)()
    args = (ctypes.c_long(80), ctypes.c_long(80), ctypes.c_long(240), ctypes.c_int(1))
    found = detect(blank, *args, boxes, ctypes.c_long(1))
    return Outcome(
        "face detector", found == 0, f"dlib's HOG detector compiled alone: {found} faces"
    )
