"""Augmented views of the labelled photos, for how much int8 vs fp32 hangs on one view.

    python -m bench.vision            (the views table; ``--no-views`` skips it)

Every labelled photo gets the same fixed, seeded set of :data:`VIEWS` (9), each with its
labels transformed exactly (continuous pixel edges, ``x1, y1, x2, y2``):

- ``flip``: the horizontal mirror, ``x -> width - x``.
- ``scale``: zoom-out 0.6x and 0.8x (the photo shrunk and pasted in the centre of a grey
  canvas of its own size) and zoom-in 1.25x (enlarged, then the centre window of the
  original size cut out). The detectors letterbox every frame to their input size, so a plain
  resize would change only the resampling; zooming changes how large objects are at the
  network's input.
- ``crop``: two windows, each side 60-85% of the photo's at a seeded position.
- ``photometric``: darker with less contrast, and brighter with more (seeded factors).
- ``jpeg``: re-compressed at quality 60 (no geometric change).

The crop rule (crops and zoom-in): a box keeps its label, clipped to the window, while at
least half of its area is inside the window; a box cut by more than half is dropped. Boxes
are never resized or filtered otherwise (a zoom-out may make small objects smaller than the
labeller would have boxed; that hits fp32 and int8 alike).

Scoring (:func:`score_views`): fp32 and, for a view of photo P, the int8 model of the
cross-calibration fold that scores P (bench/vision_cross_calibration.py: calibrated on the
other half and the unlabelled photos, never on P or any view of it). mAP@0.5 is pooled over
views; the interval resamples *photos* with all their views together
(:func:`bench.vision_cross_calibration.paired_bootstrap` with ``clusters``), since views of
one photo are not independent.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.vision_cross_calibration import folds, paired_bootstrap

Box = tuple[float, float, float, float]
Objects = tuple[tuple[str, Box], ...]
Image = Any  # an H x W x 3 uint8 BGR array
Transform = Callable[[Image, Objects], tuple[Image, Objects]]

KINDS = ("flip", "scale", "crop", "photometric", "jpeg")
KEEP_VISIBLE = 0.5
"""A box cut by a window keeps its (clipped) label while at least this share of it is inside."""
JPEG_QUALITY = 60
GREY = 114  # the detectors' letterbox fill


def flip(image: Image, objects: Objects) -> tuple[Image, Objects]:
    width = image.shape[1]
    return (
        np.ascontiguousarray(image[:, ::-1]),
        tuple((lbl, (width - x2, y1, width - x1, y2)) for lbl, (x1, y1, x2, y2) in objects),
    )


def crop(
    image: Image, objects: Objects, window: tuple[int, int, int, int]
) -> tuple[Image, Objects]:
    """Cut ``window`` (x0, y0, x1, y1) out; boxes follow the crop rule (:data:`KEEP_VISIBLE`)."""
    x0, y0, x1, y1 = window
    kept = []
    for lbl, (bx1, by1, bx2, by2) in objects:
        cx1, cy1 = max(bx1, x0), max(by1, y0)
        cx2, cy2 = min(bx2, x1), min(by2, y1)
        area = (bx2 - bx1) * (by2 - by1)
        inside = max(0.0, cx2 - cx1) * max(0.0, cy2 - cy1)
        if area > 0 and inside >= KEEP_VISIBLE * area:
            kept.append((lbl, (cx1 - x0, cy1 - y0, cx2 - x0, cy2 - y0)))
    return np.ascontiguousarray(image[y0:y1, x0:x1]), tuple(kept)


def zoom(image: Image, objects: Objects, factor: float) -> tuple[Image, Objects]:
    """Resize by ``factor`` and keep the frame size: centred on grey (< 1) or centre-cut (> 1)."""
    import cv2

    h, w = image.shape[:2]
    new_w, new_h = max(1, round(w * factor)), max(1, round(h * factor))
    method = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (new_w, new_h), interpolation=method)
    sx, sy = new_w / w, new_h / h
    scaled: Objects = tuple(
        (lbl, (x1 * sx, y1 * sy, x2 * sx, y2 * sy)) for lbl, (x1, y1, x2, y2) in objects
    )
    if factor >= 1:
        x0, y0 = (new_w - w) // 2, (new_h - h) // 2
        return crop(resized, scaled, (x0, y0, x0 + w, y0 + h))
    canvas = np.full_like(image, GREY)
    x0, y0 = (w - new_w) // 2, (h - new_h) // 2
    canvas[y0 : y0 + new_h, x0 : x0 + new_w] = resized
    return canvas, tuple(
        (lbl, (x1 + x0, y1 + y0, x2 + x0, y2 + y0)) for lbl, (x1, y1, x2, y2) in scaled
    )


def photometric(
    image: Image, objects: Objects, gain: float, offset: float
) -> tuple[Image, Objects]:
    """Contrast ``gain`` around mid-grey, then brightness ``offset``; boxes unchanged."""
    pixels = (image.astype(np.float32) - 128.0) * gain + 128.0 + offset
    return np.clip(np.rint(pixels), 0, 255).astype(np.uint8), objects


def jpeg(image: Image, objects: Objects, quality: int = JPEG_QUALITY) -> tuple[Image, Objects]:
    import cv2

    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return cv2.imdecode(data, cv2.IMREAD_COLOR), objects


@dataclass(frozen=True)
class View:
    photo: int  # index of the labelled photo
    kind: str  # one of KINDS
    name: str  # e.g. "zoom 0.6", "crop 1"
    image: Image
    objects: Objects


def view_seed(name: str, seed: int = 0) -> int:
    """A photo's seed from its file name (stable whatever the label-file order)."""
    return zlib.crc32(name.encode("utf-8")) ^ seed


def plan(shape: tuple[int, ...], seed: int) -> list[tuple[str, str, Transform]]:
    """The 9 views of a photo of ``shape``: (kind, name, transform), fixed by ``seed``."""
    rng = np.random.default_rng(seed)
    h, w = shape[:2]
    windows = []
    for _ in range(2):
        cw, ch = round(w * rng.uniform(0.6, 0.85)), round(h * rng.uniform(0.6, 0.85))
        x0, y0 = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
        windows.append((x0, y0, x0 + cw, y0 + ch))
    dark = (float(rng.uniform(0.6, 0.8)), float(rng.uniform(-40, -20)))
    bright = (float(rng.uniform(1.2, 1.4)), float(rng.uniform(15, 35)))

    def zoomed(f: float) -> Transform:
        return lambda image, objects: zoom(image, objects, f)

    def cut(window: tuple[int, int, int, int]) -> Transform:
        return lambda image, objects: crop(image, objects, window)

    def lit(gain: float, offset: float) -> Transform:
        return lambda image, objects: photometric(image, objects, gain, offset)

    return [
        ("flip", "mirror", flip),
        ("scale", "zoom 0.6", zoomed(0.6)),
        ("scale", "zoom 0.8", zoomed(0.8)),
        ("scale", "zoom 1.25", zoomed(1.25)),
        ("crop", "crop 1", cut(windows[0])),
        ("crop", "crop 2", cut(windows[1])),
        ("photometric", "darker", lit(*dark)),
        ("photometric", "brighter", lit(*bright)),
        ("jpeg", f"jpeg q{JPEG_QUALITY}", jpeg),
    ]


def views(truth: Sequence[Any], images: Sequence[Image], seed: int = 0) -> list[View]:
    """Every labelled photo's views, photo by photo (``truth``: LabelledImage, in order)."""
    out = []
    for index, (labelled, image) in enumerate(zip(truth, images, strict=True)):
        for kind, name, transform in plan(image.shape, view_seed(labelled.path.name, seed)):
            frame, objects = transform(image, labelled.objects)
            out.append(View(index, kind, name, frame, objects))
    return out


@dataclass(frozen=True)
class KindScore:
    kind: str  # a view kind, "all views" or "original"
    views: int
    boxes: int
    fp32: float  # mAP@0.5, 0-1
    int8: float
    interval: tuple[float, float, float]  # median, 2.5%, 97.5% of int8 - fp32, in points
    classes: tuple[tuple[str, float], ...]  # per-class AP change in points, largest first
    without_one: tuple[float, float]  # lowest, highest change with one photo's views left out


def score_views(
    fp32: Any, int8_models: Sequence[Any], truth: Sequence[Any], images: Sequence[Image],
    resamples: int = 2000, seed: int = 0,
) -> list[KindScore]:  # fmt: skip
    """fp32 vs cross-calibrated int8 over all views, then per kind (detectors at score 0.05).

    ``int8_models[k]`` is the detector of fold k, i.e. the one that scores the photos of
    ``folds(len(truth))[k]`` and was calibrated without them.
    """
    from pipelines.vision.evaluate import LabelledImage

    fold_of = {i: k for k, half in enumerate(folds(len(truth))) for i in half}
    every = views(truth, images, seed)
    frames: list[tuple[str, int, Image, Objects]] = [
        ("original", i, image, t.objects)
        for i, (t, image) in enumerate(zip(truth, images, strict=True))
    ] + [(v.kind, v.photo, v.image, v.objects) for v in every]
    labelled = [LabelledImage(truth[p].path, objects) for _, p, _, objects in frames]
    p32 = [fp32.detect(image) for _, _, image, _ in frames]
    p8 = [int8_models[fold_of[p]].detect(image) for _, p, image, _ in frames]
    groups = {"all views": [k for k, f in enumerate(frames) if f[0] != "original"]}
    groups |= {kind: [k for k, f in enumerate(frames) if f[0] == kind] for kind in KINDS}
    groups["original"] = [k for k, f in enumerate(frames) if f[0] == "original"]
    return [score_group(kind, rows, frames, labelled, p32, p8, resamples, seed)
            for kind, rows in groups.items()]  # fmt: skip


def score_group(
    kind: str, rows: Sequence[int], frames: Sequence[tuple[str, int, Image, Objects]],
    labelled: Sequence[Any], p32: Sequence[Any], p8: Sequence[Any], resamples: int, seed: int,
) -> KindScore:  # fmt: skip
    from pipelines.vision.evaluate import mean_average_precision

    truth = [labelled[k] for k in rows]
    first, second = [p32[k] for k in rows], [p8[k] for k in rows]
    clusters = [frames[k][1] for k in rows]
    s32, s8 = mean_average_precision(truth, first), mean_average_precision(truth, second)
    changes = {c: 100 * (s8.per_class[c] - s32.per_class[c]) for c in s32.per_class}
    return KindScore(
        kind,
        len(rows),
        sum(len(t.objects) for t in truth),
        s32.map50,
        s8.map50,
        paired_bootstrap(truth, first, second, resamples, seed, clusters=clusters),
        tuple(sorted(changes.items(), key=lambda item: (-abs(item[1]), item[0]))),
        leave_one_out(truth, first, second, clusters),
    )


def leave_one_out(
    truth: Sequence[Any], first: Sequence[Any], second: Sequence[Any], clusters: Sequence[int]
) -> tuple[float, float]:
    """Lowest and highest mAP(second) - mAP(first), in points, leaving out one cluster."""
    from pipelines.vision.evaluate import mean_average_precision

    changes = []
    for out in sorted(set(clusters)):
        keep = [k for k, c in enumerate(clusters) if c != out]
        sample = [truth[k] for k in keep]
        a = mean_average_precision(sample, [first[k] for k in keep]).map50
        b = mean_average_precision(sample, [second[k] for k in keep]).map50
        changes.append(100 * (b - a))
    return min(changes), max(changes)
