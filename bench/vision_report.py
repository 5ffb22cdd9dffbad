"""The text and tables bench/vision.py prints and writes into docs/BENCHMARKS.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.report import table
from bench.vision_cross_calibration import folds
from bench.vision_views import JPEG_QUALITY, KEEP_VISIBLE, KindScore
from pipelines.vision.quantize import (
    CALIBRATION_METHOD,
    CALIBRATION_PERCENTILE,
    FLOAT_SENSITIVE,
    FLOAT_STEM,
)


@dataclass(frozen=True)
class VisionResults:
    """What one run of bench/vision.py measured, ready for :func:`report`."""

    truth: Sequence[Any]  # the hand labels
    unlabelled_frames: int  # calibration frames from the unlabelled photos
    frames: int  # timed frames per detector
    load_before: str  # machine load average around the speed measurement
    load_after: str
    speed_rows: list[list[object]]
    quality_rows: list[list[object]]
    previous: list[str]  # int8 mAP@0.5 with earlier defaults, one "label: score" each
    teach_rows: list[list[object]]
    teach_summary: dict[str, float]
    views_rows: list[list[object]] = field(default_factory=list)  # none: views not measured


def speed_rows(timed: dict[str, dict[str, float]]) -> list[list[object]]:
    """One row per ``model|precision`` of :func:`bench.vision.speed`, with the speed-up on fp32."""
    rows: list[list[object]] = []
    for key, result in timed.items():
        model, precision = key.split("|")
        ratio = timed[f"{model}|fp32"]["median_ms"] / result["median_ms"]
        rows.append(
            [
                model,
                precision,
                f"{result['median_ms']:.1f}",
                f"{result['min_ms']:.1f}",
                f"{result['fps']:.0f}",
                f"{ratio:.2f}",
            ]
        )
    return rows


def quality_row(
    name: str, s32: Any, s8: Any, quant_s: float, interval: tuple[float, float, float]
) -> list[object]:
    """fp32 vs cross-calibrated int8 mAP@0.5 of one detector, the bootstrap interval of the
    change, and the classes int8 lost."""
    lost = sorted(k for k, v in s8.per_class.items() if v < s32.per_class.get(k, 0) - 1e-6)
    _, low, high = interval
    return [
        name,
        f"{100 * s32.map50:.1f}",
        f"{100 * s8.map50:.1f}",
        f"{100 * (s8.map50 - s32.map50):+.1f}",
        f"{low:+.1f} .. {high:+.1f}",
        ", ".join(lost) or "-",
        f"{quant_s:.1f}",
    ]


def views_rows(scores: dict[str, list[KindScore]]) -> list[list[object]]:
    """One row per model and view kind of :func:`bench.vision_views.score_views`."""
    return [
        [
            model,
            s.kind,
            s.views,
            s.boxes,
            f"{100 * s.fp32:.1f}",
            f"{100 * s.int8:.1f}",
            f"{100 * (s.int8 - s.fp32):+.1f}",
            f"{s.interval[1]:+.1f} .. {s.interval[2]:+.1f}",
            f"{s.without_one[0]:+.1f} .. {s.without_one[1]:+.1f}",
            ", ".join(f"{c} {d:+.0f}" for c, d in s.classes[:3] if abs(d) >= 0.5) or "-",
        ]
        for model, kinds in scores.items()
        for s in kinds
    ]


def views_section(r: VisionResults) -> list[str]:
    """The augmented-views paragraph and table (nothing when they were not measured)."""
    if not r.views_rows:
        return []
    return [
        "Augmented views (`bench/vision_views.py`): how much the int8 - fp32 difference "
        "hangs on single boxes crossing the score threshold in one view. Every labelled photo "
        "gets the same 9 seeded views with exactly transformed labels: flip (mirror); scale "
        "(zoom-out 0.6x and 0.8x onto a grey canvas of the photo's size, zoom-in 1.25x "
        "centre-cut to it); crop (two windows of 60-85% per side); photometric (darker with "
        f"less contrast, brighter with more); jpeg (re-compressed at quality {JPEG_QUALITY}). "
        f"Crop rule (crops, zoom-in): a box keeps its label, clipped, while at least "
        f"{KEEP_VISIBLE:.0%} of its area is inside; a box cut by more than that is dropped. "
        "fp32 and the cross-calibrated int8 models of the table above score every view; a "
        "view of a photo is scored by the int8 model calibrated without that photo (its views "
        "are never calibration frames either). mAP@0.5 is pooled over the views of each row; "
        "the interval resamples photos with all their views together (2,000 paired "
        f"resamples of the {len(r.truth)} photos as clusters), since views of one photo are "
        "not independent. "
        "'original' is the table above again (a check). 'Without one photo': the change "
        "recomputed leaving out each photo (with its views) in turn. The last column names the "
        "(at most three) classes whose AP moves most, by at least half a point.",
        table(
            [
                "model",
                "views",
                "frames",
                "boxes",
                "fp32 mAP@0.5",
                "int8 mAP@0.5",
                "int8 change (points)",
                "95% interval (bootstrap over photos, views together)",
                "change without one photo (lowest .. highest)",
                "largest class changes (AP points)",
            ],
            r.views_rows,
        ),
    ]


def report(r: VisionResults) -> str:
    return "\n\n".join(
        [
            "One onnxruntime thread per detector (one core); per-frame time of the whole "
            "`detect()` (letterbox, inference, decode, NMS) over the "
            f"{len(r.truth)} labelled photos (int8: the first cross-calibration fold's model), "
            f"{r.frames} frames per detector after 5 warm-up frames, the four detectors "
            "timed round-robin frame by frame so they share the same machine load "
            f"(load average {r.load_before} before, {r.load_after} after, on 2 cores shared with "
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
                r.speed_rows,
            ),
            f"mAP@0.5 on the hand-labelled set ({len(r.truth)} photos, "
            f"{sum(len(t.objects) for t in r.truth)} boxes, "
            f"{len({lbl for t in r.truth for lbl, _ in t.objects})} classes; "
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
            f"({' / '.join(str(len(h)) for h in folds(len(r.truth)))} photos), each half is "
            "scored by an int8 model calibrated on the other half plus the unlabelled photos "
            "(the ../shared photos that have no labels and the photographs that installed "
            "packages ship, `bench/vision.py` PACKAGE_PHOTOS: "
            f"{r.unlabelled_frames} frames from them, each photo, its mirror "
            "and two 3/4 crops), and the predictions of both halves are pooled into one mAP. "
            "No photo calibrates the model that scores it. With few boxes per class, one "
            "missed or extra detection moves mAP by a point or more: the interval resamples the "
            "labelled photos (2,000 paired resamples, predictions fixed) to show how much the "
            "change depends on which photos the set happens to hold. 'quantise s' is the mean "
            "per fold.",
            table(
                [
                    "model",
                    "fp32 mAP@0.5",
                    "int8 mAP@0.5",
                    "int8 change (points)",
                    "95% interval (bootstrap over photos)",
                    "classes int8 lost",
                    "quantise s",
                ],
                r.quality_rows,
            ),
            "For reference (not used to choose anything), YOLOX-Nano int8 mAP@0.5 with earlier "
            "defaults of `homebody vision quantize`, same cross-calibration and calibration "
            f"photos: {'; '.join(r.previous)}. How the configuration was chosen "
            "(label-free, on non-test frames) and the alternatives: section 'Vision: choosing "
            "the int8 configuration' below (`python -m bench.vision_int8`).",
            *views_section(r),
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
                r.teach_rows,
            ),
            f"Overall: precision {r.teach_summary['precision']:.2f}, recall "
            f"{r.teach_summary['recall']:.2f}.",
        ]
    )
