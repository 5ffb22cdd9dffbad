"""Teach an object on rendered 3-D scenes: keypoint matcher vs learned features, side by side.

    python -m bench.vision_teach [--scenes DIR] [--render] [--protocols P ...] [--no-write]

Scenes come from bench/blender_scenes.py (Blender from Debian, objects modelled there, the
real photos of ../shared as table tops), cached in ``~/.cache/homebody-bench/teach-scenes``
(rendered on first use, ``--render`` forces it; about 2-9 s an image on a shared 2-core
machine; views missing from the cache are added, the others kept): teaching photos and
60 views per kind (glasses, keys, wallet, mug, remote). Views 40-59 of each kind are the
**dev** split: the acceptance threshold is chosen there, and
those frames, with the object painted out (as a camera sees the room without it), are the
backgrounds teaching pastes the object on. Views 00-39 are **held out**: the numbers.

Teaching protocols (bench/vision_teach_protocols.py; default: ``10 spread``, the 3-10 photos
from different sides the app asks for, then ``5 from above``, the protocol until
2026-12-07), each taught with 3 seeds. Methods, taught with the same photos:
- **keypoints**: today's matcher (:class:`pipelines.vision.teach.TaughtObjects`: ORB, ratio
  test, RANSAC homography, colour check), taught with the object's region of each photo
  (first protocol);
- **learned**: :class:`pipelines.vision.teach_learned.LearnedFinder` on YOLOX-Nano's
  class-agnostic proposals (same run as its detections) -> EfficientNet-Lite0 embeddings of
  96-px crops and YOLOX's features there -> one logistic-regression classifier per object,
  its best candidates checked against the nearest teaching crops and the teaching photos.

A find of kind K in a view of K is a hit when the found box's centre lies on the object's box
(the whole object, covered parts included: zones are assigned by the box centre, so the
answer's place is right); IoU >= 0.3 is reported beside it. A find of K in any view of another
kind is a false find. Time: median per frame, one thread, detector alone and detector plus
learned finder, measured in the same loop.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "homebody-bench" / "teach-scenes"
DEV_FROM = 40
"""Views numbered from here are the dev split; below it, held out."""
Find = tuple[str, str, float, Any]
"""(view kind, view name, score, box or None)."""


def render(out: Path, views: int, shared: Path, keep: bool = False) -> None:
    command = ["nice", "blender", "-b", "--factory-startup", "-P",
               str(ROOT / "bench/blender_scenes.py"), "--", str(out),
               str(shared / "data/photos"), "--views", str(views)]  # fmt: skip
    if keep:
        command.append("--keep")
    done = subprocess.run(command, capture_output=True, text=True, timeout=4 * 3600)
    if done.returncode != 0 or not (out / "labels.json").is_file():
        raise SystemExit("Blender failed (apt install blender):\n" + done.stdout[-2000:])


def views_of(labels: dict[str, Any], split: str) -> list[tuple[str, str, dict[str, Any]]]:
    dev = split == "dev"
    return [(kind, name, v) for kind, views in labels["views"].items()
            for n, (name, v) in enumerate(views.items()) if (n >= DEV_FROM) == dev]  # fmt: skip


def hit(box: Any, truth: Any, iou_needed: float | None) -> bool:
    if box is None:
        return False
    if iou_needed is not None:
        from pipelines.vision.geometry import iou_matrix

        pair = np.array([box], np.float32), np.array([truth], np.float32)
        return float(iou_matrix(*pair)[0, 0]) >= iou_needed
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return bool(truth[0] <= cx <= truth[2] and truth[1] <= cy <= truth[3])


def tally(kind: str, finds: list[Find], labels: dict[str, Any], t: float, iou: float | None = None
          ) -> tuple[int, int, int]:  # fmt: skip
    """(hits, false finds, positives) of ``kind`` at score threshold ``t``."""
    hits = false = positives = 0
    for other, name, score, box in finds:
        positives += other == kind
        if box is None or score < t:
            continue
        if other == kind and hit(box, labels["views"][other][name]["box"], iou):
            hits += 1
        else:
            false += 1
    return hits, false, positives


def choose_threshold(dev: dict[str, list[Find]], labels: dict[str, Any]) -> float:
    """The threshold with the most dev hits at dev precision >= 0.95 (else the best F1)."""
    scores = sorted({f[2] for finds in dev.values() for f in finds})
    best: tuple[float, float, float] = (-1.0, -1.0, 1.0)
    for t in scores:
        tp = fp = pos = 0
        for kind, finds in dev.items():
            h, f, p = tally(kind, finds, labels, t)
            tp, fp, pos = tp + h, fp + f, pos + p
        precise = tp / max(tp + fp, 1) >= 0.95
        f1 = 2 * tp / max(2 * tp + fp + (pos - tp), 1)
        best = max(best, (float(precise), tp if precise else f1, -t))
    return -best[2]


def overall(finds: dict[str, list[Find]], labels: dict[str, Any], t: float) -> tuple[float, float]:
    """(recall, precision) over every kind at threshold ``t``."""
    hits = false = positives = 0
    for kind, rows in finds.items():
        h, f, p = tally(kind, rows, labels, t)
        hits, false, positives = hits + h, false + f, positives + p
    return hits / max(positives, 1), hits / max(hits + false, 1)


def painted_out(scenes: Path, labels: dict[str, Any]) -> list[Any]:
    """The dev frames with their object inpainted: the room as the camera sees it without."""
    import cv2

    out = []
    for kind, name, view in views_of(labels, "dev"):
        image = cv2.imread(str(scenes / "views" / kind / name))
        x1, y1, x2, y2 = (int(v) for v in view["box"])
        mask = np.zeros(image.shape[:2], np.uint8)
        mask[max(0, y1 - 3) : y2 + 3, max(0, x1 - 3) : x2 + 3] = 255
        out.append(cv2.inpaint(image, mask, 3, cv2.INPAINT_TELEA))
    return out


def score_learned(scenes: Path, labels: dict[str, Any], detector: Any, models: Path,
                  seed: int = 0, photo_check: bool = True, protocol: str = "5 from above",
                  ) -> tuple[dict[str, dict[str, list[Find]]], dict[str, list[float]]]:  # fmt: skip
    """split -> kind -> finds (best proposal per view, any score); per-frame times. ``seed``:
    the teaching scenes' random seed; ``photo_check``: candidates checked against the
    teaching photos (the finder as shipped) or not (before); ``protocol``: which teaching
    photos (bench/vision_teach_protocols.py)."""
    import cv2

    from bench.vision_teach_protocols import photos as protocol_photos
    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.detector_zoom import RegionRun
    from pipelines.vision.embedder import ImageEmbedder
    from pipelines.vision.teach_learned import CROP, TEACH_PROPOSALS, LearnedFinder
    from pipelines.vision.teach_look import LookingFinder

    embedder = ImageEmbedder(models, size=CROP)
    features = FeatureDetector(detector)

    def propose(image: Any) -> Any:
        return features.propose(image, TEACH_PROPOSALS)

    finder = LearnedFinder(embedder.embed, propose, regions=features.at, photo_check=photo_check)
    looking = LookingFinder(finder, RegionRun(features).look, split=True)
    backgrounds = painted_out(scenes, labels)
    for kind in labels["views"]:
        photos = [cv2.imread(str(p)) for p in protocol_photos(scenes, kind, protocol)]
        finder.add(kind, photos, backgrounds, seed=seed)
    finder.refit()
    with threadpool_limits(limits=1):  # one core: numpy's BLAS would use every core
        return _score_views(scenes, labels, detector, finder, features, looking)


LOOKED = "detector + learned + look"
"""The times' key of the finder with its second look (:class:`LookingFinder`, ``split``: each
view is analysed as two frames of a still camera, the look spread over them; it looks when
nothing reaches the first pass's dev-chosen threshold, as in an app with that threshold),
kept for the
held-out views where it looked (nothing found by the first pass: what nearly every frame of a
home camera costs): both frames' times, and the worse of the two (``... worse``); its finds
(the second frame's) are under ``"look dev"`` / ``"look held"``."""


def _score_views(scenes: Path, labels: dict[str, Any], detector: Any, finder: Any, features: Any,
                 looking: Any) -> tuple[dict[str, dict[str, list[Find]]], dict[str, list[float]]
                 ]:  # fmt: skip
    import cv2

    from pipelines.vision.teach_learned import PROPOSALS

    out: dict[str, dict[str, list[Find]]] = {}
    times: dict[str, list[float]] = {k: [] for k in ("detector", "detector + learned", LOOKED)}
    times.update({f"{k} (CPU)": [] for k in list(times)})
    times.update({f"{LOOKED}{k} worse": [] for k in ("", " (CPU)")})
    for key in ("dev", "held", "look dev", "look held"):
        out[key] = {k: [] for k in finder.models}

    def record(key: str, other: str, name: str, scores: Any, places: Any) -> None:
        for kind, row in zip(finder.models, scores, strict=True):
            best = int(np.argmax(row)) if len(row) else -1
            box = places[best].tolist() if best >= 0 else None
            out[key][kind].append((other, name, float(row[best]) if box else 0.0, box))

    for other, name, _view in views_of(labels, "dev"):  # the first pass's dev threshold ...
        frame = cv2.imread(str(scenes / "views" / other / name))
        record("dev", other, name, *finder.scores(frame, features.propose(frame, PROPOSALS)))
    finder.min_probability = choose_threshold(out["dev"], labels)  # ... gates the second look
    for split in ("dev", "held"):
        for other, name, _view in views_of(labels, split):
            frame = cv2.imread(str(scenes / "views" / other / name))
            t0, c0 = time.perf_counter(), time.process_time()
            if split == "held":  # the first pass as it was, timed in the same loop
                detector.detect(frame)
                t1, c1 = time.perf_counter(), time.process_time()
                table, boxes = finder.scores(frame, features.propose(frame, PROPOSALS))
                t2, c2 = time.perf_counter(), time.process_time()
                record("held", other, name, table, boxes)
                for key, span in (("detector", t1 - t0), ("detector + learned", t2 - t1),
                                  ("detector (CPU)", c1 - c0),
                                  ("detector + learned (CPU)", c2 - c1)):  # fmt: skip
                    times[key].append(1000 * span)
            t2, c2 = time.perf_counter(), time.process_time()
            looking.reset()
            looking.scores(frame, features.propose(frame, PROPOSALS))  # a still camera's frame
            t3, c3 = time.perf_counter(), time.process_time()
            proposals = features.propose(frame, PROPOSALS)
            looked, near = looking.scores(frame, proposals)  # ... and the next one
            t4, c4 = time.perf_counter(), time.process_time()
            record("look " + split, other, name, looked, near)
            if split == "held" and len(near) > len(proposals):  # the look ran (2 frames)
                for key, halves in ((LOOKED, (t3 - t2, t4 - t3)), (LOOKED + " (CPU)",
                                                                  (c3 - c2, c4 - c3))):  # fmt: skip
                    times[key] += [1000 * h for h in halves]
                    times[key + " worse"].append(1000 * max(halves))
    return out, times


def main(argv: list[str] | None = None) -> int:
    import argparse

    from bench.vision_teach_keypoints import score_keypoints
    from bench.vision_teach_protocols import PROTOCOLS, SHIPPED, ensure_spread
    from bench.vision_teach_table import seeds_table, sides_note, table
    from pipelines.core.paths import shared_dir

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenes", type=Path, default=CACHE)
    parser.add_argument("--render", action="store_true", help="render the scenes with Blender")
    parser.add_argument("--views", type=int, default=60, help="views per kind (from 40: dev)")
    parser.add_argument("--seeds", type=int, default=3, help="teaching seeds per protocol")
    parser.add_argument(
        "--protocols",
        nargs="+",
        default=[SHIPPED, "5 from above"],
        choices=list(PROTOCOLS),
        help="teaching photos (first: the table)",
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared is needed (its photos are the table tops, its detector)")
    labels = json.loads((args.scenes / "labels.json").read_text()) if not args.render and (
        args.scenes / "labels.json").is_file() else {}  # fmt: skip
    stale = labels and "viewpoint" not in next(iter(labels["views"]["glasses"].values()))
    if not labels or stale or min(len(v) for v in labels["views"].values()) < args.views:
        render(args.scenes, args.views, shared, keep=bool(labels))  # --keep: labels only
        labels = json.loads((args.scenes / "labels.json").read_text())
    ensure_spread(args.scenes, shared)
    detector = _detector(shared)
    runs = []  # (protocol and finder, seed, dev recall, dev precision, held recall, precision)
    seed0: dict[str, tuple[dict[str, list[Find]], float]] = {}
    finders = (("first pass", ""), ("+ second look", "look "))
    with tempfile.TemporaryDirectory() as models:
        for protocol in args.protocols:
            for seed in range(args.seeds):
                finds, took = score_learned(args.scenes, labels, detector, Path(models), seed,
                                            protocol=protocol)  # fmt: skip
                chosen = {}
                for tag, key in finders:
                    chosen[key] = choose_threshold(finds[key + "dev"], labels)
                    runs.append((f"{protocol}, {tag}", seed,
                                 *overall(finds[key + "dev"], labels, chosen[key]),
                                 *overall(finds[key + "held"], labels, chosen[key])))  # fmt: skip
                    print(runs[-1], flush=True)
                if seed == 0:
                    seed0[protocol] = (finds["look held"], chosen["look "])
                if seed == 0 and protocol == args.protocols[0]:
                    learned, times, threshold = finds, took, chosen
    keypoints = score_keypoints(args.scenes, labels, views_of(labels, "held"), args.protocols[0])
    body = table(labels, learned, keypoints, threshold, times, tally, args.protocols[0])
    body += "\n\n" + seeds_table(runs)
    body += "\n\n" + sides_note(args.scenes, labels, seed0, tally)
    print(body)
    if not args.no_write:
        from .report import write_section

        write_section("vision-teach", "Vision: teach an object (rendered scenes)",
                      "python -m bench.vision_teach", body)  # fmt: skip
    return 0


def _detector(shared: Path) -> Any:
    from pipelines.vision.detectors.base import DetectorSpec
    from pipelines.vision.detectors.yolox import YoloxDetector

    folder = shared / "models" / "vision" / "yolox_nano"
    labels = (folder / "coco_classes.txt").read_text().split("\n")
    spec = DetectorSpec(name="yolox-nano", family="yolox", model_path=folder / "yolox_nano.onnx",
                        labels=tuple(labels))  # fmt: skip
    return YoloxDetector(spec, threads=1)
