"""Training samples for a taught object: its photos cut out and placed on other frames.

A teaching photo is a close-up on a plain background (``homebody vision teach`` asks for
that), so the object is the region unlike the photo's border (:func:`object_mask`), or the
detector's most object-like box on the photo where that region agrees with it
(:func:`object_box`: shadows stand out from the table too), cut out by GrabCut. The cut-out
is pasted on background frames (frames the cameras saw, other objects' photos) at random
size, turn, mirror, brightness, colour cast, blur, noise and partial cover, so the classifier
sees the object as a camera across the room would (:func:`paste`). Crops are taken the way
the finder takes them from a frame (:func:`crop`), around the pasted box (positives, a little
off-centre like a real proposal) and around boxes that miss it (negatives).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .geometry import FloatArray, Image

CONTEXT = 0.15
"""A crop is the box grown by this share of its size on each side, made square."""
PROPOSAL_COVER = 0.1
""":func:`object_box` takes the detector's box when the unlike-border region covers this
share of it (bench.vision_teach, 20 dev views per kind: the right proposal ranked first
0.78 -> 0.84, recall at precision >= 0.95 0.34 -> 0.41)."""


@dataclass(frozen=True)
class Cutout:
    image: Image
    mask: FloatArray
    """[h, w] 0..1 (soft edge)."""


def _unlike_border(image: Image) -> np.ndarray:
    # lazy: start-up speed (cv2 loads only when _unlike_border() runs)
    import cv2

    small = cv2.GaussianBlur(image, (5, 5), 0).astype(np.float32)
    border = np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]])
    diff = np.linalg.norm(small - np.median(border, axis=0), axis=2)
    mask = (diff > max(25.0, float(np.percentile(diff, 60)))).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8)))


def shows_object(image: Image) -> bool:
    """Whether anything in the photo stands out from its border (a plain background)."""
    h, w = image.shape[:2]
    return bool(int(_unlike_border(image).sum()) >= 0.002 * h * w)


def object_mask(image: Image) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """(0/1 mask, box) of the object in a close-up on a plain background."""
    mask = _unlike_border(image)
    ys, xs = np.nonzero(mask)
    h, w = image.shape[:2]
    if len(xs) < 0.002 * h * w:  # nothing stands out: take the middle of the photo
        mask[:] = 0
        mask[int(h * 0.15) : int(h * 0.85), int(w * 0.15) : int(w * 0.85)] = 1
        ys, xs = np.nonzero(mask)
    x1, x2 = np.percentile(xs, [0.5, 99.5])
    y1, y2 = np.percentile(ys, [0.5, 99.5])
    return mask, (int(x1), int(y1), int(x2) + 1, int(y2) + 1)


def object_box(image: Image, proposals: Any = None) -> tuple[int, int, int, int]:
    """The object's box in a close-up: the detector's most object-like proposal when the
    region unlike the border covers at least :data:`PROPOSAL_COVER` of it, else that region's
    box. A white mug on a grey table stands out less than its own shadow; the detector's box
    is the mug's."""
    mask, box = object_mask(image)
    if proposals is not None and len(proposals):
        h, w = image.shape[:2]
        x1, y1, x2, y2 = (round(float(v)) for v in proposals[0])
        x1, y1, x2, y2 = max(0, x1), max(0, y1), min(w, x2), min(h, y2)
        if x2 - x1 >= 4 and y2 - y1 >= 4 and mask[y1:y2, x1:x2].mean() >= PROPOSAL_COVER:
            return x1, y1, x2, y2
    return box


def cutout(image: Image, proposals: Any = None) -> Cutout:
    """The object cut out of its close-up: its box (:func:`object_box`), and within it the
    pixels GrabCut assigns to the foreground (the whole box if GrabCut keeps almost none)."""
    # lazy: start-up speed (cv2 loads only when cutout() runs)
    import cv2

    x1, y1, x2, y2 = object_box(image, proposals)
    h, w = image.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    if (x2 - x1) * (y2 - y1) < 0.95 * h * w:  # GrabCut needs some background around the box
        models = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
        try:
            cv2.grabCut(np.ascontiguousarray(image), mask, (x1, y1, x2 - x1, y2 - y1), *models,
                        3, cv2.GC_INIT_WITH_RECT)  # fmt: skip
        except cv2.error:
            mask[:] = 0
    fg = ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.float32)
    if fg[y1:y2, x1:x2].mean() < 0.1:
        fg[y1:y2, x1:x2] = 1.0
    soft = cv2.GaussianBlur(fg, (3, 3), 0)
    return Cutout(
        np.ascontiguousarray(image[y1:y2, x1:x2]), np.asarray(soft[y1:y2, x1:x2], np.float32)
    )


def crop(frame: Image, box: Any, size: int) -> Image:
    """A ``size`` x ``size`` crop around ``box`` with some context (edge pixels repeated)."""
    # lazy: start-up speed (cv2 loads only when crop() runs)
    import cv2

    x1, y1, x2, y2 = (float(v) for v in box)
    side = max(x2 - x1, y2 - y1, 4.0) * (1 + 2 * CONTEXT)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    scale = size / side
    matrix = np.array([[scale, 0, size / 2 - cx * scale], [0, scale, size / 2 - cy * scale]])
    out = cv2.warpAffine(
        frame, matrix, (size, size), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip
    return np.asarray(out, dtype=np.uint8)


def paste(
    background: Image, item: Cutout, rng: np.random.Generator, *, cover: bool
) -> tuple[Image, tuple[float, float, float, float]]:
    """``item`` on ``background``: random size (6-45% of the frame width), turn, mirror,
    light and colour, slight blur and noise, sometimes partly covered. Returns (frame, box)."""
    # lazy: start-up speed (cv2 loads only when paste() runs)
    import cv2

    h, w = background.shape[:2]
    image: Any = item.image
    mask: Any = item.mask
    if rng.random() < 0.5:
        image, mask = image[:, ::-1], mask[:, ::-1]
    angle = float(rng.uniform(-180, 180))
    ih, iw = image.shape[:2]
    turn = cv2.getRotationMatrix2D((iw / 2, ih / 2), angle, 1.0)
    cos, sin = abs(turn[0, 0]), abs(turn[0, 1])
    ow, oh = int(ih * sin + iw * cos) + 2, int(ih * cos + iw * sin) + 2
    turn[:, 2] += (ow / 2 - iw / 2, oh / 2 - ih / 2)
    image = cv2.warpAffine(np.ascontiguousarray(image), turn, (ow, oh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpAffine(np.ascontiguousarray(mask), turn, (ow, oh), flags=cv2.INTER_LINEAR)
    side = float(rng.uniform(0.06, 0.45)) * w
    scale = side / max(ow, oh)
    squash = float(rng.uniform(0.5, 1.0))  # seen from lower down: flatter
    nw, nh = max(4, int(ow * scale)), max(4, int(oh * scale * squash))
    image = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA)
    mask = cv2.resize(mask, (nw, nh), interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(mask > 0.3)
    if len(xs) == 0:
        ys, xs = np.array([0, nh - 1]), np.array([0, nw - 1])
    x0 = int(rng.integers(0, max(1, w - nw)))
    y0 = int(rng.integers(0, max(1, h - nh)))
    nw, nh = min(nw, w - x0), min(nh, h - y0)
    image, mask = image[:nh, :nw], mask[:nh, :nw]
    light = rng.uniform(0.45, 1.4) * rng.uniform(0.85, 1.15, size=3)
    shaded = np.clip(image.astype(np.float32) * light, 0, 255)
    out: Any = background.astype(np.float32)
    region = out[y0 : y0 + nh, x0 : x0 + nw]
    region[:] = region * (1 - mask[..., None]) + shaded * mask[..., None]
    box = (x0 + float(xs.min()), y0 + float(ys.min()), x0 + float(xs.max()) + 1,
           y0 + float(ys.max()) + 1)  # fmt: skip
    if cover:  # a plain block over up to 45% of the object
        bw, bh = box[2] - box[0], box[3] - box[1]
        cw, ch = bw * rng.uniform(0.3, 0.6), bh * rng.uniform(0.5, 1.1)
        cx = box[0] - cw * 0.3 + rng.random() * (bw - cw * 0.4)
        cy = box[1] + rng.random() * max(bh - ch, 1)
        grey = rng.uniform(20, 220)
        out[int(cy) : int(cy + ch), int(cx) : int(cx + cw)] = (grey, grey * 0.95, grey * 0.9)
    if rng.random() < 0.5:
        out = cv2.GaussianBlur(out, (3, 3), 0)
    out += rng.normal(0, rng.uniform(0, 12), out.shape)
    return np.clip(out, 0, 255).astype(np.uint8), box


def jitter(box: Any, rng: np.random.Generator, amount: float) -> tuple[float, ...]:
    """``box`` moved and resized by up to ``amount`` of its size."""
    x1, y1, x2, y2 = box
    bw, bh = x2 - x1, y2 - y1
    dx, dy, sw, sh = rng.uniform(-amount, amount, 4)
    cx, cy = (x1 + x2) / 2 + dx * bw, (y1 + y2) / 2 + dy * bh
    nw, nh = bw * (1 + sw), bh * (1 + sh)
    return (cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2)
