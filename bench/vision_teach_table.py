"""The markdown table of ``python -m bench.vision_teach`` (bench/vision_teach_rendered.py)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from typing import Any

import numpy as np


def _blender_version() -> str:
    try:
        out = subprocess.run(["blender", "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.split("\n")[0].removeprefix("Blender ").strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def table(
    labels: dict[str, Any],
    learned: dict[str, list[Any]],
    keypoints: dict[str, list[Any]],
    threshold: float,
    times: dict[str, list[float]],
    tally: Callable[..., tuple[int, int, int]],
) -> str:
    kinds = list(labels["views"])
    lines = [
        "| kind | held-out views | keypoints: recall | keypoints: false finds | "
        "learned: recall | learned: false finds | learned: precision | learned: recall "
        "(IoU >= 0.3) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    totals = np.zeros(6)
    for kind in kinds:
        kh, kf, pos = tally(kind, keypoints[kind], labels, 0.0)
        lh, lf, _ = tally(kind, learned[kind], labels, threshold)
        ih, _f, _ = tally(kind, learned[kind], labels, threshold, 0.3)
        totals += (kh, kf, lh, lf, ih, pos)
        lines.append(
            f"| {kind} | {pos} | {kh / pos:.2f} | {kf} | {lh / pos:.2f} | {lf} | "
            f"{lh / max(lh + lf, 1):.2f} | {ih / pos:.2f} |"
        )
    kh, kf, lh, lf, ih, pos = totals
    lines.append(
        f"| **all** | {int(pos)} | {kh / pos:.2f} | {int(kf)} | **{lh / pos:.2f}** | {int(lf)} | "
        f"**{lh / max(lh + lf, 1):.2f}** | {ih / pos:.2f} |"
    )
    covered = [v for views in labels["views"].values() for v in list(views.values())[:40]
               if v.get("covered")]  # fmt: skip
    keys = ("detector", "detector + learned", "detector (CPU)", "detector + learned (CPU)")
    det, both, det_cpu, both_cpu = (float(np.median(times[k])) for k in keys)
    return "\n".join(lines) + (
        f"\n\n**Rendered 3-D scenes**, not real photos (Blender {_blender_version()}: objects "
        "modelled in bench/blender_scenes.py, the 15 real photos of ../shared/data/photos as "
        f"table top and backdrop; seeded). {len(kinds)} kinds x {int(pos) // len(kinds)} "
        "held-out views, each with its own viewpoint (azimuth 0-360 deg, elevation 15-75 deg, "
        "distance 0.3-0.9 m), table photo, sun angle/strength/colour and, in "
        f"{len(covered)} of them, a box covering part of the object (at least half stays "
        "visible). Taught from 5 rendered close-ups per kind on a plain table (from above, "
        "other sides). Learned finder: acceptance threshold "
        f"{threshold:.3f} chosen on the {_dev_views(labels)} dev views per kind (precision >= "
        "0.95 there), "
        "teaching backgrounds = those dev frames with the object painted out. Keypoints: "
        f"precision {kh / max(kh + kf, 1):.2f}. Time per frame (median over the held-out views, "
        f"one thread, YOLOX-Nano 416 + {_crop_note()}): **CPU time** detector alone "
        f"{det_cpu:.0f} ms, **detector + learned finder {both_cpu:.0f} ms**; wall clock "
        f"{det:.0f} ms and {both:.0f} ms, measured in the same loop on a 2-core machine shared "
        f"with parallel work (1-minute load average {os.getloadavg()[0]:.1f} at the end)."
    )


def _dev_views(labels: dict[str, Any]) -> int:
    return min(len(v) for v in labels["views"].values()) - 40


def _crop_note() -> str:
    from pipelines.vision.teach_learned import CROP, NEIGHBOURS, PROPOSALS, VERIFIED

    return (
        f"{PROPOSALS} proposals embedded at {CROP} px, each object's {VERIFIED} best checked "
        f"against their {NEIGHBOURS} nearest teaching crops and the teaching photos"
    )


NAMES = {True: "with the photo check", False: "without it (before)"}


def seeds_table(runs: list[tuple[bool, int, float, float, float, float]]) -> str:
    """One row per (variant, teaching seed): the threshold is chosen on dev for each."""
    lines = [
        "| learned finder | teaching seed | dev: recall | dev: precision | held out: recall | "
        "held out: precision |",
        "|---|---|---|---|---|---|",
    ]
    for check, seed, dr, dp, hr, hp in runs:
        name = NAMES[check]
        lines.append(f"| {name} | {seed} | {dr:.2f} | {dp:.2f} | {hr:.2f} | {hp:.2f} |")
    for check in (True, False):
        rows = [r for r in runs if r[0] == check]
        if rows:
            dr, dp, hr, hp = (float(np.mean([r[i] for r in rows])) for i in range(2, 6))
            name = NAMES[check]
            lines.append(f"| **{name}: mean** | {len(rows)} seeds | {dr:.2f} | {dp:.2f} | "
                         f"**{hr:.2f}** | **{hp:.2f}** |")  # fmt: skip
    return "\n".join(lines) + (
        "\n\nThe same finder taught with other random pasted scenes (the teaching seed) moves "
        "by up to 0.2 in recall: precision >= 0.95 is decided by the few highest false finds. "
        "Each row's threshold is chosen on its own dev views; the table above is seed 0."
    )
