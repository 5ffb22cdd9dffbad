"""How the int8 configuration is chosen: label-free agreement with fp32 on non-test frames.

    python -m bench.vision_int8

For each of the 2 cross-calibration folds of bench/vision.py, every candidate configuration
(calibration method x float stem x k most sensitive convolutions kept in float) is calibrated
on that fold's calibration photos (the unlabelled ../shared photos and the *other* fold's
photos, each with its mirror and two 3/4 crops) and judged only on *other* frames of those same
photos: a zoom-in, a zoom-out onto a grey border, a darker low-contrast and a brighter
high-contrast mirrored copy. The judge is label-free: mAP@0.5 of int8's detections against the
fp32 model's own detections (pseudo ground truth at fp32 scores >= 0.35, 0.2 and 0.1,
averaged), plus the normalised output error. The scored fold's photos and the hand labels are
never used for the choice; their mAP is computed afterwards and shown for reference only.

Rule (fixed before any labelled score of these configurations was seen): highest mean
agreement over both folds; configurations within 0.5 points of the best count as tied, and
the one with the fewest float convolutions wins (speed), then the lower output error.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import table, write_section
from bench.vision import augmented, folds, labelled_set, unlabelled_photos

METHODS = (("percentile", 99.99), ("percentile", 99.999), ("minmax", 0.0))
STEMS = (0, 3)
KS = (0, 2, 4, 6, 8, 12)
PSEUDO_THRESHOLDS = (0.35, 0.2, 0.1)
TIE_POINTS = 0.5


def selection_frames(image: Any) -> list[Any]:
    """Four frames for judging, unlike the calibration ones: zoom in/out, dark, bright mirror."""
    h, w = image.shape[:2]
    canvas = np.full((h * 8 // 5, w * 8 // 5, 3), 114, np.uint8)
    y0, x0 = (canvas.shape[0] - h) // 2, (canvas.shape[1] - w) // 2
    canvas[y0 : y0 + h, x0 : x0 + w] = image
    pixels = image.astype(np.float32)
    return [
        image[h // 5 : h * 4 // 5, w // 5 : w * 4 // 5].copy(),
        canvas,
        np.clip(pixels * 0.6 + 10, 0, 255).astype(np.uint8),
        np.clip((pixels - 128) * 1.4 + 150, 0, 255).astype(np.uint8)[:, ::-1].copy(),
    ]


@dataclass(frozen=True)
class Config:
    method: str
    percentile: float
    stem: int
    k: int

    @property
    def name(self) -> str:
        calib = f"{self.method} {self.percentile:g}" if self.percentile else self.method
        return f"{calib}, stem {self.stem} float, top-{self.k} sensitive float"


def agreement(detections: Sequence[Any], reference: Sequence[Any]) -> float:
    """Mean over PSEUDO_THRESHOLDS of mAP@0.5 of ``detections`` against fp32's own boxes."""
    from pipelines.vision.evaluate import LabelledImage, mean_average_precision

    values = []
    for threshold in PSEUDO_THRESHOLDS:
        truth = [
            LabelledImage(
                Path(f"frame{i}"),
                tuple((d.label, d.box) for d in ref if d.confidence >= threshold),
            )
            for i, ref in enumerate(reference)
        ]
        values.append(mean_average_precision(truth, detections).map50)
    return float(np.mean(values))


def choose(scores: dict[Config, tuple[float, float]]) -> Config:
    """The rule: best agreement, ties (within TIE_POINTS) -> fewest float convs, lower error."""
    best = max(agree for agree, _ in scores.values())
    tied = [c for c, (agree, _) in scores.items() if 100 * (best - agree) <= TIE_POINTS]
    return min(tied, key=lambda c: (c.stem + c.k, scores[c][1]))


def run_fold(
    spec: Any, calibration_photos: list[Any], scored_photos: list[Any], folder: Path
) -> dict[Config, tuple[float, float, list[Any]]]:
    """Per config: (agreement, output error) on the judging frames, and the scored predictions."""
    from dataclasses import replace

    import onnxruntime as ort

    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.qdq import StaticQuantizer
    from pipelines.vision.quantize import head_nodes, prepare_model, sensitive_convs, stem_convs
    from pipelines.vision.sensitivity import output_error

    fp32 = build_detector(spec, min_confidence=0.05)
    fp32.prepare()
    tensors = [fp32.preprocess(f)[0] for p in calibration_photos for f in augmented(p)]
    judge = [f for p in calibration_photos for f in selection_frames(p)]
    judge_x = [fp32.preprocess(f)[0] for f in judge]
    reference_dets = [fp32.detect(f) for f in judge]
    prepared = prepare_model(spec.model_path, folder)
    float_session = ort.InferenceSession(str(prepared), providers=["CPUExecutionProvider"])
    reference_out = [float_session.run(None, {fp32.input_name: x}) for x in judge_x]
    head, stem = head_nodes(prepared), stem_convs(prepared, max(STEMS))
    results: dict[Config, tuple[float, float, list[Any]]] = {}
    for method, pct in METHODS:
        quantizer = StaticQuantizer(
            prepared, fp32.input_name, tensors, folder / f"ranges-{method}-{pct}.json",
            method=method, percentile=pct or 99.99,
        )  # fmt: skip
        ranked = [name for name, _ in sensitive_convs(quantizer, folder, head)]
        for stem_count in STEMS:
            floats = stem[:stem_count]
            order = [n for n in ranked if n not in floats]
            for k in KS:
                config = Config(method, pct, stem_count, k)
                path = quantizer(folder / "candidate.onnx", head + floats + order[:k])
                int8 = build_detector(
                    replace(spec, model_path=path, quantized=True), min_confidence=0.05
                )
                agree = agreement([int8.detect(f) for f in judge], reference_dets)
                session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
                error = output_error(
                    [session.run(None, {fp32.input_name: x}) for x in judge_x], reference_out
                )
                results[config] = (agree, error, [int8.detect(p) for p in scored_photos])
                int8.close()
                print(
                    f"  {config.name}: agreement {100 * agree:.1f}, error {error:.4f}", flush=True
                )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, don't update the docs")
    args = parser.parse_args(argv)

    from pipelines.core.paths import shared_dir
    from pipelines.models.manager import ModelManager
    from pipelines.vision.catalog import resolve
    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.evaluate import evaluate, mean_average_precision

    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared (models and photos) is needed for this benchmark")
    truth, images = labelled_set(shared)
    unlabelled = unlabelled_photos(shared, truth)
    halves = folds(len(truth))
    with tempfile.TemporaryDirectory(prefix="homebody-int8-") as tmp:
        manager = ModelManager(Path(tmp))
        manager.install("yolox-nano", from_dir=shared / "models")
        spec = resolve(manager, "yolox-nano")
        per_fold = []
        for k, scored in enumerate(halves):
            print(f"fold {k}", flush=True)
            folder = Path(tmp) / f"fold{k}"
            folder.mkdir()
            calibration = unlabelled + [images[i] for i in halves[1 - k]]
            per_fold.append(run_fold(spec, calibration, [images[i] for i in scored], folder))
        fp32 = evaluate(build_detector(spec, min_confidence=0.05).detect, truth).map50
    configs = list(per_fold[0])
    scores = {c: (float(np.mean([f[c][0] for f in per_fold])),
                  float(np.mean([f[c][1] for f in per_fold]))) for c in configs}  # fmt: skip
    chosen = choose(scores)  # decided here, before any labelled score is computed
    rows: list[list[object]] = []
    for config in sorted(configs, key=lambda c: -scores[c][0]):
        predictions: list[Any] = [None] * len(truth)
        for k, scored in enumerate(halves):
            for j, i in enumerate(scored):
                predictions[i] = per_fold[k][config][2][j]
        labelled = mean_average_precision(truth, predictions).map50
        rows.append([
            ("**" + config.name + " (chosen)**") if config == chosen else config.name,
            config.stem + config.k,
            f"{100 * scores[config][0]:.1f}",
            f"{scores[config][1]:.4f}",
            f"{100 * labelled:.1f}",
            f"{100 * (labelled - fp32):+.1f}",
        ])  # fmt: skip
    body = "\n\n".join([
        __doc__.split("\n\n", 2)[2].strip(),
        f"{len(configs)} configurations, YOLOX-Nano, {len(truth)} labelled photos in two folds "
        f"({' / '.join(str(len(h)) for h in halves)}); {len(unlabelled)} unlabelled photos. "
        "Sorted by the label-free score. The last two columns (labelled mAP@0.5, pooled over "
        "the two folds exactly as in the Vision section) are for reference only and were NOT "
        f"used for the choice. fp32 labelled mAP@0.5: {100 * fp32:.1f}.",
        table(["configuration", "float convs (besides head)", "agreement with fp32 (label-free)",
               "output error", "labelled mAP@0.5 (reference, not used)", "vs fp32"], rows),
    ])  # fmt: skip
    print(body)
    if not args.no_write:
        write_section(
            "vision-int8",
            "Vision: choosing the int8 configuration (label-free)",
            "python -m bench.vision_int8",
            body,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
