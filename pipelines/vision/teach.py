"""Teach an object: keep a few reference photos of a thing no detector knows; keypoint matcher.

The user shows a few photos of, say, "my keys", close up on a plain background; they are kept
here (at most :data:`REFERENCE_MAX` px). The learned finder (:mod:`.teach_learned`, trained
from these photos by :mod:`.teach_store`) does most of the finding; this module's keypoint
matcher adds finds it is sure of. Each reference keeps ORB keypoints
and a hue-saturation histogram. In a new frame, a reference is found when enough keypoints
match (Lowe ratio test), a RANSAC homography agrees with them, the projected outline is a
sane quadrilateral and the colours inside it resemble the reference. Works for textured,
rigid things (a book cover, a patterned mug, a wallet); plain or shiny objects are hard.
Measured precision/recall: see docs/BENCHMARKS.md ("Teach an object").
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.errors import InputError
from ..core.storage import Database
from .detectors.base import Detection
from .geometry import Image
from .teach_samples import shows_object

if TYPE_CHECKING:
    from ..privacy.ledger import Ledger

MIGRATIONS = [
    """
    CREATE TABLE taught_objects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created REAL NOT NULL,
        file TEXT NOT NULL
    );
    CREATE INDEX taught_objects_name ON taught_objects(name);
    """
]
FOLDER = "taught_objects"
LEARNED_FILE = "learned.npz"
REFERENCE_MAX = 400
MIN_GOOD_MATCHES = 12
MIN_INLIERS = 10
MIN_COLOUR_SIMILARITY = 0.3


def taught_names(db: Database) -> list[str]:
    if "taught_objects" not in db.tables():
        return []
    return [r[0] for r in db.query("SELECT DISTINCT name FROM taught_objects ORDER BY name")]


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.strip().lower().split())
    if not cleaned or not re.fullmatch(r"[\w' -]{1,40}", cleaned):
        raise InputError(
            "Give the object a short name of letters, digits, spaces or hyphens (e.g. 'keys')."
        )
    return cleaned


@dataclass
class Reference:
    name: str
    image: Image
    keypoints: np.ndarray
    """(N, 2) float32 point coordinates."""
    descriptors: np.ndarray | None
    histogram: np.ndarray


class Features:
    """ORB keypoints and HS histograms (one ORB instance reused)."""

    def __init__(self, n_features: int = 1000) -> None:
        # lazy: start-up speed (cv2 loads only when __init__() runs)
        import cv2

        self._orb: Any = cv2.ORB.create(nfeatures=n_features, scaleFactor=1.2, nlevels=8)

    def keypoints(self, image: Image) -> tuple[np.ndarray, np.ndarray | None]:
        # lazy: start-up speed (cv2 loads only when keypoints() runs)
        import cv2

        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        kps, desc = self._orb.detectAndCompute(grey, None)
        points = np.array([k.pt for k in kps], dtype=np.float32).reshape(-1, 2)
        return points, desc

    @staticmethod
    def histogram(image: Image) -> np.ndarray:
        # lazy: start-up speed (cv2 loads only when histogram() runs)
        import cv2

        hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
        hist = cv2.calcHist([hsv], [0, 1], None, [30, 32], [0, 180, 0, 256])
        cv2.normalize(hist, hist, 1.0, 0.0, cv2.NORM_L1)
        return np.asarray(hist)

    def reference(self, name: str, image: Image) -> Reference:
        points, desc = self.keypoints(image)
        return Reference(name, image, points, desc, self.histogram(image))


def _shrink(image: Image, max_side: int) -> Image:
    # lazy: start-up speed (cv2 loads only when _shrink() runs)
    import cv2

    scale = min(1.0, max_side / max(image.shape[:2]))
    if scale >= 1.0:
        return image
    return np.asarray(cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))


class TaughtObjects:
    """Store reference photos of taught objects and find them in frames."""

    def __init__(self, db: Database, data_dir: Path, ledger: Ledger | None = None) -> None:
        self.db = db
        self.folder = data_dir / FOLDER
        self.ledger = ledger
        self.features = Features()
        self._references: list[Reference] | None = None
        db.migrate("taught_objects", MIGRATIONS)

    def teach(self, name: str, images: Sequence[Image]) -> int:
        """Keep ``images`` (crops showing mostly the object) as references for ``name``."""
        # lazy: start-up speed (cv2 loads only when teach() runs)
        import cv2

        name = _clean_name(name)
        kept = 0
        folder = self.folder / re.sub(r"[^\w-]+", "_", name)
        folder.mkdir(parents=True, exist_ok=True)
        for image in images:
            small = _shrink(image, REFERENCE_MAX)
            if not shows_object(small):
                continue  # nothing stands out from the background
            with self.db.transaction() as conn:
                cur = conn.execute(
                    "INSERT INTO taught_objects(name, created, file) VALUES (?, ?, '')",
                    (name, time.time()),
                )
                row_id = int(cur.lastrowid or 0)
                path = folder / f"{row_id}.png"
                if not cv2.imwrite(str(path), small):
                    raise InputError(f"Could not save the reference photo to {folder}")
                conn.execute(
                    "UPDATE taught_objects SET file = ? WHERE id = ?",
                    (str(path.relative_to(self.folder)), row_id),
                )
            kept += 1
        if not kept:
            raise InputError(
                f"None of the photos shows an object that stands out from its background, so "
                f"'{name}' cannot be learned from them. Use close photos of the object on a "
                "plain table or sheet of paper, from a few sides."
            )
        if self.ledger is not None:
            self.ledger.record("data_written", "taught_objects", items=kept)
        self._references = None
        return kept

    def forget(self, name: str) -> int:
        name = _clean_name(name)
        rows = self.db.query("SELECT file FROM taught_objects WHERE name = ?", (name,))
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM taught_objects WHERE name = ?", (name,))
        for row in rows:
            (self.folder / row["file"]).unlink(missing_ok=True)
        folder = self.folder / re.sub(r"[^\w-]+", "_", name)
        (folder / LEARNED_FILE).unlink(missing_ok=True)  # the learned model (teach_store.py)
        with suppress(OSError):
            folder.rmdir()
        if rows and self.ledger is not None:
            self.ledger.record("data_deleted", "taught_objects", items=len(rows), reason="user")
        self._references = None
        return len(rows)

    def references(self) -> list[Reference]:
        if self._references is None:
            # lazy: start-up speed (cv2 loads only when references() runs)
            import cv2

            refs = []
            for row in self.db.query("SELECT name, file FROM taught_objects ORDER BY id"):
                image: Any = cv2.imread(str(self.folder / row["file"]), cv2.IMREAD_COLOR)
                if image is not None:
                    refs.append(self.features.reference(row["name"], image))
            self._references = refs
        return self._references

    def find(self, frame: Image) -> list[Detection]:
        """Taught objects visible in ``frame`` (best reference per name)."""
        refs = self.references()
        if not refs:
            return []
        points, desc = self.features.keypoints(frame)
        best: dict[str, Detection] = {}
        for ref in refs:
            found = match_reference(ref, points, desc, frame, self.features)
            if found is not None and (
                ref.name not in best or found.confidence > best[ref.name].confidence
            ):
                best[ref.name] = found
        return list(best.values())


def match_reference(
    ref: Reference,
    points: np.ndarray,
    desc: np.ndarray | None,
    frame: Image,
    features: Features,
) -> Detection | None:
    # lazy: start-up speed (cv2 loads only when match_reference() runs)
    import cv2

    if desc is None or ref.descriptors is None or len(points) < MIN_GOOD_MATCHES:
        return None
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    pairs: Any = matcher.knnMatch(ref.descriptors, desc, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.75 * p[1].distance]
    if len(good) < MIN_GOOD_MATCHES:
        return None
    src = ref.keypoints[[m.queryIdx for m in good]].reshape(-1, 1, 2)
    dst = points[[m.trainIdx for m in good]].reshape(-1, 1, 2)
    homography, mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
    if homography is None or mask is None or int(mask.sum()) < MIN_INLIERS:
        return None
    h, w = ref.image.shape[:2]
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32).reshape(-1, 1, 2)
    outline = cv2.perspectiveTransform(corners, homography).reshape(-1, 2)
    if not cv2.isContourConvex(outline.astype(np.float32)):
        return None
    area = cv2.contourArea(outline)
    frame_area = frame.shape[0] * frame.shape[1]
    if area < 0.0005 * frame_area or area > 1.5 * frame_area:
        return None
    x1, y1 = np.clip(outline.min(axis=0), 0, [frame.shape[1], frame.shape[0]])
    x2, y2 = np.clip(outline.max(axis=0), 0, [frame.shape[1], frame.shape[0]])
    if x2 - x1 < 4 or y2 - y1 < 4:
        return None
    region = frame[int(y1) : int(y2), int(x1) : int(x2)]
    similarity = float(
        cv2.compareHist(ref.histogram, features.histogram(region), cv2.HISTCMP_INTERSECT)
    )
    if similarity < MIN_COLOUR_SIMILARITY:
        return None
    inliers = int(mask.sum())
    confidence = min(1.0, inliers / 40) * 0.5 + similarity * 0.5
    return Detection(ref.name, float(confidence), (float(x1), float(y1), float(x2), float(y2)))
