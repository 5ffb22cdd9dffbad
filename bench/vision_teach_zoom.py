"""A zoomed second pass for teach-an-object, tried on the dev loop's cache (issue 21).

    TEACH_DEV_PROTOCOL="10 spread" python -m bench.vision_teach_zoom cache   # ~2 min, once
    TEACH_DEV_PROTOCOL="10 spread" python -m bench.vision_teach_zoom score [SEED ...]

Small objects (under 40 px high in the 320 x 240 views) are most of the dev misses: often no
proposal on them among the first 12, or their box scored low. The second pass cuts each
view into :data:`GRID` x :data:`GRID` overlapping tiles (each :data:`SHARE` of the frame's
width and height), runs the detector on each tile (its letterbox scales the tile up to the
detector's 416 px input: about 2x more pixels on the object), maps the tile's first 12
proposals back to the frame and describes them from the tile's run (crop embedding + the
tile's detector features). ``score`` fits each seed's finder from the dev loop's cache
(bench/vision_teach_dev.py) and prints recall at precision >= 0.95 on the dev views for

- ``base``: the first pass as shipped;
- ``zoom always``: each object's best score over the first pass and every tile;
- ``zoom if none``: the tiles only on a view where no object reaches the base threshold
  (the time per frame then depends on how many frames have a find);
- ``... if unsure>=L``: the tiles only where the best first-pass score is L up to the
  threshold;

with held-out recall/precision at the threshold chosen on dev (bench/vision_teach_dev.py's
``evaluate``), and how often each gate fires on frames with no object (the held-out views
with their object inpainted: not teaching backgrounds). ``cache`` also times,
single-threaded, the first pass (detector + 12 embeddings) and one tile on the same views,
so the added milliseconds are measured beside the baseline's.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import numpy as np

from bench.vision_teach_dev import KEEP, OUT, evaluate, finder_from, load_views
from bench.vision_teach_rendered import CACHE, DEV_FROM, hit, views_of

GRID = 2
SHARE = 0.6
ZOOM_FILE = OUT / f"zoom-{GRID}x{GRID}-{int(SHARE * 100)}-all.npz"
SMALL = float(os.environ.get("TEACH_ZOOM_SMALL", "0"))
"""When set (px), only tile proposals under this height in the frame are scored."""
EMPTY_FILE = OUT / "zoom-empty-frames.npy"
"""The first pass on the held-out views with their object inpainted: frames with no object."""


def tiles(shape: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
    """(x1, y1, x2, y2) of the GRID x GRID overlapping tiles of a frame of ``shape``."""
    h, w = shape[:2]
    th, tw = round(h * SHARE), round(w * SHARE)
    xs = np.linspace(0, w - tw, GRID).round().astype(int)
    ys = np.linspace(0, h - th, GRID).round().astype(int)
    return [(int(x), int(y), int(x) + tw, int(y) + th) for y in ys for x in xs]


def cache() -> None:
    import cv2
    from threadpoolctl import threadpool_limits

    from bench.vision_teach_rendered import _detector
    from pipelines.core.paths import shared_dir
    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.embedder import ImageEmbedder
    from pipelines.vision.teach_learned import CROP, TEACH_PROPOSALS, LearnedFinder

    shared = shared_dir()
    assert shared is not None
    labels = json.loads((CACHE / "labels.json").read_text())
    features = FeatureDetector(_detector(shared))
    embedder = ImageEmbedder(OUT / "models", size=CROP)
    finder = LearnedFinder(embedder.embed, lambda im: features.propose(im, TEACH_PROPOSALS),
                           regions=features.at)  # fmt: skip
    rows: dict[str, list[Any]] = {k: [] for k in ("index", "boxes", "vectors", "hits")}
    first_ms: list[float] = []
    tile_ms: list[float] = []
    index = -1
    with threadpool_limits(limits=1):
        if not ZOOM_FILE.is_file():
            for kind, views in labels["views"].items():
                for name, view in views.items():
                    index += 1
                    frame = cv2.imread(str(CACHE / "views" / kind / name))
                    start = time.perf_counter()
                    _d, boxes = features.detect_and_propose(frame, KEEP)
                    finder.vectors(frame, boxes[:KEEP])
                    first_ms.append((time.perf_counter() - start) * 1000)
                    for x1, y1, x2, y2 in tiles(frame.shape):
                        tile = np.ascontiguousarray(frame[y1:y2, x1:x2])
                        start = time.perf_counter()
                        _d, boxes = features.detect_and_propose(tile, KEEP)
                        if not len(boxes):
                            boxes = np.array([[0, 0, 1, 1]], np.float32)
                        boxes = np.concatenate([boxes, np.repeat(boxes[-1:], KEEP - len(boxes), 0)])
                        vectors = finder.vectors(tile, boxes)
                        tile_ms.append((time.perf_counter() - start) * 1000)
                        placed = boxes + np.array([x1, y1, x1, y1], np.float32)
                        rows["index"].append(index)
                        rows["boxes"].append(placed)
                        rows["vectors"].append(vectors.astype(np.float16))
                        rows["hits"].append([hit(b, view["box"], None) for b in placed])
            np.savez(ZOOM_FILE, **{k: np.asarray(v) for k, v in rows.items()})
            print(f"{len(first_ms)} views, {GRID}x{GRID} tiles of {SHARE}: first pass median "
                  f"{np.median(first_ms):.1f} ms, one tile {np.median(tile_ms):.1f} ms (detector"
                  f" + {KEEP} embeddings, one thread, machine loaded)", flush=True)  # fmt: skip
        empty = []  # held-out views with the object inpainted (not teaching backgrounds)
        for kind, name, view in views_of(labels, "held out"):
            image = cv2.imread(str(CACHE / "views" / kind / name))
            x1, y1, x2, y2 = (int(v) for v in view["box"])
            mask = np.zeros(image.shape[:2], np.uint8)
            mask[max(0, y1 - 3) : y2 + 3, max(0, x1 - 3) : x2 + 3] = 255
            image = cv2.inpaint(image, mask, 3, cv2.INPAINT_TELEA)
            _d, boxes = features.detect_and_propose(image, KEEP)
            vectors = finder.vectors(image, boxes[:KEEP])
            padding = np.repeat(vectors[-1:], KEEP - len(vectors), 0)  # as the views' cache
            empty.append(np.concatenate([vectors, padding]).astype(np.float16))
    np.save(EMPTY_FILE, np.asarray(empty))


def score(seeds: list[int]) -> None:
    views = load_views()
    dev = np.arange(len(views["n"]))  # every view: evaluate() splits dev / held out
    with np.load(ZOOM_FILE) as data:
        zoom = {k: data[k] for k in data.files}
    empties = np.load(EMPTY_FILE)
    per_view = len(zoom["index"]) // len(dev)
    assert np.array_equal(zoom["index"].reshape(len(dev), per_view)[:, 0], dev)
    sub = {k: views[k][dev] for k in ("kind", "n", "hits")}
    tile_hits = zoom["hits"].reshape(len(dev), per_view * KEEP).astype(bool)
    sub_zoom = dict(sub, hits=np.concatenate([sub["hits"].astype(bool), tile_hits], axis=1))
    results: dict[str, list[float]] = {}
    heights = zoom["boxes"][:, :, 3] - zoom["boxes"][:, :, 1]
    small = (heights < SMALL).reshape(len(dev), per_view * KEEP)
    for seed in seeds:
        finder = finder_from(seed)
        kinds = list(finder.models)
        base = np.stack([finder.table(v) for v in views["vectors"][dev].astype(np.float32)])
        tile_scores = np.stack([finder.table(v) for v in zoom["vectors"].astype(np.float32)])
        tile_scores = tile_scores.reshape(len(dev), per_view, len(kinds), KEEP)
        tile_scores = tile_scores.transpose(0, 2, 1, 3).reshape(len(dev), len(kinds), -1)
        if SMALL:  # only the tiles' small boxes count (fewer crops to embed)
            tile_scores = tile_scores * small[:, None, :]
        both = np.concatenate([base, tile_scores], axis=2)
        res = evaluate(base, sub, kinds)
        none = base.max(axis=(1, 2)) < res["threshold"]
        gated = np.where(none[:, None, None], both, np.concatenate([base, 0 * tile_scores], 2))
        always, if_none = evaluate(both, sub_zoom, kinds), evaluate(gated, sub_zoom, kinds)
        one = np.zeros((len(dev), per_view), bool)  # one tile: where the first pass is surest
        places = tiles((240, 320))
        for v in range(len(dev)):
            k, b = np.unravel_index(np.argmax(base[v]), base[v].shape)
            x1, y1, x2, y2 = views["boxes"][dev[v], b]
            cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
            one[v, np.argmin([abs(cx - (a + c) / 2) + abs(cy - (b2 + d) / 2)
                              for a, b2, c, d in places])] = True  # fmt: skip
        keep = np.repeat(one & none[:, None], KEEP, axis=1)[:, None, :]
        single = evaluate(np.concatenate([base, tile_scores * keep], 2), sub_zoom, kinds)
        split = views["n"] >= DEV_FROM
        out = {"base": res["dev@95"], "zoom always": always["dev@95"],
               "zoom if none": if_none["dev@95"], "share zoomed (dev)": float(none[split].mean()),
               "held-out base R": res["held_r"], "P": res["held_p"],
               "held-out if none R": if_none["held_r"], "P ": if_none["held_p"],
               "one tile if none": single["dev@95"], "held-out R": single["held_r"],
               "P  ": single["held_p"]}  # fmt: skip
        empty_top = np.array([finder.table(v.astype(np.float32)).max() for v in empties])
        for low in (0.02, 0.05, 0.1):
            unsure = (base.max(axis=(1, 2)) >= low) & none
            keep = np.repeat(one & unsure[:, None], KEEP, axis=1)[:, None, :]
            gate = np.repeat(unsure[:, None], per_view * KEEP, axis=1)[:, None, :]
            for tag, mask in (("4", gate), ("1", keep)):
                r = evaluate(np.concatenate([base, tile_scores * mask], 2), sub_zoom, kinds)
                out[f"{tag} if unsure>={low}"] = r["dev@95"]
                out[f"{tag}@{low} held R"], out[f"{tag}@{low} P"] = r["held_r"], r["held_p"]
            fires = (empty_top >= low) & (empty_top < res["threshold"])
            out[f"fires on empty @{low}"] = float(fires.mean())
        out["fires on empty (none)"] = float((empty_top < res["threshold"]).mean())
        for k, v in out.items():
            results.setdefault(k, []).append(v)
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.3f}" for k, v in out.items()), flush=True)
    print("mean: " + ", ".join(f"{k} {np.mean(v):.3f}" for k, v in results.items()))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "score"
    (cache if command == "cache" else lambda: score([int(s) for s in sys.argv[2:]] or [0, 1, 2]))()
