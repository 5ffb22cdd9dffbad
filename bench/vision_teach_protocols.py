"""Teaching protocols of ``python -m bench.vision_teach``: which rendered photos teach each kind.

- ``5 from above`` (the protocol until 2026-12-07): ``teach/<kind>/0-4.png``, 5 close-ups from
  above (elevation 50-80 deg) at random sides;
- ``N spread`` (what the GUI and CLI now ask users for: 3-10 close-ups from different sides):
  ``teach_sets/spread10/<kind>/``, 10 close-ups evenly around the object (every 36 deg +-10 deg,
  elevations 30 / 50 / 70 deg in turn, bench/blender_scenes.py ``--teach-set``); 5 spread are
  photos 0, 2, 4, 6, 8 (every 72 deg), 8 spread leave out photos 4 and 9.

All are close-ups (0.22-0.3 m) on a plain grey table in the same studio light; the views are
0.3-0.9 m away on real photos under other light, so scale, background and lighting always
differ. Viewpoints can come close, so :func:`nearest_sides` measures, for every view, the angle
to the nearest teaching photo's camera direction in the object's own frame.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SPREAD_SET = "spread10"
SPREAD_COUNT = 10
PROTOCOLS: dict[str, tuple[int, ...] | None] = {
    "5 from above": None,
    "5 spread": (0, 2, 4, 6, 8),
    "8 spread": (0, 1, 2, 3, 5, 6, 7, 8),
    "10 spread": tuple(range(SPREAD_COUNT)),
}
"""protocol -> indices into the spread set (None: the 5 photos from above)."""
SHIPPED = "10 spread"
"""The protocol the table leads with (chosen on the dev views: docs/VISION.md)."""
NEAR = 20.0
"""A view whose camera direction is within this many degrees of a teaching photo's is "near"."""


def photos(scenes: Path, kind: str, protocol: str) -> list[Path]:
    """The teaching photos of ``kind`` under ``protocol``."""
    chosen = PROTOCOLS[protocol]
    if chosen is None:
        return sorted((scenes / "teach" / kind).glob("*.png"))
    folder = scenes / "teach_sets" / SPREAD_SET / kind
    return [folder / f"{n}.png" for n in chosen]


def ensure_spread(scenes: Path, shared: Path) -> None:
    """Render the spread teaching set with Blender when the cache lacks it (about a minute)."""
    if (scenes / "teach_sets" / SPREAD_SET / "labels.json").is_file():
        return
    command = ["nice", "blender", "-b", "--factory-startup", "-P",
               str(ROOT / "bench/blender_scenes.py"), "--", str(scenes),
               str(shared / "data/photos"), "--teach-set", SPREAD_SET,
               "--teach-count", str(SPREAD_COUNT)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit("Blender failed (apt install blender):\n" + done.stdout[-2000:])


def direction(viewpoint: dict[str, float]) -> Any:
    """Unit vector of the camera as seen from the object (its own frame)."""
    az, el = math.radians(viewpoint["azimuth"]), math.radians(viewpoint["elevation"])
    return np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])


def teaching_viewpoints(scenes: Path, labels: dict[str, Any], kind: str, protocol: str
                        ) -> list[dict[str, float]]:  # fmt: skip
    chosen = PROTOCOLS[protocol]
    if chosen is None:
        return list(labels.get("teach_viewpoints", {}).get(kind, {}).values())
    spread = json.loads((scenes / "teach_sets" / SPREAD_SET / "labels.json").read_text())
    rows = spread["teach"][kind]
    return [rows[f"{n}.png"]["viewpoint"] for n in chosen]


def nearest_sides(scenes: Path, labels: dict[str, Any], protocol: str, names: list[str]
                  ) -> dict[tuple[str, str], tuple[float, float]]:  # fmt: skip
    """(kind, view name) -> (degrees to the nearest teaching photo's camera direction, that
    photo's distance / the view's distance) for the views named ``names`` (all kinds)."""
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for kind, views in labels["views"].items():
        teach = teaching_viewpoints(scenes, labels, kind, protocol)
        if not teach:
            continue
        dirs = np.stack([direction(v) for v in teach])
        for name in names:
            view = views.get(name)
            if view is None or "viewpoint" not in view:
                continue
            cos = np.clip(dirs @ direction(view["viewpoint"]), -1.0, 1.0)
            best = int(np.argmax(cos))
            ratio = teach[best]["distance"] / view["viewpoint"]["distance"]
            out[(kind, name)] = (math.degrees(math.acos(float(cos[best]))), ratio)
    return out
