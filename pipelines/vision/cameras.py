"""List cameras for ``homebody doctor`` and the settings page, without opening any.

Configured cameras are checked cheaply (a folder or video exists; a stream's host is
configured) and local webcams are found from ``/dev/video*`` on Linux. Opening a webcam turns
its light on and is recorded in the ledger, so probing by opening devices only happens when
asked (``probe=True``, e.g. the "Test camera" button).
"""

from __future__ import annotations

import glob
import re
import sys
from pathlib import Path
from typing import Any

from ..core.settings_schema import Settings
from .source_kind import describe_source, source_kind


def _configured(settings: Settings) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for camera in settings.vision.cameras:
        kind = source_kind(camera.source)
        row: dict[str, Any] = {
            "name": camera.name,
            "kind": kind,
            "source": describe_source(camera.source),
            "configured": True,
            "enabled": camera.enabled,
            "sample_fps": camera.sample_fps,
            "zones": sorted(camera.zones),
        }
        if kind in ("folder", "image", "video"):
            exists = Path(camera.source).expanduser().exists()
            row["ok"] = exists
            row["detail"] = f"{kind} found" if exists else f"{kind} {camera.source} not found"
        elif kind == "webcam":
            device = Path(f"/dev/video{camera.source.strip()}")
            present = device.exists() if sys.platform.startswith("linux") else None
            row["ok"] = bool(present) if present is not None else True
            row["detail"] = f"webcam {camera.source}" + (
                "" if present is None else (" present" if present else " not found")
            )
        else:
            row["ok"] = True
            row["detail"] = f"stream at {describe_source(camera.source)} (not opened by doctor)"
        if not camera.enabled:
            row["detail"] += " (disabled)"
        rows.append(row)
    return rows


def _add_health(rows: list[dict[str, Any]], data_dir: Path | None) -> None:
    # lazy: start-up speed (.health, ..core.paths load only when _add_health() runs)
    from .health import latest_line, load

    if data_dir is None:
        # lazy: start-up speed (..core.paths loads only when _add_health() runs)
        from ..core.paths import AppPaths

        data_dir = AppPaths.from_environment().data_dir
    states = load(data_dir)
    for row in rows:
        row["health"] = latest_line(data_dir, str(row["name"]))
        if row["health"]:
            row["detail"] += f"; {row['health']}"
            if states[str(row["name"])].get("state") not in ("watching", "stopped"):
                row["ok"] = False


def _local_devices() -> list[int]:
    if sys.platform.startswith("linux"):
        indices = []
        for path in glob.glob("/dev/video*"):
            match = re.fullmatch(r"/dev/video(\d+)", path)
            if match:
                indices.append(int(match.group(1)))
        return sorted(indices)
    return []


def _probe(index: int) -> bool:
    # lazy: start-up speed (cv2 loads only when _probe() runs)
    import cv2

    capture = cv2.VideoCapture(index)
    try:
        return bool(capture.isOpened() and capture.read()[0])
    finally:
        capture.release()


def list_cameras(
    settings: Settings | None = None, *, probe: bool = False, data_dir: Path | None = None
) -> list[dict[str, Any]]:
    """One dict per camera: name, kind, source (ledger-safe), ok, detail, configured, and
    ``health``: the camera's latest state change in words, when it has been watched."""
    if settings is None:
        # lazy: start-up speed (..core.settings loads only when list_cameras() runs)
        from ..core.settings import load_settings

        settings = load_settings()
    rows = _configured(settings)
    _add_health(rows, data_dir)
    configured_webcams = {
        c.source.strip() for c in settings.vision.cameras if source_kind(c.source) == "webcam"
    }
    candidates = _local_devices() or (list(range(4)) if probe else [])
    for index in candidates:
        if str(index) in configured_webcams:
            continue
        ok = _probe(index) if probe else True
        if probe and not ok:
            continue
        rows.append(
            {
                "name": f"webcam {index}",
                "kind": "webcam",
                "source": f"webcam {index}",
                "configured": False,
                "enabled": False,
                "ok": ok,
                "detail": f"webcam {index} attached (not configured)",
            }
        )
    return rows
