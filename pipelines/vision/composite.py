"""Synthetic test scenes for the teach-an-object experiment: paste a real object crop, warped.

Used by the teach tests and ``bench.vision`` to measure precision and recall: the object crop
is scaled, rotated, perspective-jittered, re-lit and noised, then pasted on a real photo.
These scenes show the *same* object instance, so they give an optimistic upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geometry import Image


@dataclass(frozen=True)
class Scene:
    image: Image
    box: tuple[float, float, float, float]


def paste(
    background: Image,
    obj: Image,
    rng: np.random.Generator,
    *,
    scale: tuple[float, float] = (0.5, 0.9),
    max_rotation: float = 15.0,
    jitter: float = 0.06,
) -> Scene:
    # lazy: start-up speed (cv2 loads only when paste() runs)
    import cv2

    bh, bw = background.shape[:2]
    oh, ow = obj.shape[:2]
    fit = min(0.6 * bw / ow, 0.6 * bh / oh, 1.0)
    s = fit * float(rng.uniform(*scale))
    w, h = ow * s, oh * s
    corners = np.array([[0, 0], [ow, 0], [ow, oh], [0, oh]], dtype=np.float32)
    angle = np.deg2rad(float(rng.uniform(-max_rotation, max_rotation)))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centred = (corners * s - [w / 2, h / 2]) @ rot.T
    centred += rng.uniform(-jitter, jitter, centred.shape) * [w, h]
    span = centred.max(axis=0) - centred.min(axis=0)
    ox = float(rng.uniform(0, max(1.0, bw - span[0]))) - centred[:, 0].min()
    oy = float(rng.uniform(0, max(1.0, bh - span[1]))) - centred[:, 1].min()
    target = (centred + np.array([ox, oy])).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    lit = np.clip(obj.astype(np.float32) * float(rng.uniform(0.8, 1.2)), 0, 255).astype(np.uint8)
    warped = cv2.warpPerspective(lit, matrix, (bw, bh))
    mask = cv2.warpPerspective(np.full((oh, ow), 255, np.uint8), matrix, (bw, bh)) > 127
    out = background.copy()
    out[mask] = warped[mask]
    noise = rng.normal(0, 4, out.shape)
    out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    x1, y1 = target.min(axis=0)
    x2, y2 = target.max(axis=0)
    return Scene(
        out, (float(max(0, x1)), float(max(0, y1)), float(min(bw, x2)), float(min(bh, y2)))
    )
