"""Thumbnails that are safe to keep: a small crop of the object, faces blurred.

Faces are found on the *whole* frame (small faces are easier to find there than in a crop)
with dlib's built-in HOG frontal-face detector (``dlib-bin`` on PyPI; no model file to
download; the installers carry the wheel as it comes), or OpenCV's bundled Haar
cascade on OpenCV 4 builds that still ship it. A crop of a person is also blurred over its
top third when no face was found in it, so a missed face is still unrecognisable; without any
face detector that rule keeps person crops safe.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .geometry import Image

THUMBNAIL_MAX = 128
"""Longest side of a stored thumbnail, in pixels."""
FACE_SEARCH_MAX = 640
"""Frames are searched for faces at most this large (longest side)."""

Face = tuple[int, int, int, int]


class FaceFinder:
    """Find faces with dlib's HOG detector, else OpenCV's Haar cascade, else none."""

    def __init__(self) -> None:
        self._impl: Any = None
        self.backend = ""

    def _load(self) -> Any:
        if self._impl is None:
            try:
                # lazy: start-up speed (dlib, cv2 load only when _load() runs)
                import dlib

                self._impl, self.backend = dlib.get_frontal_face_detector(), "dlib-hog"
            except ImportError:
                # lazy: start-up speed (cv2 loads only when _load() runs)
                import cv2

                data = getattr(cv2, "data", None)
                path = (
                    str(getattr(data, "haarcascades", "")) + "haarcascade_frontalface_default.xml"
                )
                factory = getattr(cv2, "CascadeClassifier", None)
                cascade = factory(path) if factory is not None else None
                if cascade is not None and not cascade.empty():
                    self._impl, self.backend = cascade, "opencv-haar"
                else:
                    self._impl, self.backend = False, "none"
        return self._impl

    def find(self, image: Image) -> list[Face]:
        """Face boxes (x1, y1, x2, y2) in ``image`` (BGR)."""
        # lazy: start-up speed (cv2 loads only when find() runs)
        import cv2

        impl = self._load()
        if impl is False:
            return []
        scale = min(1.0, FACE_SEARCH_MAX / max(image.shape[:2]))
        small: Any = image
        if scale < 1.0:
            small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if self.backend == "dlib-hog":
            rgb = np.ascontiguousarray(small[:, :, ::-1])
            boxes = [(r.left(), r.top(), r.right(), r.bottom()) for r in impl(rgb, 1)]
        else:
            grey = cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
            found = impl.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=4, minSize=(20, 20))
            boxes = [(x, y, x + w, y + h) for (x, y, w, h) in (found if len(found) else [])]
        # grow each face a little: HOG boxes are tight and hair/ears identify people too
        faces: list[Face] = []
        for x1, y1, x2, y2 in boxes:
            mx, my = (x2 - x1) * 0.2, (y2 - y1) * 0.25
            faces.append(
                (
                    int((x1 - mx) / scale),
                    int((y1 - my) / scale),
                    int((x2 + mx) / scale),
                    int((y2 + my) / scale),
                )
            )
        return faces


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
    # lazy: start-up speed (cv2 loads only when _blur() runs)
    import cv2

    if region.size == 0:
        return
    k = max(3, (max(region.shape[:2]) // 3) | 1)
    region[:] = cv2.GaussianBlur(region, (k, k), 0)


def make_thumbnail(
    frame: Image,
    box: tuple[float, float, float, float],
    faces: list[Face],
    *,
    is_person: bool = False,
    max_side: int = THUMBNAIL_MAX,
) -> Image:
    """A face-blurred crop of ``box``, at most ``max_side`` pixels on its longest side."""
    # lazy: start-up speed (cv2 loads only when make_thumbnail() runs)
    import cv2

    x1, y1, x2, y2 = crop_box(frame.shape[:2], box)
    crop: Any = frame[y1:y2, x1:x2].copy()
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
    result: Image = np.asarray(crop, dtype=np.uint8)
    return result
