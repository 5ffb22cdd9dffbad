"""How the int8 configuration is chosen: label-free agreement with fp32 on non-test frames.

    python -m bench.vision_int8

For each of the 2 cross-calibration folds of bench/vision.py, every candidate configuration
(calibration family x float stem x k most sensitive convolutions kept in float; the families:
percentile 99.99 / 99.999 / 99.9999, minmax, entropy, and percentile 99.999 with symmetric
activations; the decode head, prediction convolutions included, is always float) is calibrated
on that fold's calibration photos (the unlabelled photos, i.e. the other ../shared photos and
the photographs that installed packages ship (bench/vision.py PACKAGE_PHOTOS), and the *other*
fold's photos, each with its mirror and two 3/4 crops) and judged only on *other* frames of
those same photos: a zoom-in, a zoom-out onto a grey border, a darker low-contrast and a
brighter high-contrast mirrored copy. The judge is label-free: mAP@0.5 of int8's detections
against the fp32 model's own detections (pseudo ground truth at fp32 scores >= 0.35, 0.2 and
0.1, averaged; bench/vision_judge.py), plus the normalised output error. The scored fold's
photos and the hand labels are never used for the choice; their mAP is computed afterwards
and shown for reference only.

Rule (fixed before any labelled score of these configurations was computed): highest mean
agreement over both folds; a configuration whose agreement is within one standard error of
the best counts as tied (the one-standard-error rule; the standard error of the paired
difference, from 200 bootstrap resamples of the judging photos, each photo with its four
frames, the same resamples for every configuration), and among the tied the one with the
fewest float convolutions wins (speed), then the lower output error.
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
from bench.vision_cross_calibration import folds
from bench.vision_judge import (
    Matched,
    Score,
    agreement,
    choose,
    judge,
    resample_weights,
    tie_window,
)
from bench.vision_photos import augmented, labelled_set, unlabelled_photos

METHODS = (
    ("percentile", 99.99, False),
    ("percentile", 99.999, False),
    ("minmax", 0.0, False),
    # added 2026-12-03 (issue 6): more activation-range recipes that often help YOLOX
    ("percentile", 99.9999, False),
    ("entropy", 0.0, False),
    ("percentile", 99.999, True),
)
"""Calibration families: method, percentile (percentile method only), symmetric activations."""
STEMS = (0, 3)
KS = (0, 2, 4, 6, 8, 12)


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
    symmetric: bool = False

    @property
    def floats(self) -> int:
        """Convolutions kept in float besides the head (the tie-break: fewer is faster)."""
        return self.stem + self.k

    @property
    def name(self) -> str:
        calib = f"{self.method} {self.percentile:g}" if self.percentile else self.method
        calib += ", symmetric activations" if self.symmetric else ""
        return f"{calib}, stem {self.stem} float, top-{self.k} sensitive float"


def family_name(method: str, percentile: float, symmetric: bool) -> str:
    """How ``--families`` names a calibration family, e.g. ``percentile 99.999 symmetric``."""
    name = f"{method} {percentile:g}" if percentile else method
    return name + (" symmetric" if symmetric else "")


def run_fold(
    spec: Any,
    calibration_photos: list[Any],
    scored_photos: list[Any],
    folder: Path,
    families: Sequence[tuple[str, float, bool]] = METHODS,
) -> dict[Config, tuple[list[Matched], float, list[Any]]]:
    """Per config: judge matches and output error on the judging frames, scored predictions."""
    from dataclasses import replace

    import onnxruntime as ort

    from pipelines.vision.detectors.registry import build_detector
    from pipelines.vision.qdq import StaticQuantizer
    from pipelines.vision.quantize import head_nodes, prepare_model, sensitive_convs, stem_convs
    from pipelines.vision.sensitivity import output_error

    fp32 = build_detector(spec, min_confidence=0.05)
    fp32.prepare()
    tensors = [fp32.preprocess(f)[0] for p in calibration_photos for f in augmented(p)]
    judge_frames = [f for p in calibration_photos for f in selection_frames(p)]
    judge_x = [fp32.preprocess(f)[0] for f in judge_frames]
    reference_dets = [fp32.detect(f) for f in judge_frames]
    prepared = prepare_model(spec.model_path, folder)
    float_session = ort.InferenceSession(str(prepared), providers=["CPUExecutionProvider"])
    reference_out = [float_session.run(None, {fp32.input_name: x}) for x in judge_x]
    head, stem = head_nodes(prepared), stem_convs(prepared, max(STEMS))
    results: dict[Config, tuple[list[Matched], float, list[Any]]] = {}
    for method, pct, symmetric in families:
        quantizer = StaticQuantizer(
            prepared, fp32.input_name, tensors, folder / f"ranges-{method}-{pct}-{symmetric}.json",
            method=method, percentile=pct or 99.99, symmetric_activations=symmetric,
        )  # fmt: skip
        for stem_count in STEMS:
            floats = stem[:stem_count]
            # ranked with the stem already float, exactly as quantize_detector() does, so each
            # candidate is the model `homebody vision quantize` would write for it
            order = [name for name, _ in sensitive_convs(quantizer, folder, head + floats)]
            for k in KS:
                config = Config(method, pct, stem_count, k, symmetric)
                path = quantizer(folder / "candidate.onnx", head + floats + order[:k])
                int8 = build_detector(
                    replace(spec, model_path=path, quantized=True), min_confidence=0.05
                )
                judged = judge([int8.detect(f) for f in judge_frames], reference_dets)
                session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
                error = output_error(
                    [session.run(None, {fp32.input_name: x}) for x in judge_x], reference_out
                )
                results[config] = (judged, error, [int8.detect(p) for p in scored_photos])
                int8.close()
                print(
                    f"  {config.name}: agreement {100 * agreement(judged):.1f}, error {error:.4f}",
                    flush=True,
                )
    return results


def fold_scores(
    per_fold: Sequence[dict[Config, tuple[list[Matched], float, list[Any]]]],
    photos_per_fold: Sequence[int],
) -> dict[Config, Score]:
    """Agreement and output error averaged over the folds, with paired bootstrap replicates."""
    resamples = [
        resample_weights([i // 4 for i in range(4 * n)], seed=k)
        for k, n in enumerate(photos_per_fold)
    ]  # 4 judging frames per photo, see selection_frames
    return {
        c: Score(
            float(np.mean([agreement(fold[c][0]) for fold in per_fold])),
            np.mean(
                [
                    [agreement(fold[c][0], w) for w in weights]
                    for fold, weights in zip(per_fold, resamples, strict=True)
                ],
                axis=0,
            ),
            float(np.mean([fold[c][1] for fold in per_fold])),
        )
        for c in per_fold[0]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, don't update the docs")
    parser.add_argument(
        "--families",
        nargs="+",
        choices=[family_name(*f) for f in METHODS],
        help="judge only these calibration families (default: all)",
    )
    args = parser.parse_args(argv)
    families = [f for f in METHODS if not args.families or family_name(*f) in args.families]

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
        photos_per_fold = []
        for k, scored in enumerate(halves):
            print(f"fold {k}", flush=True)
            folder = Path(tmp) / f"fold{k}"
            folder.mkdir()
            calibration = [*unlabelled.values(), *(images[i] for i in halves[1 - k])]
            photos_per_fold.append(len(calibration))
            per_fold.append(
                run_fold(spec, calibration, [images[i] for i in scored], folder, families)
            )
        fp32 = evaluate(build_detector(spec, min_confidence=0.05).detect, truth).map50
    configs = list(per_fold[0])
    scores = fold_scores(per_fold, photos_per_fold)
    chosen = choose(scores, lambda c: c.floats)  # decided here, before any labelled score
    top = max(scores.values(), key=lambda s: s.agreement)
    rows: list[list[object]] = []
    for config in sorted(configs, key=lambda c: -scores[c].agreement):
        predictions: list[Any] = [None] * len(truth)
        for k, scored in enumerate(halves):
            for j, i in enumerate(scored):
                predictions[i] = per_fold[k][config][2][j]
        labelled = mean_average_precision(truth, predictions).map50
        rows.append([
            ("**" + config.name + " (chosen)**") if config == chosen else config.name,
            config.floats,
            f"{100 * scores[config].agreement:.1f}",
            f"{100 * (top.agreement - scores[config].agreement):.1f} / "
            f"{100 * tie_window(top, scores[config]):.1f}",
            f"{scores[config].error:.4f}",
            f"{100 * labelled:.1f}",
            f"{100 * (labelled - fp32):+.1f}",
        ])  # fmt: skip
    body = "\n\n".join([
        __doc__.split("\n\n", 2)[2].strip(),
        f"{len(configs)} configurations, YOLOX-Nano, {len(truth)} labelled photos in two folds "
        f"({' / '.join(str(len(h)) for h in halves)}); {len(unlabelled)} unlabelled photos "
        f"({', '.join(unlabelled)}), so {' / '.join(map(str, photos_per_fold))} judging photos "
        f"({' / '.join(str(4 * n) for n in photos_per_fold)} frames) per fold. "
        "Sorted by the label-free score. The last two columns (labelled mAP@0.5, pooled over "
        "the two folds exactly as in the Vision section) are for reference only and were NOT "
        f"used for the choice. fp32 labelled mAP@0.5: {100 * fp32:.1f}.",
        table(["configuration", "float convs (besides head)", "agreement with fp32 (label-free)",
               "below best / tie window (1 SE)", "output error",
               "labelled mAP@0.5 (reference, not used)", "vs fp32"], rows),
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
