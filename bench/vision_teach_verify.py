"""Verifiers for teach-an-object, measured on the dev loop's cached vectors (issue 21).

    python -m bench.vision_teach_dev cache      # once: proposal vectors, teaching vectors
    python -m bench.vision_teach_verify cache   # once (about a minute): EfficientNet maps
    python -m bench.vision_teach_verify score   # a few minutes: the table below, per seed

Each variant keeps the finder's classifier and neighbour check
(:meth:`pipelines.vision.teach_learned.LearnedFinder.table`) and changes what checks a
candidate against the **teaching photos themselves** (pairs, not one classifier per object):

- ``photo``: the shipped photo check (pooled vector, cosine, nearest photo of this object vs
  of any other object, a logistic step);
- ``dense``: dense local matching — the candidate crop's stride-16 EfficientNet-Lite0 cells
  (6 x 6 x 112 at 96 px, the same network run as the embedding) against each teaching
  photo's cells; the share of cells with a mutual nearest neighbour above :data:`TAU`, best
  photo per object, as a margin over the other objects (like ``photo``), beside ``photo``;
- ``pair``: a pair scorer, logistic regression on ``candidate * photo`` (element-wise, unit
  vectors) trained across all taught objects on pasted-scene positives vs the object's own
  photos (same) and the other objects' photos and the hardest negatives (different);
- ``semantic``: the crop's ImageNet class distribution (EfficientNet's own logits, same run;
  its labels include sunglasses, wallet, remote control, cup) against the object's photos'
  mean distribution (Bhattacharyya coefficient, softmax temperature 4), as a margin (step 0.2);
- ``top12``: every proposal, not only each object's 2 best, goes through the checks (re-rank).

Printed per teaching seed and as the mean: dev recall at precision >= 0.95 (what the finder's
threshold is chosen for), dev average precision and recall at precision >= 0.90 (steadier:
they do not hinge on the two highest false finds), held-out recall/precision at the
threshold chosen on dev (for the record only: variants are chosen on dev).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import numpy as np

from bench.vision_teach_dev import OUT, evaluate, finder_from, load_views
from bench.vision_teach_rendered import CACHE, DEV_FROM

TAU = 0.3
"""Cosine a mutual nearest-neighbour cell pair needs to count (0.3-0.7 alike on dev)."""
KINDS = ("glasses", "keys", "wallet", "mug", "remote")
PRIOR = 1 - 0.3 * np.arange(12) / 12
"""The finder's rank weight over the 12 cached proposals (teach_learned.RANK_WEIGHT)."""


def _stage_session() -> Any:
    """The 96-px EfficientNet-Lite0 -> (last stride-16 map (112 channels), logits)."""
    import onnx
    import onnxruntime as ort
    from onnx import helper, shape_inference

    model = shape_inference.infer_shapes(
        onnx.load(str(OUT / "models" / "efficientnet-lite0" / "efficientnet_lite0_96x96.onnx"))
    )
    dims = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
            for v in model.graph.value_info}  # fmt: skip
    stage = [o for n in model.graph.node for o in n.output
             if dims.get(o, [])[1:3] == [112, 6]][-1]  # fmt: skip
    model.graph.output.append(helper.make_tensor_value_info(stage, onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options,
                                   providers=["CPUExecutionProvider"])  # fmt: skip
    return lambda crops: session.run(
        [stage, "logits"], {"image": np.stack([c[:, :, ::-1] for c in crops])
                            .astype(np.float32).transpose(0, 3, 1, 2)})  # fmt: skip


def cache() -> None:
    """Stage maps of every cached proposal crop and of every teaching photo's crop."""
    import cv2

    from bench.vision_teach_rendered import _detector
    from pipelines.core.paths import shared_dir
    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.teach_learned import CROP, TEACH_PROPOSALS
    from pipelines.vision.teach_samples import crop, object_box

    run = _stage_session()
    views = load_views()
    labels = json.loads((CACHE / "labels.json").read_text())
    maps, logits, i = [], [], 0
    for kind, shown in labels["views"].items():
        for name in shown:
            frame = cv2.imread(str(CACHE / "views" / kind / name))
            stage, classes = run([crop(frame, b, CROP) for b in views["boxes"][i]])
            maps.append(stage.astype(np.float16))
            logits.append(classes)
            i += 1
    shared = shared_dir()
    assert shared is not None
    features = FeatureDetector(_detector(shared))
    photos = {}
    for kind in labels["views"]:
        crops = []
        for path in sorted((CACHE / "teach" / kind).glob("*.png")):
            photo = cv2.imread(str(path))
            for flip in (photo, np.ascontiguousarray(photo[:, ::-1])):
                box = object_box(flip, features.propose(flip, TEACH_PROPOSALS))
                crops.append(crop(flip, box, CROP))
        photos[kind], photos[f"{kind}_logits"] = run(crops)
    np.savez(OUT / "dense.npz", views=np.stack(maps), views_logits=np.stack(logits), **photos)
    print(f"stage maps cached in {OUT / 'dense.npz'}", flush=True)


def cells(maps: Any) -> Any:
    """[..., C, h, w] -> [..., h * w, C], each cell unit length."""
    a = np.asarray(maps, np.float32)
    a = np.swapaxes(a.reshape(*a.shape[:-2], -1), -1, -2)
    return a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), 1e-6)


def dense_scores(candidates: Any, photos: Any, owner: Any, kinds: int) -> Any:
    """[candidates, 36, C] vs [photos, 36, C] -> [kinds, candidates]: the share of the
    candidate's cells with a mutual nearest neighbour (cosine > TAU) in the object's best
    photo."""
    sim = np.matmul(candidates[:, None], np.swapaxes(photos, 1, 2)[None])  # [n, p, 36, 36]
    there, back = sim.argmax(axis=3), sim.argmax(axis=2)
    mutual = np.take_along_axis(back, there, axis=2) == np.arange(sim.shape[2])
    share = (mutual & (sim.max(axis=3) > TAU)).mean(axis=2)
    return np.stack([share[:, owner == k].max(axis=1) for k in range(kinds)])


def margin_gate(alike: Any, step: float, axis: int) -> Any:
    """Logistic step on how much more alike than the best other object (along ``axis``)."""
    others = np.stack([np.delete(alike, n, axis=axis).max(axis=axis)
                       for n in range(alike.shape[axis])], axis=axis)  # fmt: skip
    return 1 / (1 + np.exp(-np.clip((alike - others) / step, -30, 30)))


def unit(a: Any) -> Any:
    return a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), 1e-9)


def class_overlap(logits: Any, photo_logits: list[Any], temperature: float = 4.0) -> Any:
    """[..., classes] logits -> [objects, ...]: Bhattacharyya coefficient of the softmax with
    each object's photos' mean softmax."""

    def soft(z: Any) -> Any:
        e = np.exp((z - z.max(axis=-1, keepdims=True)) / temperature)
        return e / e.sum(axis=-1, keepdims=True)

    mine = soft(np.asarray(logits, np.float32))
    return np.stack([np.sqrt(mine * soft(p).mean(axis=0)).sum(axis=-1) for p in photo_logits])


def pair_scorer(finder: Any, rng: Any, per_object: int = 100, steps: int = 400) -> Any:
    """(weights, bias) of a logistic pair scorer on ``candidate * photo`` (Adam, numpy)."""
    models = list(finder.models.values())
    photos = [unit(m.photo_vectors()) for m in models]
    xs, ys = [], []
    for a, m in enumerate(models):
        pasted = unit(m.positives[m.photos :])
        pasted = pasted[rng.choice(len(pasted), per_object, replace=False)]
        hard = unit(m.negatives[np.argsort(-m.probability(m.negatives))[:per_object]])
        for b, photo in enumerate(photos):
            xs.append((pasted[:, None] * photo[None]).reshape(-1, pasted.shape[1]))
            ys.append(np.full(len(xs[-1]), float(a == b)))
        xs.append((hard[:, None] * photos[a][None]).reshape(-1, hard.shape[1]))
        ys.append(np.zeros(len(xs[-1])))
    x, y = np.concatenate(xs).astype(np.float32) * 30, np.concatenate(ys).astype(np.float32)
    weight = np.where(y > 0, (1 - y).sum() / y.sum(), 1.0).astype(np.float32)
    w, b = np.zeros(x.shape[1], np.float32), 0.0
    m1, m2, b1, b2 = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-np.clip(x @ w + b, -30, 30)))
        g = weight * (p - y) / len(y)
        gw, gb = x.T @ g + 2e-4 * w, float(g.sum())
        m1, m2 = 0.9 * m1 + 0.1 * gw, 0.999 * m2 + 0.001 * gw**2
        b1, b2 = 0.9 * b1 + 0.1 * gb, 0.999 * b2 + 0.001 * gb**2
        fix1, fix2 = 1 - 0.9**t, 1 - 0.999**t
        w -= 0.05 * (m1 / fix1) / (np.sqrt(m2 / fix2) + 1e-8)
        b -= 0.05 * (b1 / fix1) / (np.sqrt(b2 / fix2) + 1e-8)
    return w * 30, b, photos


def components(seed: int, vectors: Any, dense: Any) -> dict[str, Any]:
    """Per [view, object, proposal]: ranked probability, neighbour share, photo gate, dense
    gate, pair gate; and the dense check's time per view."""
    from pipelines.vision.teach_learned import NEIGHBOURS

    finder = finder_from(seed)
    bank = finder._shared_bank()
    w, b, photos = pair_scorer(finder, np.random.default_rng(seed))
    owner = np.concatenate([[k] * len(dense[kind]) for k, kind in enumerate(KINDS)])
    taught = cells(np.concatenate([dense[kind] for kind in KINDS]))
    names = ("prob", "share", "photo", "dense", "pair", "semantic", "ms")
    out: dict[str, list[Any]] = {k: [] for k in names}
    profiles = [dense[f"{kind}_logits"] for kind in KINDS]
    for i, v in enumerate(vectors):
        out["prob"].append(np.stack([m.probability(v) for m in finder.models.values()]))
        similarity = bank.similarity(v)
        out["share"].append(np.stack([bank.share(n, similarity, NEIGHBOURS)
                                      for n in finder.models]))  # fmt: skip
        out["photo"].append(finder.photo_gate(v))
        start = time.process_time()
        out["dense"].append(dense_scores(cells(dense["views"][i]), taught, owner, len(KINDS)))
        out["ms"].append((time.process_time() - start) * 1000)
        out["semantic"].append(class_overlap(dense["views_logits"][i], profiles))
        u = unit(v)
        out["pair"].append(np.stack([((u[:, None] * p[None]) @ w + b).max(axis=1)
                                     for p in photos]))  # fmt: skip
    got = {k: np.stack(v) for k, v in out.items()}
    for name, step in (("dense", 0.05), ("pair", 0.5), ("semantic", 0.2)):
        got[name] = margin_gate(got[name], step, 1)
    return got


def variant(c: dict[str, Any], name: str) -> Any:
    """[views, objects, proposals] finder scores of one variant."""
    ranked = c["prob"] * PRIOR
    keep = np.zeros_like(ranked, bool)
    top = 12 if "top12" in name else 2
    np.put_along_axis(keep, np.argsort(-ranked, axis=2)[..., :top], True, axis=2)
    score = np.sqrt(ranked * c["share"]) * c["photo"]
    if "dense" in name:
        score = score * np.sqrt(c["dense"])
    if "pair" in name:
        score = score * c["pair"]
    if "semantic" in name:
        score = score * c["semantic"]
    return np.where(keep & (ranked >= 0.05), score, 0)


def steadier(scores: Any, views: dict[str, Any]) -> tuple[float, float]:
    """Dev average precision and recall at precision >= 0.90 (best proposal per object)."""
    best, top = scores.argmax(2), scores.max(2)
    kind_of = np.array([KINDS.index(k) for k in views["kind"]])
    right = (kind_of[:, None] == np.arange(len(KINDS))[None]) & np.take_along_axis(
        views["hits"], best, axis=1
    )
    dev = views["n"] >= DEV_FROM
    order = np.argsort(-top[dev].ravel())
    hits = right[dev].ravel()[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    recall = np.cumsum(hits) / dev.sum()
    return float((precision * hits).sum() / dev.sum()), float(recall[precision >= 0.9].max())


def score(seeds: list[int]) -> None:
    views = load_views()
    vectors = views["vectors"].astype(np.float32)
    with np.load(OUT / "dense.npz") as data:
        dense = {k: data[k] for k in data.files}
    names = (
        "photo",
        "photo+dense",
        "photo+pair",
        "photo+semantic",
        "photo top12",
        "photo+dense top12",
    )
    rows: dict[str, list[tuple[float, ...]]] = {n: [] for n in names}
    for seed in seeds:
        c = components(seed, vectors, dense)
        print(f"seed {seed}: dense check {np.median(c['ms']):.1f} ms CPU per view "
              "(12 proposals x 50 photo crops; median)", flush=True)  # fmt: skip
        for name in names:
            s = variant(c, name)
            r = evaluate(s, views, list(KINDS))
            rows[name].append((r["dev@95"], *steadier(s, views), r["held_r"], r["held_p"]))
            print(f"  {name:20s} dev@.95 {rows[name][-1][0]:.2f} AP {rows[name][-1][1]:.3f} "
                  f"R@.90 {rows[name][-1][2]:.2f} | held out {r['held_r']:.3f} at "
                  f"{r['held_p']:.3f}", flush=True)  # fmt: skip
    print("mean of seeds", seeds)
    for name, got in rows.items():
        m = np.mean(got, axis=0)
        print(f"  {name:20s} dev@.95 {m[0]:.3f} AP {m[1]:.3f} R@.90 {m[2]:.3f} | "
              f"held out {m[3]:.3f} at {m[4]:.3f}")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["cache"]:
        cache()
    else:
        score([int(s) for s in sys.argv[2:]] or [0, 1, 2])
