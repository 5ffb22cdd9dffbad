"""Camera health in the user's words: one line per camera state change.

The watcher feeds every source notice to :class:`CameraHealth`, which turns the ones that
change the camera's state into a line such as "kitchen camera: no picture for 30 s,
retrying" and keeps the latest line per camera in ``<data>/camera_health.json`` so that
``homebody doctor`` and the Settings page's camera card can show it from another process.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEALTH_FILE = "camera_health.json"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class HealthLine:
    camera: str
    state: str
    """"watching", "no_picture", "lost", "refused", "stopped" or "error"."""
    text: str
    ts: float

    def to_dict(self) -> dict[str, Any]:
        return {"camera": self.camera, "state": self.state, "text": self.text, "ts": self.ts}


def _seconds(value: float) -> str:
    value = max(0.0, value)
    if value < 90:
        return f"{round(value)} s"
    if value < 5400:
        return f"{round(value / 60)} min"
    return f"{value / 3600:.1f} h"


def describe(camera: str, kind: str, data: dict[str, Any]) -> tuple[str, str] | None:
    """(state, line) for a notice that changes the camera's state, else None."""
    who = f"{camera} camera"
    if kind == "camera_started":
        return "watching", f"{who}: watching"
    if kind == "camera_no_picture":
        return "no_picture", f"{who}: no picture for {_seconds(data.get('seconds', 0))}, retrying"
    if kind == "camera_unreachable":
        return "no_picture", f"{who}: cannot connect, retrying"
    if kind == "camera_reconnected":
        back = data.get("seconds")
        after = f" after {_seconds(back)}" if back is not None else ""
        return "watching", f"{who}: picture back{after}"
    if kind == "camera_lost":
        return "lost", (
            f"{who}: no picture for {_seconds(data.get('seconds', 0))}, gave up after "
            f"{data.get('attempts', 0)} tries; check that it is on and connected"
        )
    if kind == "stream_refused":
        return "refused", (
            f"{who}: stopped, its stream tried to reach {data.get('host')}, which is not a "
            "device you configured"
        )
    if kind == "camera_error":
        return "error", f"{who}: cannot start: {data.get('message', '')}"
    if kind == "camera_stopped":
        return "stopped", f"{who}: stopped"
    return None


class CameraHealth:
    """Tracks one camera's state; ``update`` returns a line when the state changes."""

    def __init__(
        self,
        camera: str,
        data_dir: Path | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.camera = camera
        self.path = data_dir / HEALTH_FILE if data_dir is not None else None
        self.clock = clock
        self.state = ""
        self.last: HealthLine | None = None

    def update(self, kind: str, data: dict[str, Any]) -> HealthLine | None:
        found = describe(self.camera, kind, data)
        if found is None:
            return None
        state, text = found
        if state == self.state and state not in ("error",):
            return None
        if self.state in ("refused", "lost", "error") and state in ("stopped", "error"):
            return None  # keep the reason it stopped on screen, not a bare "stopped"
        self.state = state
        self.last = HealthLine(self.camera, state, text, self.clock())
        if self.path is not None:
            save(self.path, self.last)
        return self.last


def save(path: Path, line: HealthLine) -> None:
    with _LOCK:
        rows = load(path.parent)
        rows[line.camera] = line.to_dict()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".camera_health-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=1)
        os.replace(tmp, path)


def load(data_dir: Path) -> dict[str, dict[str, Any]]:
    """The latest line per camera (camera name -> HealthLine as a dict)."""
    try:
        rows = json.loads((data_dir / HEALTH_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): v for k, v in rows.items() if isinstance(v, dict)}


def latest_line(data_dir: Path, camera: str, now: float | None = None) -> str:
    """ "kitchen camera: no picture for 30 s, retrying (2 min ago)", or "" if none yet."""
    row = load(data_dir).get(camera)
    if not row:
        return ""
    ago = (now if now is not None else time.time()) - float(row.get("ts", 0))
    when = "just now" if ago < 5 else f"{_seconds(ago)} ago"
    return f"{row.get('text', '')} ({when})"
