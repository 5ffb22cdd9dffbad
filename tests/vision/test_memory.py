"""The object memory: sightings, zones, face-blurred thumbnail crops, retention, ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.vision.detectors.base import Detection
from pipelines.vision.memory import ObjectMemory, zone_of
from pipelines.vision.privacy_crop import THUMBNAIL_MAX, FaceFinder, crop_box, make_thumbnail

from .conftest import read


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def sharpness(image: Any) -> float:
    """Variance of the Laplacian: high for detailed regions, low once blurred."""
    import cv2

    return float(cv2.Laplacian(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())


def memory(app: Any, clock: Clock) -> ObjectMemory:
    return ObjectMemory(app.db, app.paths.data_dir, app.ledger, clock=clock)


DESK = {"desk": [[0.5, 0.5], [1.0, 0.5], [1.0, 1.0], [0.5, 1.0]]}


def test_zone_of_uses_the_box_centre() -> None:
    assert zone_of((0.6, 0.6, 0.9, 0.9), DESK) == "desk"
    assert zone_of((0.0, 0.0, 0.2, 0.2), DESK) == ""


def test_records_best_detection_per_label_and_finds_the_latest(
    app: Any, photos: dict[str, Path]
) -> None:
    clock = Clock()
    mem = memory(app, clock)
    frame = read(photos["coffee"])  # 400 x 600
    rows = mem.record(
        "kitchen", frame,
        [Detection("cup", 0.5, (10, 10, 50, 50)), Detection("cup", 0.9, (400, 250, 560, 380))],
        zones=DESK, model="yolox-nano",
    )  # fmt: skip
    assert len(rows) == 1
    seen = mem.last_seen("cup")
    assert seen is not None and seen.camera == "kitchen" and seen.zone == "desk"
    assert seen.confidence == pytest.approx(0.9)
    assert seen.box == pytest.approx((400 / 600, 250 / 400, 560 / 600, 380 / 400))
    clock.now += 600
    mem.record("office", frame, [Detection("cup", 0.7, (10, 10, 100, 100))])
    latest = mem.last_seen("cup")
    assert latest is not None and latest.camera == "office" and latest.zone == ""
    assert [s.camera for s in mem.history("cup")] == ["office", "kitchen"]
    assert mem.last_seen("laptop") is None


def test_an_object_staying_put_refreshes_its_row(app: Any, photos: dict[str, Path]) -> None:
    clock = Clock()
    mem = memory(app, clock)
    frame = read(photos["coffee"])
    first = mem.record("kitchen", frame, [Detection("cup", 0.8, (160, 20, 420, 290))])[0]
    clock.now += 30
    again = mem.record("kitchen", frame, [Detection("cup", 0.85, (165, 22, 418, 292))])[0]
    assert again.id == first.id and again.ts == clock.now and again.first_ts == first.ts
    clock.now += 30
    moved = mem.record("kitchen", frame, [Detection("cup", 0.85, (10, 300, 60, 390))])[0]
    assert moved.id != first.id
    assert app.db.scalar("SELECT COUNT(*) FROM sightings") == 2


def test_thumbnails_are_small_crops_never_full_frames(app: Any, photos: dict[str, Path]) -> None:
    mem = memory(app, Clock())
    frame = read(photos["desk"])
    whole = Detection("dining table", 0.9, (0, 0, frame.shape[1], frame.shape[0]))
    rows = mem.record("office", frame, [Detection("mouse", 0.9, (123, 179, 158, 199)), whole])
    files = sorted((app.paths.data_dir / "thumbnails").iterdir())
    assert len(files) == 2 and all(r.thumbnail in files for r in rows)
    for path in files:
        thumb = read(path)
        assert max(thumb.shape[:2]) <= THUMBNAIL_MAX
        assert thumb.shape[0] * thumb.shape[1] < frame.shape[0] * frame.shape[1] / 4
    mouse = read(next(r.thumbnail for r in rows if r.label == "mouse"))
    assert mouse.shape[0] < 40 and mouse.shape[1] < 60  # the crop, not a shrunken frame


@pytest.mark.slow
def test_faces_in_thumbnails_are_blurred(photos: dict[str, Path]) -> None:
    frame = read(photos["astronaut"])
    faces = FaceFinder().find(frame)
    assert faces, "the astronaut's face should be found"
    x1, y1, x2, y2 = faces[0]
    assert 140 < (x1 + x2) / 2 < 300 and 60 < (y1 + y2) / 2 < 200
    box = (20.0, 20.0, 380.0, 500.0)  # the person
    plain = make_thumbnail(frame, box, [], is_person=False, max_side=1000)
    safe = make_thumbnail(frame, box, faces, is_person=True, max_side=1000)
    ox, oy, _, _ = crop_box(frame.shape[:2], box)
    face = (slice(y1 - oy + 10, y2 - oy - 10), slice(x1 - ox + 10, x2 - ox - 10))
    assert sharpness(safe[face]) < 0.2 * sharpness(plain[face])  # the face's detail is gone
    elsewhere = (slice(400, 450), slice(50, 100))
    assert np.array_equal(plain[elsewhere], safe[elsewhere])  # the rest is untouched


def test_person_crop_without_a_found_face_is_blurred_on_top(photos: dict[str, Path]) -> None:
    frame = read(photos["astronaut"])
    box = (20.0, 20.0, 380.0, 500.0)
    plain = make_thumbnail(frame, box, [], is_person=False, max_side=1000)
    safe = make_thumbnail(frame, box, [], is_person=True, max_side=1000)
    top = slice(0, plain.shape[0] // 3 - 5)
    assert sharpness(safe[top]) < 0.2 * sharpness(plain[top])
    assert np.array_equal(safe[-50:], plain[-50:])


def test_retention_sweep_deletes_old_rows_and_their_thumbnails(
    app: Any, photos: dict[str, Path]
) -> None:
    clock = Clock()
    mem = memory(app, clock)
    frame = read(photos["coffee"])
    old = mem.record("kitchen", frame, [Detection("cup", 0.9, (160, 20, 420, 290))])[0]
    clock.now += 5 * 86400
    new = mem.record("kitchen", frame, [Detection("dining table", 0.9, (0, 0, 600, 400))])[0]
    clock.now += 3 * 86400  # old is 8 days old, new is 3 days old
    removed = mem.sweep({"sightings": 7, "thumbnails": 2})
    assert removed == {"sightings": 1, "thumbnails": 2}
    assert mem.last_seen("cup") is None
    kept = mem.last_seen("dining table")
    assert kept is not None and kept.id == new.id and kept.thumbnail is None  # row kept, crop gone
    assert old.thumbnail is not None and not old.thumbnail.exists()
    deleted = {e.category: e.detail["items"] for e in app.ledger.entries(kind="data_deleted")}
    assert deleted == {"sightings": 1, "thumbnails": 2}


def test_ledger_gets_counts_never_contents(app: Any, photos: dict[str, Path]) -> None:
    mem = memory(app, Clock())
    mem.record("kitchen", read(photos["coffee"]), [Detection("cup", 0.9, (160, 20, 420, 290))])
    mem.flush_ledger()
    written = app.ledger.entries(kind="data_written")
    assert {e.category: e.detail for e in written} == {
        "sightings": {"items": 1}, "thumbnails": {"items": 1},
    }  # fmt: skip
    mem.flush_ledger()
    assert len(app.ledger.entries(kind="data_written")) == 2  # nothing new, nothing recorded


def test_privacy_forget_deletes_sightings_and_thumbnails(app: Any, photos: dict[str, Path]) -> None:
    mem = memory(app, Clock())
    mem.record("kitchen", read(photos["coffee"]), [Detection("cup", 0.9, (160, 20, 420, 290))])
    assert app.inventory.forget("sightings") == 1
    assert app.inventory.forget("thumbnails") == 1
    assert mem.last_seen("cup") is None
    assert not any((app.paths.data_dir / "thumbnails").glob("*"))
