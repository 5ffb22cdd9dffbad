"""Vision benchmark: detector speed on one core (fp32 vs int8), mAP@0.5, teach-an-object.

    python -m bench.vision [--frames 80]

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
- Teach an object: precision/recall on synthetic scenes (see pipelines/vision/composite.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import table, write_section
from pipelines.vision.quantize import (
    CALIBRATION_METHOD,
    CALIBRATION_PERCENTILE,
    FLOAT_SENSITIVE,
    FLOAT_STEM,
)

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "vision" / "labels.json"
MODELS = ("yolox-nano", "fastestdet")
PACKAGE_PHOTOS = (  # (package, file in it): photographs of scenes, read from the installed
    # package at run time. Not textures, microscopy, astronomy, documents or drawings, and not
    # the stereo twin of motorcycle_left. Packages that are not installed are skipped; the
    # 'bench' extra of pyproject.toml installs them all.
    ("sklearn", "datasets/images/china.jpg"),
    ("sklearn", "datasets/images/flower.jpg"),
    ("skimage", "data/camera.png"),
    ("skimage", "data/motorcycle_left.png"),
    ("skimage", "data/rocket.jpg"),
    ("matplotlib", "mpl-data/sample_data/grace_hopper.jpg"),
)
TEACH_OBJECTS = {  # photo, crop (x1, y1, x2, y2)
    "teddy bear": ("permissive/max_baby-bear.jpg", (360, 132, 537, 302)),
    "espresso cup": ("permissive/skimage_coffee.png", (170, 17, 412, 302)),
    "pizza slice": ("permissive/max_pizza.jpg", (150, 80, 420, 300)),
}


def machine_load() -> str:
    try:
        return ", ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def read(path: Path) -> Any:
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot read {path}")
    return image


def augmented(image: Any) -> list[Any]:
    """A photo, its mirror image and two 3/4 crops: 4 calibration frames."""
    h, w = image.shape[:2]
    return [
        image,
        image[:, ::-1].copy(),
        image[h // 4 :, : w * 3 // 4].copy(),
        image[: h * 3 // 4, w // 4 :].copy(),
    ]


def labelled_set(shared: Path) -> tuple[list[Any], list[Any]]:
    """The hand labels and their photos, in label-file order."""
    from pipelines.vision.evaluate import load_labels

    truth = load_labels(LABELS, shared)
    return truth, [read(t.path) for t in truth]


def package_photos(avoid: Sequence[Any]) -> dict[str, Any]:
    """PACKAGE_PHOTOS of the installed packages, read in place (never copied into the repo).

    A photo whose pixels equal one in ``avoid`` (e.g. scikit-image's astronaut, which is also a
    labelled ../shared photo) is left out, so no test photo can slip into calibration.
    """
    import hashlib
    import importlib.util

    def digest(image: Any) -> str:
        return hashlib.sha256(np.ascontiguousarray(image).tobytes()).hexdigest() + str(image.shape)

    seen = {digest(image) for image in avoid}
    photos: dict[str, Any] = {}
    for package, relative in PACKAGE_PHOTOS:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        path = Path(spec.origin).parent / relative
        if path.is_file() and digest(image := read(path)) not in seen:
            photos[f"{package}:{path.name}"] = image
    return photos


def unlabelled_photos(shared: Path, truth: Sequence[Any]) -> dict[str, Any]:
    """Photos with no labels, by name: the other ../shared photos, then the package photos."""
    test_files = {t.path for t in truth}
    paths = sorted(p for p in (shared / "data" / "photos").rglob("*") if p.is_file())
    everything = {path: read(path) for path in paths}
    photos = {
        f"shared:{path.name}": image for path, image in everything.items() if path not in test_files
    }
    return photos | package_photos(list(everything.values()))


def unlabelled_frames(shared: Path, truth: Sequence[Any]) -> list[Any]:
    """Calibration frames from the unlabelled photos (4 per photo, see :func:`augmented`)."""
    photos = unlabelled_photos(shared, truth).values()
    return [frame for image in photos for frame in augmented(image)]


def folds(count: int) -> tuple[list[int], list[int]]:
    """Two halves of the labelled photos, alternating in label-file order (fixed, not tuned)."""
    return list(range(0, count, 2)), list(range(1, count, 2))


def cross_calibrated_int8(
    spec: Any, truth: list[Any], images: list[Any], unlabelled: list[Any], out_dir: Path,
    tag: str, **options: Any,
) -> tuple[Any, list[Path], float]:  # fmt: skip
    """Pooled int8 mAP@0.5 where each half is scored by a model calibrated on the other half.

    Returns the score, the two int8 models (fold 0 first) and the mean quantisation seconds.
    """
    from dataclasses import replace

    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.evaluate import mean_average_precision
    from pipelines.vision.quantize import quantize_detector

    predictions: list[Any] = [None] * len(truth)
    models: list[Path] = []
    seconds: list[float] = []
    halves = folds(len(truth))
    for k, scored in enumerate(halves):
        calibrating = halves[1 - k]
        frames = unlabelled + [f for i in calibrating for f in augmented(images[i])]
        out = out_dir / f"{spec.name}-{tag}-fold{k}.int8.onnx"
        t0 = time.perf_counter()
        quantize_detector(build_detector(spec), frames, out, **options)
        seconds.append(time.perf_counter() - t0)
        models.append(out)
        int8 = build_detector(replace(spec, model_path=out, quantized=True), min_confidence=0.05)
        for i in scored:
            predictions[i] = int8.detect(images[i])
        int8.close()
    assert all(p is not None for p in predictions)
    return mean_average_precision(truth, predictions), models, statistics.mean(seconds)


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


PREVIOUS_DEFAULTS = {  # label: quantize_detector options of earlier `homebody vision quantize`
    "before mixed precision (stem 3 float, no sensitive convolution)": {
        "float_stem": 3, "float_sensitive": 0, "method": "percentile", "percentile": 99.99,
    },
    "2026-12-02 (stem 3 float, top-2 sensitive float)": {
        "float_stem": 3, "float_sensitive": 2, "method": "percentile", "percentile": 99.99,
    },
}  # fmt: skip


def previous_defaults(
    manager: Any, truth: list[Any], images: list[Any], unlabelled: list[Any], tmp: Path
) -> list[str]:
    """YOLOX-Nano int8 mAP@0.5 with earlier defaults, same cross-calibration (reference only)."""
    from pipelines.vision.catalog import resolve

    spec = resolve(manager, "yolox-nano")
    scores = []
    for k, (label, options) in enumerate(PREVIOUS_DEFAULTS.items()):
        score, _, _ = cross_calibrated_int8(
            spec, truth, images, unlabelled, tmp, f"previous{k}", **options
        )
        scores.append(f"{label}: {100 * score.map50:.1f}")
    return scores


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=80, help="timed frames per detector")
    parser.add_argument("--no-write", action="store_true", help="print, don't update the docs")
    args = parser.parse_args(argv)

    from dataclasses import replace

    from pipelines.core.paths import shared_dir
    from pipelines.models.manager import ModelManager
    from pipelines.vision.catalog import resolve
    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.evaluate import evaluate

    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared (models and photos) is needed for this benchmark")
    truth, images = labelled_set(shared)
    unlabelled = unlabelled_frames(shared, truth)
    speed_rows: list[list[object]] = []
    detectors: dict[str, Any] = {}
    quality_rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="homebody-bench-") as tmp:
        manager = ModelManager(Path(tmp))
        for name in MODELS:
            manager.install(name, from_dir=shared / "models")
            spec = resolve(manager, name)
            fp32 = build_detector(spec, threads=1, min_confidence=0.35)
            s8, int8_models, quant_s = cross_calibrated_int8(
                spec, truth, images, unlabelled, Path(tmp), "default"
            )
            int8 = build_detector(
                replace(spec, model_path=int8_models[0], quantized=True),
                threads=1,
                min_confidence=0.35,
            )
            detectors[f"{name}|fp32"] = fp32
            detectors[f"{name}|int8"] = int8
            scores = {
                "fp32": evaluate(
                    build_detector(spec, threads=1, min_confidence=0.05).detect, truth
                ),
                "int8": s8,
            }
            s32, s8 = scores["fp32"], scores["int8"]
            lost = sorted(k for k, v in s8.per_class.items() if v < s32.per_class.get(k, 0) - 1e-6)
            quality_rows.append(
                [
                    name,
                    f"{100 * s32.map50:.1f}",
                    f"{100 * s8.map50:.1f}",
                    f"{100 * (s8.map50 - s32.map50):+.1f}",
                    ", ".join(lost) or "-",
                    f"{quant_s:.1f}",
                ]
            )
        load_before = machine_load()
        timed = speed(detectors, images, args.frames)
        load_after = machine_load()
        for key, result in timed.items():
            model, precision = key.split("|")
            ratio = timed[f"{model}|fp32"]["median_ms"] / result["median_ms"]
            speed_rows.append(
                [
                    model,
                    precision,
                    f"{result['median_ms']:.1f}",
                    f"{result['min_ms']:.1f}",
                    f"{result['fps']:.0f}",
                    f"{ratio:.2f}",
                ]
            )
        previous = previous_defaults(manager, truth, images, unlabelled, Path(tmp))
    teach_rows, teach_summary = teach_experiment(shared)

    body = "\n\n".join(
        [
            "One onnxruntime thread per detector (one core); per-frame time of the whole "
            "`detect()` (letterbox, inference, decode, NMS) over the "
            f"{len(truth)} labelled photos (int8: the first cross-calibration fold's model), "
            f"{args.frames} frames per detector after 5 warm-up frames, the four detectors "
            "timed round-robin frame by frame so they share the same machine load "
            f"(load average {load_before} before, {load_after} after, on 2 cores shared with "
            "other jobs: absolute numbers are pessimistic, ratios are fair). "
            "Target: YOLOX-Nano >= 15 frames/s on one core.",
            table(
                [
                    "model",
                    "precision",
                    "median ms/frame",
                    "fastest frame ms",
                    "frames/s",
                    "speed vs fp32",
                ],
                speed_rows,
            ),
            f"mAP@0.5 on the hand-labelled set ({len(truth)} photos, "
            f"{sum(len(t.objects) for t in truth)} boxes, "
            f"{len({lbl for t in truth for lbl, _ in t.objects})} classes; "
            "`tests/data/vision/labels.json`), score cut-off 0.05. int8 = static QDQ "
            "(per-channel int8 weights, uint8 activations with "
            + (
                f"{CALIBRATION_PERCENTILE:g}th-percentile"
                if CALIBRATION_METHOD == "percentile"
                else CALIBRATION_METHOD
            )
            + " ranges, convolutions only; SiLU pairs fused to QuickGelu first; the stem's "
            f"first {FLOAT_STEM} "
            "convolutions, the decode head and the "
            f"{FLOAT_SENSITIVE} convolutions most sensitive to int8 on the calibration frames "
            "stay in float: `homebody vision quantize`'s default), scored with 2-fold "
            "cross-calibration: the labelled photos are split into two alternating halves "
            f"({' / '.join(str(len(h)) for h in folds(len(truth)))} photos), each half is "
            "scored by an int8 model calibrated on the other half plus the unlabelled photos "
            "(the ../shared photos that have no labels and the photographs that installed "
            "packages ship, `bench/vision.py` PACKAGE_PHOTOS: "
            f"{len(unlabelled)} frames from them, each photo, its mirror "
            "and two 3/4 crops), and the predictions of both halves are pooled into one mAP. "
            "No photo calibrates the model that scores it. With few boxes per class, one "
            "missed or extra detection moves mAP by a point or more. 'quantise s' is the mean "
            "per fold.",
            table(
                [
                    "model",
                    "fp32 mAP@0.5",
                    "int8 mAP@0.5",
                    "int8 change (points)",
                    "classes int8 lost",
                    "quantise s",
                ],
                quality_rows,
            ),
            "For reference (not used to choose anything), YOLOX-Nano int8 mAP@0.5 with earlier "
            "defaults of `homebody vision quantize`, same cross-calibration and calibration "
            f"photos: {'; '.join(previous)}. How the configuration was chosen "
            "(label-free, on non-test frames) and the alternatives: section 'Vision: choosing "
            "the int8 configuration' below (`python -m bench.vision_int8`).",
            "Teach an object (experimental; ORB keypoints + RANSAC homography + colour "
            "check), taught from one crop each, then searched in synthetic scenes: the crop "
            "scaled, rotated (±15°), perspective-jittered, re-lit and noised, pasted on the "
            "other ../shared photos; negatives are those photos without it. Same object "
            "instance as the reference, so this is an optimistic upper bound; real use (other "
            "viewpoints, lighting, occlusion) will be lower.",
            table(
                [
                    "object",
                    "scenes",
                    "negative photos",
                    "found (IoU >= 0.5)",
                    "false finds",
                    "precision",
                    "recall",
                ],
                teach_rows,
            ),
            f"Overall: precision {teach_summary['precision']:.2f}, recall "
            f"{teach_summary['recall']:.2f}.",
        ]
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
