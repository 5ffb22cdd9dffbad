"""Vision benchmark: detector speed on one core (fp32 vs int8), mAP@0.5, teach-an-object.

    python -m bench.vision [--frames 80] [--no-views]

- Speed: each model runs with one onnxruntime thread (one core); the time per frame covers
  the whole ``detect()`` (letterbox, inference, decode, NMS) on the hand-labelled photos in
  turn, all detectors timed round-robin so they share the machine's load. Medians are quoted.
- Quality: mAP@0.5 on ``tests/data/vision/labels.json`` (score cut-off 0.05).
- int8 (the product default of ``homebody vision quantize``), 2-fold cross-calibration:
  the labelled photos are split in two halves (alternating in label-file order); each half
  is scored by an int8 model calibrated on the *other* half plus the unlabelled photos: the
  ../shared photos that have no labels and the photographs that installed packages ship
  (PACKAGE_PHOTOS; flips and crops of each: 4 frames per photo). No photo ever calibrates
  the model that scores it; the two halves' predictions are pooled into one mAP. Speed is
  timed on the first fold's int8 model.
- Augmented views (YOLOX-Nano): fp32 vs the same cross-calibrated int8 models on 9 views of
  every labelled photo (flip, zoom, crops, lighting, JPEG; bench/vision_views.py), with a
  bootstrap interval that resamples photos with all their views.
- Teach an object: precision/recall on synthetic scenes (see pipelines/vision/composite.py).

This file measures speed and runs the benchmark; the photos are in bench/vision_photos.py, the
cross-calibrated int8 scoring in bench/vision_cross_calibration.py, the augmented views in
bench/vision_views.py, teach-an-object in bench/vision_teach.py and the text and tables in
bench/vision_report.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import write_section
from bench.vision_cross_calibration import (
    PREVIOUS_DEFAULTS,
    cross_calibrated_int8,
    folds,
    paired_bootstrap,
    previous_defaults,
)
from bench.vision_photos import (
    LABELS,
    PACKAGE_PHOTOS,
    augmented,
    labelled_set,
    package_photos,
    read,
    unlabelled_frames,
    unlabelled_photos,
)
from bench.vision_report import VisionResults, quality_row, report, speed_rows, views_rows
from bench.vision_teach import TEACH_OBJECTS, teach_experiment
from bench.vision_views import KindScore, score_views

__all__ = [  # the names bench.vision has always offered, wherever they live now
    "LABELS",
    "MODELS",
    "PACKAGE_PHOTOS",
    "PREVIOUS_DEFAULTS",
    "TEACH_OBJECTS",
    "augmented",
    "cross_calibrated_int8",
    "folds",
    "labelled_set",
    "machine_load",
    "main",
    "package_photos",
    "previous_defaults",
    "read",
    "speed",
    "teach_experiment",
    "unlabelled_frames",
    "unlabelled_photos",
]

MODELS = ("yolox-nano", "fastestdet")
VIEW_MODELS = ("yolox-nano",)  # the augmented-views measurement (issue 6 is about YOLOX-Nano)


def machine_load() -> str:
    try:
        return ", ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def speed(detectors: dict[str, Any], images: list[Any], frames: int) -> dict[str, dict[str, float]]:
    """Time all detectors round-robin, frame by frame, so each sees the same machine load."""
    for detector in detectors.values():
        for image in images[:5]:
            detector.detect(image)
    times: dict[str, list[float]] = {key: [] for key in detectors}
    for i in range(frames):
        image = images[i % len(images)]
        for key, detector in detectors.items():
            t0 = time.perf_counter()
            detector.detect(image)
            times[key].append((time.perf_counter() - t0) * 1000)
    out = {}
    for key, values in times.items():
        median = statistics.median(values)
        out[key] = {"median_ms": median, "min_ms": min(values), "fps": 1000 / median}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=80, help="timed frames per detector")
    parser.add_argument("--no-write", action="store_true", help="print, don't update the docs")
    parser.add_argument(
        "--no-views", action="store_true", help="skip the augmented-views measurement"
    )
    args = parser.parse_args(argv)

    from dataclasses import replace

    from pipelines.core.paths import shared_dir
    from pipelines.models.manager import ModelManager
    from pipelines.vision.catalog import resolve
    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.evaluate import mean_average_precision

    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared (models and photos) is needed for this benchmark")
    truth, images = labelled_set(shared)
    unlabelled = unlabelled_frames(shared, truth)
    detectors: dict[str, Any] = {}
    quality_rows: list[list[object]] = []
    views: dict[str, list[KindScore]] = {}
    with tempfile.TemporaryDirectory(prefix="homebody-bench-") as tmp:
        manager = ModelManager(Path(tmp))
        for name in MODELS:
            manager.install(name, from_dir=shared / "models")
            spec = resolve(manager, name)
            fp32 = build_detector(spec, threads=1, min_confidence=0.35)
            crossed = cross_calibrated_int8(spec, truth, images, unlabelled, Path(tmp), "default")
            int8 = build_detector(
                replace(spec, model_path=crossed.models[0], quantized=True),
                threads=1,
                min_confidence=0.35,
            )
            detectors[f"{name}|fp32"] = fp32
            detectors[f"{name}|int8"] = int8
            fp32_all = build_detector(spec, threads=1, min_confidence=0.05)
            p32 = [fp32_all.detect(image) for image in images]
            s32 = mean_average_precision(truth, p32)
            interval = paired_bootstrap(truth, p32, crossed.predictions)
            quality_rows.append(quality_row(name, s32, crossed.score, crossed.seconds, interval))
            if name in VIEW_MODELS and not args.no_views:
                folded = [
                    build_detector(
                        replace(spec, model_path=path, quantized=True),
                        threads=1,
                        min_confidence=0.05,
                    )
                    for path in crossed.models
                ]
                views[name] = score_views(fp32_all, folded, truth, images)
                for detector in folded:
                    detector.close()
        load_before = machine_load()
        timed = speed(detectors, images, args.frames)
        load_after = machine_load()
        previous = previous_defaults(manager, truth, images, unlabelled, Path(tmp))
    teach_rows, teach_summary = teach_experiment(shared)

    body = report(
        VisionResults(
            truth=truth,
            unlabelled_frames=len(unlabelled),
            frames=args.frames,
            load_before=load_before,
            load_after=load_after,
            speed_rows=speed_rows(timed),
            quality_rows=quality_rows,
            previous=previous,
            teach_rows=teach_rows,
            teach_summary=teach_summary,
            views_rows=views_rows(views),
        )
    )
    print(body)
    if not args.no_write:
        write_section(
            "vision",
            "Vision: detectors, int8, mAP, teach-an-object",
            "python -m bench.vision",
            body,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
