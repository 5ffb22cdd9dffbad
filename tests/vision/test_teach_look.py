"""The learned finder's first pass with fewer crops and its second look (fakes)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pipelines.vision.teach_learned import LearnedFinder
from pipelines.vision.teach_look import LookingFinder
from pipelines.vision.teach_samples import crop

from .test_teach_learned import bear_closeups, colour_embed, disc_photo, grid_propose, textured


def colour_regions(frame: Any, boxes: Any) -> Any:
    """A stand-in for the detector's features at boxes: their colour, as the crops'."""
    return colour_embed([crop(frame, box, 32) for box in boxes])


class Recorder:
    def __init__(self, boxes: Any = None) -> None:
        self.batches: list[int] = []
        self.regions: list[tuple[int, int, int, int]] = []
        self.boxes = np.zeros((0, 4), np.float32) if boxes is None else boxes

    def embed(self, crops: list[Any]) -> Any:
        self.batches.append(len(crops))
        return colour_embed(crops)

    def look(self, frame: Any, region: Any, limit: int) -> tuple[Any, Any]:
        self.regions.append(region)
        boxes = self.boxes[:limit]
        return boxes, colour_regions(frame, boxes)


@pytest.fixture(scope="module")
def taught() -> tuple[LearnedFinder, Recorder]:
    record = Recorder()
    finder = LearnedFinder(record.embed, grid_propose, min_probability=0.5, limit=1000,
                           regions=colour_regions)  # fmt: skip
    backgrounds = [textured(s) for s in range(6)]
    finder.add("red cup", [disc_photo((0, 0, 230)), disc_photo((20, 20, 200), 120)], backgrounds)
    finder.teach("green ball", [disc_photo((0, 210, 0))], backgrounds)
    return finder, record


def scene() -> Any:
    import cv2

    frame = textured(99)
    cv2.circle(frame, (250, 70), 22, (10, 10, 220), -1)
    return frame


ELSEWHERE = np.array([[0, 120, 80, 200], [100, 150, 160, 210], [20, 20, 60, 60]], np.float32)
DISC = np.array([228, 48, 272, 92], np.float32)


def test_first_pass_finds_without_a_second_look(taught: tuple[LearnedFinder, Recorder]) -> None:
    finder, record = taught
    looked = Recorder()
    proposals = np.concatenate([ELSEWHERE[:1], DISC[None], ELSEWHERE[1:]])
    record.batches.clear()
    found = LookingFinder(finder, looked.look, first_embeds=3).find(scene(), proposals)
    assert [(d.label, d.box) for d in found] == [("red cup", tuple(DISC.tolist()))]
    assert record.batches == [3]  # the first three proposals embedded, not the fourth
    assert looked.regions == []  # found: no second look


def test_second_look_finds_what_the_first_pass_had_no_box_on(
    taught: tuple[LearnedFinder, Recorder],
) -> None:
    finder, record = taught
    frame = scene()
    near = np.array([[200, 20, 240, 60], DISC, [280, 100, 320, 140]], np.float32)
    looked = Recorder(near)
    looking = LookingFinder(finder, looked.look, first_embeds=3, look_embeds=2)
    record.batches.clear()
    found = looking.find(frame, ELSEWHERE)
    assert [(d.label, d.box) for d in found] == [("red cup", tuple(DISC.tolist()))]
    assert record.batches == [3, 2]  # three first-pass crops, the second look's first two
    (x1, y1, x2, y2), = looked.regions  # fmt: skip
    assert (x2 - x1, y2 - y1) == (160, 120)  # half the frame's width and height
    table, boxes = looking.scores(frame, ELSEWHERE)
    assert table.shape == (2, 5) and len(boxes) == 5  # the first pass's boxes, then the look's
    assert LookingFinder(finder, Recorder(near).look, look_embeds=1).find(frame, ELSEWHERE) == []
    assert LookingFinder(finder, None).find(frame, ELSEWHERE) == []
    assert LookingFinder(finder, Recorder(ELSEWHERE).look).find(frame, ELSEWHERE) == []


def test_split_second_look_runs_the_region_on_one_frame_and_scores_it_on_the_next(
    taught: tuple[LearnedFinder, Recorder],
) -> None:
    finder, record = taught
    frame = scene()
    near = np.array([[200, 20, 240, 60], DISC, [280, 100, 320, 140]], np.float32)
    looked = Recorder(near)
    looking = LookingFinder(finder, looked.look, first_embeds=3, look_embeds=2, split=True)
    record.batches.clear()
    assert looking.find(frame, ELSEWHERE) == []  # the region's detector run, crops kept
    assert len(looked.regions) == 1 and record.batches == [3]
    found = looking.find(frame, ELSEWHERE)  # the next frame: the kept crops scored
    assert [(d.label, d.box) for d in found] == [("red cup", tuple(DISC.tolist()))]
    assert len(looked.regions) == 1 and record.batches == [3, 3, 2]
    assert looking.find(frame, ELSEWHERE) == [] and len(looked.regions) == 2  # a new look
    looking.reset()  # another scene: the waiting look is dropped
    assert looking.find(frame, ELSEWHERE) == [] and len(looked.regions) == 3
    assert looking.find(frame, np.concatenate([DISC[None], ELSEWHERE]))  # a find: dropped
    assert looking.find(frame, ELSEWHERE) == [] and len(looked.regions) == 4  # looks anew


def test_without_detector_features_the_finder_is_used_as_it_is() -> None:
    finder = LearnedFinder(colour_embed, grid_propose, min_probability=0.5, limit=1000)
    finder.teach("red cup", [disc_photo((0, 0, 230))], [textured(s) for s in range(4)])
    looked = Recorder()
    assert [d.label for d in LookingFinder(finder, looked.look).find(scene())] == ["red cup"]
    assert looked.regions == []


def test_real_second_look_finds_a_taught_teddy_the_first_pass_had_no_box_on(
    installed: Any, photos: dict[str, Any], yolox: Any
) -> None:
    """Real end to end: YOLOX-Nano from ../shared (its features, and its run on a magnified
    region), EfficientNet-Lite0 from its wheel. The first pass is given one proposal beside
    the teddy (as when none of the detector's first boxes lies on a small object): it finds
    nothing; the second look, around that box, does."""
    import cv2

    from pipelines.vision.detector_features import FeatureDetector
    from pipelines.vision.detector_zoom import RegionRun
    from pipelines.vision.embedder import ImageEmbedder
    from pipelines.vision.teach_learned import CROP, TEACH_PROPOSALS

    from .conftest import read

    bear, closeups = bear_closeups(read(photos["bear"]))
    room = read(photos["room"])
    features = FeatureDetector(yolox)
    embedder = ImageEmbedder(installed.paths.models_dir, size=CROP)
    finder = LearnedFinder(embedder.embed, lambda im: features.propose(im, TEACH_PROPOSALS),
                           regions=features.at)  # fmt: skip
    finder.teach("teddy", closeups, [room, cv2.convertScaleAbs(room, alpha=0.8)])
    frame = room.copy()
    small = cv2.resize(bear, None, fx=0.5, fy=0.5)  # 88 x 85 px in a 640 x 427 room
    frame[300:385, 420:508] = small
    beside = np.array([[330, 300, 410, 385]], np.float32)  # left of it, not on it
    features.detect_and_propose(frame, 0)  # the first pass's run (its maps are reused)
    looking = LookingFinder(finder, RegionRun(features).look)
    assert LookingFinder(finder, None).find(frame, beside) == []
    found = looking.find(frame, beside)
    assert [d.label for d in found] == ["teddy"]
    x1, y1, x2, y2 = found[0].box
    assert 420 <= (x1 + x2) / 2 <= 508 and 300 <= (y1 + y2) / 2 <= 385
    assert looking.find(room, beside) == []  # the room without it: nothing, second look or not
