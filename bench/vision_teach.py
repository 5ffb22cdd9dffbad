"""Teach an object. ``python -m bench.vision_teach`` runs the rendered-scenes benchmark
(bench/vision_teach_rendered.py: keypoints vs learned features on Blender scenes).

For bench/vision.py: precision and recall of
:class:`pipelines.vision.teach.TaughtObjects` taught from one crop, then searched in synthetic
scenes (pipelines/vision/composite.py) and in the other ../shared photos (negatives)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from bench.vision_photos import read

TEACH_OBJECTS = {  # photo, crop (x1, y1, x2, y2)
    "teddy bear": ("permissive/max_baby-bear.jpg", (360, 132, 537, 302)),
    "espresso cup": ("permissive/skimage_coffee.png", (170, 17, 412, 302)),
    "pizza slice": ("permissive/max_pizza.jpg", (150, 80, 420, 300)),
}


def teach_experiment(
    shared: Path, per_object: int = 12
) -> tuple[list[list[object]], dict[str, float]]:
    from pipelines.core.storage import Database
    from pipelines.vision.composite import paste
    from pipelines.vision.geometry import iou_matrix
    from pipelines.vision.teach import TaughtObjects

    root = shared / "data" / "photos"
    backgrounds = {p.name: read(p) for p in sorted(root.rglob("*")) if p.is_file()}
    rng = np.random.default_rng(2026)
    rows: list[list[object]] = []
    totals = {"tp": 0, "fp": 0, "fn": 0, "neg_fp": 0, "negatives": 0}
    for name, (photo, (x1, y1, x2, y2)) in TEACH_OBJECTS.items():
        obj = read(root / photo)[y1:y2, x1:x2].copy()
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(Path(tmp) / "t.sqlite3")
            taught = TaughtObjects(db, Path(tmp))
            taught.teach(name, [obj])
            others = [img for n, img in backgrounds.items() if n != Path(photo).name]
            tp = fp = fn = neg_fp = 0
            for k in range(per_object):
                scene = paste(others[k % len(others)], obj, rng)
                found = taught.find(scene.image)
                if not found:
                    fn += 1
                    continue
                iou = iou_matrix(
                    np.array([found[0].box], np.float32), np.array([scene.box], np.float32)
                )[0, 0]
                if iou >= 0.5:
                    tp += 1
                else:
                    fp += 1
                    fn += 1
            for img in others:  # negatives: photos without the object
                neg_fp += int(bool(taught.find(img)))
            db.close()
        precision = tp / max(tp + fp + neg_fp, 1)
        recall = tp / per_object
        rows.append(
            [name, per_object, len(others), tp, fp + neg_fp, f"{precision:.2f}", f"{recall:.2f}"]
        )
        totals["tp"] += tp
        totals["fp"] += fp + neg_fp
        totals["fn"] += fn
        totals["negatives"] += len(others)
    summary = {
        "precision": totals["tp"] / max(totals["tp"] + totals["fp"], 1),
        "recall": totals["tp"] / (per_object * len(TEACH_OBJECTS)),
    }
    return rows, summary


if __name__ == "__main__":
    import sys

    from bench.vision_teach_rendered import main

    sys.exit(main())
