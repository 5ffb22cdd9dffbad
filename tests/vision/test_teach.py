"""Teach an object (experimental): find a taught object again, not in other photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.core.errors import InputError
from pipelines.vision.composite import paste
from pipelines.vision.geometry import iou_matrix
from pipelines.vision.teach import TaughtObjects, taught_names

from .conftest import read


@pytest.fixture
def bear(photos: dict[str, Path]) -> Any:
    return read(photos["bear"])[132:302, 360:537].copy()


def test_teach_then_find_in_new_scenes(app: Any, photos: dict[str, Path], bear: Any) -> None:
    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    assert taught.teach("Teddy", [bear]) == 1
    assert taught_names(app.db) == ["teddy"]
    rng = np.random.default_rng(7)
    hits = 0
    for name in ("desk", "living", "room"):
        scene = paste(read(photos[name]), bear, rng)
        found = taught.find(scene.image)
        if found:
            assert found[0].label == "teddy"
            iou = iou_matrix(
                np.array([found[0].box], np.float32), np.array([scene.box], np.float32)
            )
            hits += int(iou[0, 0] >= 0.5)
    assert hits >= 2
    for name in ("desk", "living", "coffee", "cat"):  # the same photos without the bear
        assert taught.find(read(photos[name])) == []
    entries = app.ledger.entries(kind="data_written")
    assert entries[0].category == "taught_objects" and entries[0].detail == {"items": 1}


def test_photos_without_an_object_cannot_be_taught(app: Any) -> None:
    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    with pytest.raises(InputError, match="stands out"):
        taught.teach("keys", [np.full((200, 200, 3), 128, np.uint8)])
    with pytest.raises(InputError, match="short name"):
        taught.teach("../../etc", [np.full((200, 200, 3), 128, np.uint8)])


def test_forget_taught_object(app: Any, bear: Any) -> None:
    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    taught.teach("teddy", [bear, bear[:, ::-1].copy()])
    assert taught.forget("teddy") == 2
    assert taught_names(app.db) == [] and taught.find(bear) == []
    assert not list((app.paths.data_dir / "taught_objects").rglob("*.png"))


def test_taught_object_is_known_to_where(app: Any, bear: Any) -> None:
    from pipelines.skills.replies import Replies
    from pipelines.vision.locate import answer

    TaughtObjects(app.db, app.paths.data_dir, app.ledger).teach("teddy", [bear])
    response = answer(app, Replies(), "my teddy", 0.0)
    assert response.action in ("object_not_seen", "no_detector")
    assert "can't recognise" not in response.text


def test_watching_finds_a_taught_object(
    app: Any, photos: dict[str, Path], bear: Any, tmp_path: Path
) -> None:
    import cv2

    from pipelines.core.settings_schema import CameraSettings
    from pipelines.skills.replies import Replies
    from pipelines.vision.locate import answer
    from pipelines.vision.watcher import CameraWatcher

    TaughtObjects(app.db, app.paths.data_dir, app.ledger).teach("teddy", [bear])
    scene = paste(read(photos["living"]), bear, np.random.default_rng(3))
    cv2.imwrite(str(tmp_path / "frame.png"), scene.image)

    class NoDetector:
        name = "none"

        def prepare(self) -> None:
            pass

        def detect(self, image: Any) -> list[Any]:
            return []

    camera = CameraSettings(name="lounge", source=str(tmp_path))
    stats = CameraWatcher(app, camera, NoDetector()).run()  # type: ignore[arg-type]
    assert stats.labels == {"teddy": 1}
    text = answer(app, Replies(), "my teddy", 0.0).text
    assert "lounge camera" in text
