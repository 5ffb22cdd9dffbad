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


LOOKED = "detector + learned + look"


def table(
    labels: dict[str, Any],
    finds: dict[str, dict[str, list[Any]]],
    keypoints: dict[str, list[Any]],
    thresholds: dict[str, float],
    times: dict[str, list[float]],
    tally: Callable[..., tuple[int, int, int]],
    protocol: str = "5 from above",
) -> str:
    """Per kind: keypoints, the learned finder's first pass (as it was) and with its second
    look (``finds["held"]`` / ``finds["look held"]``, thresholds ``""`` / ``"look "``)."""
    kinds = list(labels["views"])
    lines = [
        "| kind | held-out views | keypoints: recall | keypoints: false finds | "
        "first pass: recall | first pass: precision | + second look: recall | + second look: "
        "false finds | + second look: precision | + second look: recall (IoU >= 0.3) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    totals = np.zeros(8)
    before, after = finds["held"], finds["look held"]
    for kind in kinds:
        kh, kf, pos = tally(kind, keypoints[kind], labels, 0.0)
        bh, bf, _ = tally(kind, before[kind], labels, thresholds[""])
        lh, lf, _ = tally(kind, after[kind], labels, thresholds["look "])
        ih, _f, _ = tally(kind, after[kind], labels, thresholds["look "], 0.3)
        totals += (kh, kf, bh, bf, lh, lf, ih, pos)
        lines.append(
            f"| {kind} | {pos} | {kh / pos:.2f} | {kf} | {bh / pos:.2f} | "
            f"{bh / max(bh + bf, 1):.2f} | {lh / pos:.2f} | {lf} | {lh / max(lh + lf, 1):.2f} | "
            f"{ih / pos:.2f} |"
        )
    kh, kf, bh, bf, lh, lf, ih, pos = totals
    lines.append(
        f"| **all** | {int(pos)} | {kh / pos:.2f} | {int(kf)} | {bh / pos:.2f} | "
        f"{bh / max(bh + bf, 1):.2f} | **{lh / pos:.2f}** | {int(lf)} | "
        f"**{lh / max(lh + lf, 1):.2f}** | {ih / pos:.2f} |"
    )
    covered = [v for views in labels["views"].values() for v in list(views.values())[:40]
               if v.get("covered")]  # fmt: skip
    keys = ("detector", "detector + learned", LOOKED, LOOKED + " worse")
    det, first, look, worse = (float(np.median(times[k])) for k in keys)
    det_cpu, first_cpu, look_cpu, worse_cpu = (
        float(np.median(times[k + " (CPU)" if "worse" not in k else LOOKED + " (CPU) worse"]))
        for k in keys
    )
    return "\n".join(lines) + (
        f"\n\n**Rendered 3-D scenes**, not real photos (Blender {_blender_version()}: objects "
        "modelled in bench/blender_scenes.py, the 15 real photos of ../shared/data/photos as "
        f"table top and backdrop; seeded). {len(kinds)} kinds x {int(pos) // len(kinds)} "
        "held-out views, each with its own viewpoint (azimuth 0-360 deg, elevation 15-75 deg, "
        "distance 0.3-0.9 m), table photo, sun angle/strength/colour and, in "
        f"{len(covered)} of them, a box covering part of the object (at least half stays "
        "visible). This table: taught with the "
        f"**{protocol}** protocol ({PROTOCOL_TEXT[protocol]}). Learned finder: acceptance "
        f"threshold chosen on the {_dev_views(labels)} dev views per kind (precision >= 0.95 "
        f"there): {thresholds['']:.3f} for the first pass as it was (12 crops embedded), "
        f"{thresholds['look ']:.3f} for the finder as shipped ({_look_note()}); teaching "
        "backgrounds = those dev frames with the object painted out. Keypoints: "
        f"precision {kh / max(kh + kf, 1):.2f}. Time per frame (median, one thread, each "
        "finder with its own detector run, measured in the same loop; each view is analysed as "
        "two frames of a still camera, the second look spread over them: its detector run on "
        "the first, its crops embedded and scored on the second): **CPU time** detector "
        f"alone {det_cpu:.0f} ms, detector + first pass as it was {first_cpu:.0f} ms (all "
        f"{len(times['detector (CPU)'])} held-out frames); **detector + learned finder with "
        f"its second look {look_cpu:.0f} ms a frame, the worse of a view's two frames "
        f"{worse_cpu:.0f} ms**, over the {len(times[LOOKED + ' (CPU) worse'])} held-out views "
        "where the first pass found nothing and it looked (what nearly every frame of a home "
        "camera costs; a frame with a find costs what the first pass costs); wall clock "
        f"{det:.0f} / {first:.0f} / {look:.0f} / {worse:.0f} ms, on a 2-core machine shared with "
        "parallel work (1-minute "
        f"load average {os.getloadavg()[0]:.1f} at the end)."
    )


def _look_note() -> str:
    from pipelines.vision.detector_zoom import SHARE, ZOOM
    from pipelines.vision.teach_look import FIRST_EMBEDS, LOOK_EMBEDS

    return (
        f"the first pass as it was, {FIRST_EMBEDS} proposals embedded; when it finds nothing, a "
        f"second detector run on {SHARE:g} x {SHARE:g} of the frame around the box the "
        f"classifiers like best, {ZOOM:g}x magnified over the first pass, and its first "
        f"{LOOK_EMBEDS} proposals embedded and scored alike, on the next frame"
    )


def _dev_views(labels: dict[str, Any]) -> int:
    return min(len(v) for v in labels["views"].values()) - 40


def _crop_note() -> str:
    from pipelines.vision.teach_learned import CROP, NEIGHBOURS, PROPOSALS, VERIFIED

    return (
        f"{PROPOSALS} proposals embedded at {CROP} px, each object's {VERIFIED} best checked "
        f"against their {NEIGHBOURS} nearest teaching crops and the teaching photos"
    )


PROTOCOL_TEXT = {
    "5 from above": "5 rendered close-ups per kind on a plain grey table, from above "
    "(elevation 50-80 deg) at random sides: the protocol until 2026-12-07",
    "5 spread": "5 rendered close-ups per kind on a plain grey table, every 72 deg around "
    "the object, elevations 30/50/70 deg in turn",
    "8 spread": "8 rendered close-ups per kind on a plain grey table, around the object "
    "(every 36 deg, two opposite sides left out), elevations 30/50/70 deg in turn",
    "10 spread": "10 rendered close-ups per kind on a plain grey table, every 36 deg around "
    "the object, elevations 30/50/70 deg in turn: what the app asks users for",
}


def seeds_table(runs: list[tuple[str, int, float, float, float, float]]) -> str:
    """One row per (teaching protocol, teaching seed): the threshold is chosen on dev for each."""
    lines = [
        "| teaching photos | teaching seed | dev: recall | dev: precision | held out: recall | "
        "held out: precision |",
        "|---|---|---|---|---|---|",
    ]
    for protocol, seed, dr, dp, hr, hp in runs:
        lines.append(f"| {protocol} | {seed} | {dr:.2f} | {dp:.2f} | {hr:.2f} | {hp:.2f} |")
    for protocol in dict.fromkeys(r[0] for r in runs):
        rows = [r for r in runs if r[0] == protocol]
        dr, dp, hr, hp = (float(np.mean([r[i] for r in rows])) for i in range(2, 6))
        lines.append(f"| **{protocol}: mean** | {len(rows)} seeds | {dr:.2f} | {dp:.2f} | "
                     f"**{hr:.2f}** | **{hp:.2f}** |")  # fmt: skip
    return "\n".join(lines) + (
        "\n\nThe same finder taught with other random pasted scenes (the teaching seed) moves "
        "by up to 0.2 in recall: precision >= 0.95 is decided by the few highest false finds. "
        "Each row's threshold is chosen on its own dev views; the first table is seed 0 of the "
        "first protocol."
    )


def sides_note(
    scenes: Any,
    labels: dict[str, Any],
    seed0: dict[str, tuple[dict[str, list[Any]], float]],
    tally: Callable[..., tuple[int, int, int]],
) -> str:
    """How close the held-out views come to a teaching photo, and recall on the views that
    show a side no teaching photo shows (>= NEAR degrees from all of them), per protocol."""
    from bench.vision_teach_protocols import NEAR, nearest_sides

    names = [f"{n:02d}.png" for n in range(40)]
    lines = [
        "| teaching photos | held-out views within 10 deg of a teaching photo's side | "
        f"within {NEAR:.0f} deg | median | views >= {NEAR:.0f} deg away: recall (seed 0) |",
        "|---|---|---|---|---|",
    ]
    ratio = 0.0
    for protocol, (finds, threshold) in seed0.items():
        near = nearest_sides(scenes, labels, protocol, names)
        angles = np.array([a for a, _r in near.values()])
        ratio = max(ratio, max(r for _a, r in near.values()))
        far = {key for key, (a, _r) in near.items() if a >= NEAR}
        hits = positives = 0
        for kind, rows in finds.items():
            kept = [f for f in rows if (f[0], f[1]) in far]
            h, _f, p = tally(kind, kept, labels, threshold)
            hits, positives = hits + h, positives + p
        lines.append(
            f"| {protocol} | {int((angles < 10).sum())} | {int((angles < NEAR).sum())} | "
            f"{np.median(angles):.0f} deg | {hits / max(positives, 1):.2f} ({positives} views) |"
        )
    return "\n".join(lines) + (
        "\n\nNo held-out view is a copy of a teaching photo: every teaching photo is a close-up "
        "(0.22-0.3 m) on a plain grey table in studio light; every view is on a real photo as "
        "table and backdrop, under its own sun and sky, 0.3-0.9 m away (a teaching photo's "
        f"distance / the view's: at most {ratio:.2f}), 30% partly covered. The side seen can "
        "come close (angle between the camera directions in the object's own frame)."
    )
