"""Teach an object on rendered 3-D scenes: keypoint matcher vs learned features, side by side.

    python -m bench.vision_teach [--scenes DIR] [--render] [--views N] [--no-write]

Scenes come from bench/blender_scenes.py (Blender from Debian, objects modelled there, the
real photos of ../shared as table tops): 5 teaching photos and N held-out views per kind
(glasses, keys, wallet, mug, remote). ``--render`` renders them (about 9 s an image on a
loaded 2-core machine, so 40 views a kind take about 35 minutes).

Methods, each taught with the same 5 photos per kind:
- **keypoints**: today's matcher (:class:`pipelines.vision.teach.TaughtObjects`: ORB, ratio
  test, RANSAC homography, colour check), taught with the object's region of each photo;
- **features**: :class:`pipelines.vision.teach_embed.EmbeddingFinder` (EfficientNet-Lite0 head
  features of the whole frame, pooled over every window of 1-4 cells). Its similarity
  threshold for kind K is chosen on the *other* four kinds' scenes (best F1), never on K's.

A find counts when its box overlaps the object's box by IoU >= 0.3 (the object may be partly
covered; "where" needs the place, not a tight box). Every view of another kind is a negative
for K: a find there is a false find. Time: the feature finder's median per frame, one thread.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
IOU = 0.3


def render(out: Path, views: int, shared: Path) -> None:
    command = ["blender", "-b", "--factory-startup", "-P", str(ROOT / "bench/blender_scenes.py"),
               "--", str(out), str(shared / "data/photos"), "--views", str(views)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=4 * 3600)
    if done.returncode != 0 or not (out / "labels.json").is_file():
        raise SystemExit("Blender failed (apt install blender):\n" + done.stdout[-2000:])


def _iou(a: Any, b: Any) -> float:
    from pipelines.vision.geometry import iou_matrix

    return float(iou_matrix(np.array([a], np.float32), np.array([b], np.float32))[0, 0])


def score_keypoints(scenes: Path, labels: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
    """kind -> [(scene kind, box or None)] over every view."""
    import cv2

    from pipelines.core.errors import InputError
    from pipelines.core.storage import Database
    from pipelines.vision.teach import TaughtObjects
    from pipelines.vision.teach_embed import object_box

    out: dict[str, list[tuple[str, Any]]] = {}
    for kind in labels["views"]:
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(Path(tmp) / "t.sqlite3")
            taught = TaughtObjects(db, Path(tmp))
            crops = []
            for path in sorted((scenes / "teach" / kind).glob("*.png")):
                image = cv2.imread(str(path))
                x1, y1, x2, y2 = (int(v) for v in object_box(image))
                crops.append(image[y1:y2, x1:x2].copy())
            with suppress(InputError):  # too plain for keypoints: then it finds nothing
                taught.teach(kind, crops)
            rows = []
            for other, views in labels["views"].items():
                for name in views:
                    found = taught.find(cv2.imread(str(scenes / "views" / other / name)))
                    rows.append((other, found[0].box if found else None))
            out[kind] = rows
            db.close()
    return out


def score_features(
    scenes: Path, labels: dict[str, Any], models: Path
) -> tuple[dict[str, list[tuple[str, float, Any]]], list[float]]:
    """kind -> [(scene kind, best similarity, its box)] over every view; per-frame times."""
    import cv2

    from pipelines.vision.teach_embed import EmbeddingFinder, FeatureGrid

    finder = EmbeddingFinder(FeatureGrid(models), min_similarity=0.0)
    for kind in labels["views"]:
        photos = sorted((scenes / "teach" / kind).glob("*.png"))
        finder.add(kind, [cv2.imread(str(p)) for p in photos])
    out: dict[str, list[tuple[str, float, Any]]] = {k: [] for k in finder.bank}
    times = []
    for other, views in labels["views"].items():
        for name in views:
            frame = cv2.imread(str(scenes / "views" / other / name))
            t0 = time.perf_counter()
            table, boxes = finder.scores(frame)
            times.append((time.perf_counter() - t0) * 1000)
            for row, kind in zip(table, finder.bank, strict=True):
                best = int(np.argmax(row))
                out[kind].append((other, float(row[best]), boxes[best]))
    return out, times


def counts(kind: str, finds: list[tuple[str, Any]], labels: dict[str, Any]) -> tuple[int, int, int]:
    """(hits, false finds, positives) for ``kind``; ``finds`` in labels order."""
    hits = false = 0
    names = [(other, name) for other, views in labels["views"].items() for name in views]
    for (other, name), (_o, box) in zip(names, finds, strict=True):
        if box is None:
            continue
        truth = labels["views"][other][name]["box"]
        if other == kind and _iou(box, truth) >= IOU:
            hits += 1
        else:
            false += 1
    return hits, false, len(labels["views"][kind])


def threshold_on(others: list[str], scored: dict[str, Any], labels: dict[str, Any]) -> float:
    best = (-1.0, 0.0)
    for t in np.arange(0.2, 0.95, 0.01):
        tp = fp = pos = 0
        for kind in others:
            finds = [(o, box if s >= t else None) for o, s, box in scored[kind]]
            h, f, p = counts(kind, finds, labels)
            tp, fp, pos = tp + h, fp + f, pos + p
        f1 = 2 * tp / max(2 * tp + fp + (pos - tp), 1)
        best = max(best, (f1, float(t)))
    return best[1]


def main(argv: list[str] | None = None) -> int:
    import argparse

    from pipelines.core.paths import shared_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenes", type=Path, default=Path(tempfile.gettempdir()) / "homebody-teach-scenes"
    )
    parser.add_argument("--render", action="store_true", help="render the scenes with Blender")
    parser.add_argument("--views", type=int, default=40)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared is needed (its photos are the table tops)")
    if args.render or not (args.scenes / "labels.json").is_file():
        render(args.scenes, args.views, shared)
    labels = json.loads((args.scenes / "labels.json").read_text())
    with tempfile.TemporaryDirectory() as models:
        features, times = score_features(args.scenes, labels, Path(models))
    keypoints = score_keypoints(args.scenes, labels)
    kinds = list(labels["views"])
    lines = ["| kind | views | keypoints: recall | keypoints: false finds | features: threshold "
             "(other kinds) | features: recall | features: false finds | features: precision |",
             "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    totals = np.zeros(5)
    for kind in kinds:
        kh, kf, pos = counts(kind, keypoints[kind], labels)
        t = threshold_on([k for k in kinds if k != kind], features, labels)
        fh, ff, _ = counts(kind, [(o, b if s >= t else None) for o, s, b in features[kind]], labels)
        totals += (kh, kf, fh, ff, pos)
        lines.append(f"| {kind} | {pos} | {kh / pos:.2f} | {kf} | {t:.2f} | {fh / pos:.2f} | "
                     f"{ff} | {fh / max(fh + ff, 1):.2f} |")  # fmt: skip
    kh, kf, fh, ff, pos = totals
    lines.append(f"| all | {int(pos)} | {kh / pos:.2f} | {int(kf)} | - | {fh / pos:.2f} | "
                 f"{int(ff)} | {fh / max(fh + ff, 1):.2f} |")  # fmt: skip
    body = "\n".join(lines) + (
        f"\n\nRendered 3-D scenes (Blender {_blender_version()}, objects modelled in "
        f"bench/blender_scenes.py, ../shared photos as table tops), {len(kinds)} kinds x "
        f"{int(pos) // len(kinds)} held-out views, 5 teaching photos each; keypoint precision "
        f"{kh / max(kh + kf, 1):.2f}. Feature finder median {np.median(times):.0f} ms/frame (one "
        "thread, machine shared with parallel work; the detector is not included)."
    )
    print(body)
    if not args.no_write:
        from .report import write_section

        write_section("vision-teach", "Vision: teach an object (rendered scenes)",
                      "python -m bench.vision_teach", body)  # fmt: skip
    return 0


def _blender_version() -> str:
    try:
        out = subprocess.run(["blender", "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.split("\n")[0].removeprefix("Blender ").strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
