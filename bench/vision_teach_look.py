"""A second look at one region of a frame, chosen on the dev views of the dev loop (issue 21).

    TEACH_DEV_PROTOCOL="10 spread" python -m bench.vision_teach_dev cache 0 1 2  # first
    TEACH_DEV_PROTOCOL="10 spread" [TEACH_LOOK_ZOOM=2] python -m bench.vision_teach_look cache
    TEACH_DEV_PROTOCOL="10 spread" python -m bench.vision_teach_look score [SEED ...]
    TEACH_DEV_PROTOCOL="10 spread" python -m bench.vision_teach_look time 12,4,2 8,4,1.5 ...

``cache`` runs :class:`pipelines.vision.detector_zoom.RegionRun` (YOLOX at a free input size)
on each view's 3 x 3 grid of regions (each half the frame's width and height, every quarter)
magnified ``TEACH_LOOK_ZOOM`` times over the first pass, and keeps each region's first 12
proposals (frame boxes, crop embedding + the region run's detector features, hits). ``score``
fits each seed's finder from the dev loop's cache (bench/vision_teach_dev.py) and prints dev
recall at precision >= 0.95 (the oracle threshold) and held-out recall/precision at the
threshold chosen on dev (for the record, not for choosing), for first passes that embed the
first F proposals (``TEACH_LOOK_FIRST``) and second looks that embed the region's first L
(``TEACH_LOOK_EMBED``); the region is the grid one nearest the first-pass box with the highest
classifier probability (``TEACH_LOOK_CHOOSER=detpart``: the best detector-feature logit), and
``TEACH_LOOK_FIRST_BY`` / ``TEACH_LOOK_LOOK_BY=detpart`` embed the boxes the classifiers'
detector-feature part ranks best instead of the detector's first. The second look's scores
count only on views where no object reached the first pass's threshold. ``time`` measures CPU
time per frame, one thread, of the detector, the first pass as it was and
:class:`pipelines.vision.teach_look.LookingFinder` per ``F,L,ZOOM`` setting, in one loop.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import numpy as np

from bench.vision_teach_dev import KEEP, OUT, evaluate, finder_from, load_views
from bench.vision_teach_rendered import CACHE, hit

ZOOM = float(os.environ.get("TEACH_LOOK_ZOOM", "2.0"))
GRID = 3
SHARE = 0.5
LOOK_FILE = OUT / f"look-{GRID}x{GRID}-zoom{ZOOM:g}.npz"
CHOOSER = os.environ.get("TEACH_LOOK_CHOOSER", "prob")
"""How the region is chosen: around the box of highest classifier probability ("prob") or
highest detector-feature logit ("detpart")."""
FIRST_BY = os.environ.get("TEACH_LOOK_FIRST_BY", "rank")
LOOK_BY = os.environ.get("TEACH_LOOK_LOOK_BY", "rank")
"""Which proposals are embedded: the detector's first ("rank") or the ones the classifiers'
detector-feature part ranks best ("detpart")."""
EMBEDDING = 1280
"""The crop embedding's part of a vector; the rest is the detector's features."""


def regions(shape: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
    h, w = shape[:2]
    rw, rh = round(w * SHARE), round(h * SHARE)
    xs = np.linspace(0, w - rw, GRID).round().astype(int)
    ys = np.linspace(0, h - rh, GRID).round().astype(int)
    return [(int(x), int(y), int(x) + rw, int(y) + rh) for y in ys for x in xs]


def cache() -> None:
    import cv2
    from threadpoolctl import threadpool_limits

    from bench.vision_teach_rendered import _detector
    from pipelines.core.paths import shared_dir
    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.detector_zoom import RegionRun
    from pipelines.vision.embedder import ImageEmbedder
    from pipelines.vision.teach_learned import CROP, LearnedFinder
    from pipelines.vision.teach_samples import crop

    shared = shared_dir()
    assert shared is not None
    labels = json.loads((CACHE / "labels.json").read_text())
    features = FeatureDetector(_detector(shared))
    run = RegionRun(features, ZOOM)
    embedder = ImageEmbedder(OUT / "models", size=CROP)
    finder = LearnedFinder(embedder.embed, lambda im: features.propose(im, KEEP),
                           regions=features.at)  # fmt: skip
    rows: dict[str, list[Any]] = {k: [] for k in ("boxes", "vectors", "hits")}
    first_ms: list[float] = []
    look_ms: list[float] = []
    embed_ms: list[float] = []
    with threadpool_limits(limits=1):
        for kind, views in labels["views"].items():
            for name, view in views.items():
                frame = cv2.imread(str(CACHE / "views" / kind / name))
                start = time.process_time()
                _d, boxes = features.detect_and_propose(frame, KEEP)
                finder.vectors(frame, boxes[:KEEP])
                first_ms.append((time.process_time() - start) * 1000)
                for region in regions(frame.shape):
                    start = time.process_time()
                    boxes, det = run.look(frame, region, KEEP)
                    look_ms.append((time.process_time() - start) * 1000)
                    if not len(boxes):
                        boxes = np.array([[0, 0, 1, 1]], np.float32)
                        det = np.zeros((1, features.at(frame, boxes).shape[1]), np.float32)
                    pad = KEEP - len(boxes)
                    boxes = np.concatenate([boxes, np.repeat(boxes[-1:], pad, 0)])
                    det = np.concatenate([det, np.repeat(det[-1:], pad, 0)])
                    start = time.process_time()
                    embedded = embedder.embed([crop(frame, b, CROP) for b in boxes])
                    embed_ms.append((time.process_time() - start) * 1000)
                    vectors = np.concatenate([embedded, det], axis=1) / np.sqrt(2)
                    rows["boxes"].append(boxes)
                    rows["vectors"].append(vectors.astype(np.float16))
                    rows["hits"].append([hit(b, view["box"], None) for b in boxes])
    np.savez(LOOK_FILE, **{k: np.asarray(v) for k, v in rows.items()})
    print(f"{len(first_ms)} views, regions {SHARE} of the frame at zoom {ZOOM}: first pass "
          f"(detector + {KEEP} embeddings) median CPU {np.median(first_ms):.1f} ms, one region "
          f"run {np.median(look_ms):.1f} ms, {KEEP} embeddings {np.median(embed_ms):.1f} ms "
          f"(one thread, load {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip


def detector_part(finder: Any, vectors: Any) -> Any:
    """[objects, proposals]: each classifier's logit from the detector-feature part alone."""
    return np.stack(
        [vectors[:, EMBEDDING:] @ m.weights[EMBEDDING:] for m in finder.models.values()]
    )


def first_pass(finder: Any, vectors: Any, embeds: int, by: str = "") -> tuple[Any, Any]:
    """As :meth:`LookingFinder._score` on cached vectors: ([kinds, 12] scores, probabilities)
    with only the ``embeds`` boxes the detector-feature logits rank best scored."""
    if by == "rank":  # the detector's own order
        chosen = np.arange(min(embeds, len(vectors)))
    else:
        chosen = np.sort(np.argsort(-detector_part(finder, vectors).max(axis=0))[:embeds])
    table = np.zeros((len(finder.models), len(vectors)), np.float32)
    table[:, chosen] = finder.table(vectors[chosen])
    probability = np.zeros_like(table)
    probability[:, chosen] = np.stack([m.probability(vectors[chosen])
                                       for m in finder.models.values()])  # fmt: skip
    return table, probability


def score(seeds: list[int]) -> None:
    views = load_views()
    n_views = len(views["n"])
    with np.load(LOOK_FILE) as data:
        look = {k: data[k] for k in data.files}
    per = GRID * GRID
    look_vectors = look["vectors"].reshape(n_views, per, KEEP, -1)
    look_hits = look["hits"].reshape(n_views, per, KEEP).astype(bool)
    places = np.array(regions((240, 320)), np.float32)
    centres = np.stack([(places[:, 0] + places[:, 2]) / 2, (places[:, 1] + places[:, 3]) / 2], 1)
    firsts = [int(v) for v in os.environ.get("TEACH_LOOK_FIRST", "12 8 6 4").split()]
    embeds = [int(v) for v in os.environ.get("TEACH_LOOK_EMBED", "12 4 3 2").split()]
    results: dict[str, list[float]] = {}
    for seed in seeds:
        finder = finder_from(seed)
        kinds = list(finder.models)
        first = views["vectors"].astype(np.float32)
        out: dict[str, float] = {}
        for m in firsts:
            passes = [first_pass(finder, v, m, FIRST_BY) for v in first]
            base = np.stack([p[0] for p in passes])
            res = evaluate(base, views, kinds)
            out[f"f{m}"], out[f"f{m} R"], out[f"f{m} P"] = res["dev@95"], res["held_r"], res[
                "held_p"]  # fmt: skip
            none = base.max(axis=(1, 2)) < res["threshold"]
            chosen = np.zeros(n_views, np.int64)
            for v in range(n_views):
                if CHOOSER == "detpart":  # the detector-feature logits of all 12 boxes
                    b = int(np.argmax(detector_part(finder, first[v]).max(axis=0)))
                else:  # the classifiers' probabilities of the embedded boxes
                    b = int(np.argmax(passes[v][1].max(axis=0)))
                x1, y1, x2, y2 = views["boxes"][v, b]
                c = np.array([(x1 + x2) / 2, (y1 + y2) / 2])
                chosen[v] = int(np.argmin(np.abs(centres - c).sum(axis=1)))
            for k in embeds:
                scores = np.zeros((n_views, len(kinds), KEEP), np.float32)
                for v in np.flatnonzero(none):
                    scores[v] = first_pass(finder, look_vectors[v, chosen[v]].astype(np.float32),
                                           k, LOOK_BY)[0]  # fmt: skip
                hits = look_hits[np.arange(n_views), chosen]
                both = np.concatenate([base, scores], axis=2)
                sub = dict(views, hits=np.concatenate([views["hits"].astype(bool), hits], 1))
                r = evaluate(both, sub, kinds)
                tag = f"f{m}+look{k}"
                out[tag], out[tag + " R"], out[tag + " P"] = r["dev@95"], r["held_r"], r["held_p"]
        for key, value in out.items():
            results.setdefault(key, []).append(value)
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.3f}" for k, v in out.items()), flush=True)
    print("mean:")
    for key, values in results.items():
        if not key.endswith(("R", "P")):
            r, p = np.mean(results[key + " R"]), np.mean(results[key + " P"])
            print(f"  {key:14s} dev@0.95 {np.mean(values):.3f}  held out {r:.3f} at {p:.3f}")


def timing(settings: list[tuple[int, int, float]]) -> None:
    """CPU time per frame, one thread, in one loop over the held-out views: the detector, the
    first pass as it was, and :class:`LookingFinder` for each (first embeds, look embeds,
    zoom) setting, its second look forced on every frame (the time a frame with no find
    costs), with seed 0's cached teaching vectors."""
    import cv2
    from threadpoolctl import threadpool_limits

    from bench.vision_teach_rendered import _detector, views_of
    from pipelines.core.paths import shared_dir
    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.detector_zoom import RegionRun
    from pipelines.vision.embedder import ImageEmbedder
    from pipelines.vision.teach_learned import CROP, PROPOSALS
    from pipelines.vision.teach_look import LookingFinder

    shared = shared_dir()
    assert shared is not None
    labels = json.loads((CACHE / "labels.json").read_text())
    detector = _detector(shared)
    features = FeatureDetector(detector)
    finder = finder_from(0)
    finder.embed = ImageEmbedder(OUT / "models", size=CROP).embed
    finder.regions = features.at
    lookers = {s: LookingFinder(finder, RegionRun(features, s[2]).look, first_embeds=s[0],
                                look_embeds=s[1]) for s in settings}  # fmt: skip
    times: dict[str, list[float]] = {}

    def timed(key: str, run: Any) -> None:
        start = time.process_time()
        run()
        times.setdefault(key, []).append((time.process_time() - start) * 1000)

    with threadpool_limits(limits=1):
        for kind, name, _view in views_of(labels, "held"):
            frame = cv2.imread(str(CACHE / "views" / kind / name))
            finder.min_probability = 2.0  # nothing is found: the second look always runs
            timed("detector", lambda f=frame: detector.detect(f))
            timed("first pass as it was", lambda f=frame: finder.scores(
                f, features.detect_and_propose(f, PROPOSALS)[1]))  # fmt: skip
            for setting, looking in lookers.items():
                timed(f"first {setting[0]}, look {setting[1]}, zoom {setting[2]:g}",
                      lambda f=frame, x=looking: x.scores(f, features.detect_and_propose(
                          f, PROPOSALS)[1]))  # fmt: skip
    for key, values in times.items():
        print(f"{key}: median {np.median(values):.1f} ms CPU (mean {np.mean(values):.1f})")
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "score"
    if command == "cache":
        cache()
    elif command == "time":  # time F,L,Z ... e.g. 6,3,2
        timing([(int(a), int(b), float(z)) for a, b, z in (s.split(",") for s in sys.argv[2:])])
    else:
        score([int(s) for s in sys.argv[2:]] or [0, 1, 2])
