"""A fast dev loop for teach-an-object: the rendered views' proposal vectors and each teaching
seed's vectors, computed once and cached, so scoring variants are compared in seconds.

    python -m bench.vision_teach_dev cache [--seeds 0 1 2]   # minutes, once
    python -m bench.vision_teach_dev score                   # seconds: the finder's scoring

``cache`` writes ``~/.cache/homebody-bench/teach-dev/views.npz`` (every view's first
:data:`KEEP` proposals: boxes, vectors, whether each hits the object) and ``seed-N.npz`` (each
kind's teaching positives/negatives as :meth:`LearnedFinder.add` makes them). ``score`` fits
the finder from those, scores the cached proposals with :meth:`LearnedFinder.table` and prints,
per seed, recall at precision >= 0.95 on the dev views (the oracle threshold there) and
held-out recall/precision at the threshold chosen on dev (bench/vision_teach_rendered.py's
rule); the held-out columns are for reporting, not for choosing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from bench.vision_teach_protocols import photos as protocol_photos
from bench.vision_teach_rendered import CACHE, DEV_FROM, hit, painted_out

KEEP = 12
VARIANT = os.environ.get("TEACH_DEV_VARIANT", "")
"""A name for the cache of an experiment (e.g. ``crop128``), empty for the finder as it is."""
OUT = Path.home() / ".cache" / "homebody-bench" / ("teach-dev" + (f"-{VARIANT}" if VARIANT else ""))
PROTOCOL = os.environ.get("TEACH_DEV_PROTOCOL", "5 from above")
"""The teaching photos (bench/vision_teach_protocols.py), e.g. ``"10 spread"``."""


def seed_file(seed: int) -> Path:
    tag = "" if PROTOCOL == "5 from above" else "-" + PROTOCOL.replace(" ", "")
    return OUT / f"seed-{seed}{tag}.npz"


def cache(seeds: list[int]) -> None:
    import cv2
    from threadpoolctl import threadpool_limits

    from bench.vision_teach_rendered import _detector
    from pipelines.core.paths import shared_dir
    from pipelines.vision import teach_learned
    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.embedder import ImageEmbedder
    from pipelines.vision.teach_learned import TEACH_PROPOSALS, LearnedFinder

    if os.environ.get("TEACH_DEV_CROP"):
        teach_learned.CROP = int(os.environ["TEACH_DEV_CROP"])
    CROP = teach_learned.CROP

    shared = shared_dir()
    assert shared is not None
    labels = json.loads((CACHE / "labels.json").read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    features = FeatureDetector(_detector(shared))
    models = OUT / "models"
    embedder = ImageEmbedder(models, size=CROP)
    finder = LearnedFinder(embedder.embed, lambda im: features.propose(im, TEACH_PROPOSALS),
                           regions=features.at)  # fmt: skip
    with threadpool_limits(limits=1):
        if not (OUT / "views.npz").is_file():
            rows: dict[str, list[Any]] = {k: [] for k in ("kind", "n", "boxes", "vectors", "hits")}
            for kind, views in labels["views"].items():
                for n, (name, view) in enumerate(views.items()):
                    frame = cv2.imread(str(CACHE / "views" / kind / name))
                    _d, boxes = features.detect_and_propose(frame, KEEP)
                    boxes = np.zeros((KEEP, 4), np.float32) if not len(boxes) else boxes
                    boxes = np.concatenate([boxes, np.repeat(boxes[-1:], KEEP - len(boxes), 0)])
                    rows["kind"].append(kind)
                    rows["n"].append(n)
                    rows["boxes"].append(boxes)
                    rows["vectors"].append(finder.vectors(frame, boxes).astype(np.float16))
                    rows["hits"].append([hit(b, view["box"], None) for b in boxes])
            np.savez(OUT / "views.npz", **{k: np.asarray(v) for k, v in rows.items()})
            print("views cached", flush=True)
        backgrounds = painted_out(CACHE, labels)
        for seed in seeds:
            out = {}
            for kind in labels["views"]:
                paths = protocol_photos(CACHE, kind, PROTOCOL)
                photos = [cv2.imread(str(p)) for p in paths]
                model = finder.add(kind, photos, backgrounds, seed=seed)
                out[f"{kind}/pos"] = model.positives.astype(np.float16)
                out[f"{kind}/neg"] = model.negatives.astype(np.float16)
            np.savez(seed_file(seed), **out)
            print(f"seed {seed} cached", flush=True)


def load_views() -> dict[str, Any]:
    with np.load(OUT / "views.npz") as data:
        return {k: data[k] for k in data.files}


def finder_from(seed: int, photo_check: bool = True) -> Any:
    from pipelines.vision.teach_learned import PHOTO_VIEWS, LearnedFinder, TaughtModel

    finder = LearnedFinder(lambda crops: np.zeros((0, 1)), lambda im: np.zeros((0, 4)),
                           photo_check=photo_check)  # fmt: skip
    with np.load(seed_file(seed)) as data:
        for kind in dict.fromkeys(k.split("/")[0] for k in data.files):
            pos, neg = (data[f"{kind}/{p}"].astype(np.float32) for p in ("pos", "neg"))
            photos = len(protocol_photos(CACHE, kind, PROTOCOL))
            finder.models[kind] = TaughtModel(kind, pos, neg, photos=PHOTO_VIEWS * photos)
    finder.refit()
    return finder


def evaluate(scores: Any, views: dict[str, Any], kinds: list[str]) -> dict[str, Any]:
    """scores [views, kinds, proposals] -> dev oracle recall at precision >= 0.95, held-out
    recall/precision at the threshold chosen on dev."""
    best = scores.argmax(axis=2)  # [views, kinds]
    top = np.take_along_axis(scores, best[..., None], axis=2)[..., 0]
    kind_of = np.array([kinds.index(k) for k in views["kind"]])
    right = (kind_of[:, None] == np.arange(len(kinds))[None]) & np.take_along_axis(
        views["hits"], best, axis=1
    )
    dev = views["n"] >= DEV_FROM

    def at(mask: Any, t: float) -> tuple[float, float]:
        taken = top[mask] >= t
        tp = int((taken & right[mask]).sum())
        return tp / (mask.sum()), tp / max(int(taken.sum()), 1)

    candidates = np.unique(top[dev])
    chosen, best_key = 1.0, (-1.0, -1.0)
    oracle = 0.0
    for t in candidates:
        r, p = at(dev, t)
        key = (float(p >= 0.95), r if p >= 0.95 else 2 * r * p / max(r + p, 1e-9))
        if key > best_key:
            best_key, chosen = key, float(t)
        if p >= 0.95:
            oracle = max(oracle, r)
    held_r, held_p = at(~dev, chosen)
    rank1 = float(right[dev].sum(axis=1).mean())
    return {"dev@95": oracle, "threshold": chosen, "held_r": held_r, "held_p": held_p,
            "dev_rank1": rank1}  # fmt: skip


def score(seeds: list[int]) -> None:
    views = load_views()
    vectors = views["vectors"].astype(np.float32)
    for photo_check in (False, True):
        results = []
        for seed in seeds:
            finder = finder_from(seed, photo_check)
            scores = np.stack([finder.table(v) for v in vectors])
            res = evaluate(scores, views, list(finder.models))
            results.append(res)
            print(f"photo check {photo_check}, seed {seed}: "
                  + ", ".join(f"{k} {v:.3f}" for k, v in res.items()), flush=True)  # fmt: skip
        mean = {k: float(np.mean([r[k] for r in results])) for k in results[0]}
        print(f"photo check {photo_check}, mean: "
              + ", ".join(f"{k} {v:.3f}" for k, v in mean.items()), flush=True)  # fmt: skip


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "score"
    chosen_seeds = [int(s) for s in sys.argv[2:]] or [0, 1, 2]
    (cache if command == "cache" else score)(chosen_seeds)
