"""Thumbnails that are safe to keep: a small crop of the object, faces blurred.

Faces are found with OpenCV's bundled frontal-face Haar cascade on the *whole* frame (small
faces are easier to find there than in a crop). A crop of a person is also blurred over its
top third when no face was found, so a missed face is still unrecognisable.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .geometry import Image

THUMBNAIL_MAX = 128
"""Longest side of a stored thumbnail, in pixels."""


class FaceFinder:
    def __init__(self) -> None:
        self._cascade: Any = None

    def _load(self) -> Any:
        if self._cascade is None:
            import cv2

            path = str(cv2.data.haarcascades) + "haarcascade_frontalface_default.xml"
            cascade = cv2.CascadeClassifier(path)
            if cascade.empty():
                raise RuntimeError(f"OpenCV's face cascade is missing ({path})")
            self._cascade = cascade
        return self._cascade

    def find(self, image: Image) -> list[tuple[int, int, int, int]]:
        """Face boxes (x1, y1, x2, y2) in ``image``."""
        import cv2

        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        scale = min(1.0, 640 / max(grey.shape))
        if scale < 1.0:
            grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        grey = cv2.equalizeHist(grey)
        found = self._load().detectMultiScale(grey, scaleFactor=1.1, minNeighbors=4, minSize=(20, 20))
        return [
            (int(x / scale), int(y / scale), int((x + w) / scale), int((y + h) / scale))
            for (x, y, w, h) in (found if len(found) else [])
        ]


def crop_box(
    shape: tuple[int, int], box: tuple[float, float, float, float], margin: float = 0.08
) -> tuple[int, int, int, int]:
    """The box grown by ``margin`` of its size on each side, clipped to the frame."""
    h, w = shape
    x1, y1, x2, y2 = box
    mx, my = (x2 - x1) * margin, (y2 - y1) * margin
    return (
        max(0, int(x1 - mx)),
        max(0, int(y1 - my)),
        min(w, int(np.ceil(x2 + mx))),
        min(h, int(np.ceil(y2 + my))),
    )


def _blur(region: Image) -> None:
    import cv2

    if region.size == 0:
        return
    k = max(3, (max(region.shape[:2]) // 3) | 1)
    region[:] = cv2.GaussianBlur(region, (k, k), 0)


def make_thumbnail(
    frame: Image,
    box: tuple[float, float, float, float],
    faces: list[tuple[int, int, int, int]],
    *,
    is_person: bool = False,
    max_side: int = THUMBNAIL_MAX,
) -> Image:
    """A face-blurred crop of ``box``, at most ``max_side`` pixels on its longest side."""
    import cv2

    x1, y1, x2, y2 = crop_box(frame.shape[:2], box)
    crop = frame[y1:y2, x1:x2].copy()
    blurred_any = False
    for fx1, fy1, fx2, fy2 in faces:
        ix1, iy1 = max(fx1, x1) - x1, max(fy1, y1) - y1
        ix2, iy2 = min(fx2, x2) - x1, min(fy2, y2) - y1
        if ix2 > ix1 and iy2 > iy1:
            _blur(crop[iy1:iy2, ix1:ix2])
            blurred_any = True
    if is_person and not blurred_any:
        _blur(crop[: max(1, crop.shape[0] // 3)])
    scale = min(1.0, max_side / max(crop.shape[:2]))
    if scale < 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return crop
