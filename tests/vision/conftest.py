"""Fixtures for the vision tests: photos from ../shared, installed detectors, a scene folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PERMISSIVE = Path("data/photos/permissive")
COCO = Path("data/photos/coco-val2017-test-only")


@pytest.fixture
def photos(shared: Path) -> dict[str, Path]:
    """Short names -> real photos."""
    return {
        "coffee": shared / PERMISSIVE / "skimage_coffee.png",
        "astronaut": shared / PERMISSIVE / "skimage_astronaut.png",
        "pizza": shared / PERMISSIVE / "max_pizza.jpg",
        "bear": shared / PERMISSIVE / "max_baby-bear.jpg",
        "cat": shared / PERMISSIVE / "skimage_chelsea.png",
        "desk": shared / COCO / "000000001503.jpg",
        "living": shared / COCO / "000000004495.jpg",
        "room": shared / COCO / "000000000139.jpg",
    }


def read(path: Path) -> Any:
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert image is not None, path
    return image


@pytest.fixture
def installed(app: Any, shared: Path) -> Any:
    """The app with yolox-nano and fastestdet installed from the ../shared mirror."""
    from pipelines.models.manager import ModelManager

    manager = ModelManager.from_app(app)
    for name in ("yolox-nano", "fastestdet"):
        manager.install(name, from_dir=shared / "models")
    return app


@pytest.fixture
def yolox(installed: Any) -> Iterator[Any]:
    from pipelines.vision.catalog import open_detector

    detector = open_detector(installed, "yolox-nano")
    yield detector
    detector.close()
