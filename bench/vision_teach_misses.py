"""Why the teach-an-object finder misses a view: sorted into classes on the dev loop's cache.

    TEACH_DEV_PROTOCOL="10 spread" python -m bench.vision_teach_misses [SEED ...]

After ``python -m bench.vision_teach_dev cache`` (same protocol). For each dev view of a
kind not found at the threshold chosen on dev (bench/vision_teach_dev.py ``evaluate``), one
class, the first that applies:

- ``no proposal``: none of the first 12 proposals has its centre on the object;
- ``beaten``: the object's best-scoring proposal is elsewhere (a box off the object scores
  higher than every box on it);
- ``unknown side``: the object's own classifier gives every box on it < 0.05 (the finder
  does not recognise it at all);
- ``scored low``: a box on it is first, but its score is under the threshold.

Each class is also counted by the view's object size (box height in pixels), cover and
brightness of the object's box (mean grey level), so the biggest fixable class shows.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

import numpy as np

from bench.vision_teach_dev import PROTOCOL, evaluate, finder_from, load_views
from bench.vision_teach_rendered import CACHE, DEV_FROM


def classify(seed: int) -> list[dict[str, Any]]:
    import cv2

    labels = json.loads((CACHE / "labels.json").read_text())
    views = load_views()
    finder = finder_from(seed)
    kinds = list(finder.models)
    vectors = views["vectors"].astype(np.float32)
    scores = np.stack([finder.table(v) for v in vectors])
    threshold = evaluate(scores, views, kinds)["threshold"]
    out = []
    for i, (kind, n) in enumerate(zip(views["kind"], views["n"], strict=True)):
        if n < DEV_FROM:
            continue
        k = kinds.index(str(kind))
        row, hits = scores[i, k], views["hits"][i].astype(bool)
        best = int(np.argmax(row))
        if hits[best] and row[best] >= threshold:
            continue
        probability = finder.models[str(kind)].probability(vectors[i])
        if not hits.any():
            why = "no proposal"
        elif not hits[best] and row[best] > row[hits].max():
            why = "beaten"
        elif probability[hits].max() < 0.05:
            why = "unknown side"
        else:
            why = "scored low"
        name = f"{int(n):02d}.png"
        view = labels["views"][str(kind)][name]
        x1, y1, x2, y2 = (int(v) for v in view["box"])
        grey = cv2.cvtColor(cv2.imread(str(CACHE / "views" / str(kind) / name)), cv2.COLOR_BGR2GRAY)
        out.append({
            "kind": str(kind), "view": name, "why": why, "height": y2 - y1,
            "covered": bool(view["covered"]), "visible": view["visible"],
            "brightness": float(grey[y1:y2, x1:x2].mean()) if y2 > y1 and x2 > x1 else 0.0,
            "elevation": view.get("viewpoint", {}).get("elevation"),
        })  # fmt: skip
    return out


def main(seeds: list[int]) -> None:
    rows = [r for seed in seeds for r in classify(seed)]
    print(f"protocol {PROTOCOL!r}, seeds {seeds}: {len(rows)} missed dev views")
    for why, count in Counter(r["why"] for r in rows).most_common():
        mine = [r for r in rows if r["why"] == why]
        small = sum(r["height"] < 40 for r in mine)
        covered = sum(r["covered"] for r in mine)
        dark = sum(r["brightness"] < 60 for r in mine)
        low = sum((r["elevation"] or 90) < 35 for r in mine)
        kinds = Counter(r["kind"] for r in mine).most_common()
        print(f"  {why}: {count} (object < 40 px high {small}, covered {covered}, dark {dark}, "
              f"camera below 35 deg {low}) {kinds}")  # fmt: skip


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [0])
