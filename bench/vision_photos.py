"""The photos of the vision benchmarks: the hand-labelled set and the unlabelled calibration
photos (the other ../shared photos and the photographs installed packages ship).

Used by bench/vision.py (mAP, cross-calibrated int8) and bench/vision_int8.py (choosing the
int8 configuration). Photos are read in place, never copied into the repo.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "vision" / "labels.json"
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
