"""Taught objects in one frame: the learned finder's pass, then a second, magnified look.

Most objects the first pass misses are small (under 40 px high in a 320 x 240 frame): none
of the detector's first proposals lies on them, or its features there are too coarse.
:class:`LookingFinder` runs the first pass as :class:`.teach_learned.LearnedFinder` does (the
first :data:`FIRST_EMBEDS` proposals embedded and scored) and, when no taught object reaches
the threshold, looks again: the region of :data:`.detector_zoom.SHARE` of the frame around
the first-pass box the classifiers like best (their probabilities before the neighbour and
photo checks) goes through the detector once more, :data:`.detector_zoom.ZOOM` times
magnified (:class:`.detector_zoom.RegionRun`), and its first :data:`LOOK_EMBEDS` proposals
are embedded and scored by the same classifiers and checks against the same threshold.
On a home camera nothing is found on nearly every frame, so the second look's time counts
on every frame: about 22 ms on one core beside the first pass's 38 (bench.vision_teach_look
``time``; the 60 ms budget is for both together).

Chosen on the dev views of the rendered benchmark (``python -m bench.vision_teach_look``:
dev recall at precision >= 0.95, mean of 3 teaching seeds, 0.563 -> 0.667).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .detector_zoom import Region, region_around
from .detectors.base import Detection
from .geometry import FloatArray, Image
from .teach_learned import CROP, LearnedFinder, finds
from .teach_samples import crop

FIRST_EMBEDS = 12
"""First-pass proposals embedded per frame: the detector's most object-like."""
LOOK_EMBEDS = 4
"""Second-look proposals embedded per frame: the region run's most object-like."""

Look = Callable[[Image, Region, int], tuple[FloatArray, FloatArray]]
"""(frame, region, limit) -> (up to ``limit`` proposals in frame pixels, the detector's unit
vectors there): :meth:`.detector_zoom.RegionRun.look`."""


class LookingFinder:
    """A :class:`LearnedFinder` whose frames get, when it finds nothing, a second look at the
    most promising region (``look`` None: the first pass alone).

    ``split`` (a camera's stream): the second look is spread over two frames that both find
    nothing, so that no frame pays for all of it: on the first, the detector's run on the
    region (its proposals' crops are cut from that frame and kept in memory); on the next,
    those crops are embedded and scored, and their finds are reported with that frame's
    (the region as the camera saw it one frame earlier: a lost thing lies still). Without
    ``split`` (a single photo) both halves run on the same frame."""

    def __init__(
        self,
        finder: LearnedFinder,
        look: Look | None,
        *,
        first_embeds: int = FIRST_EMBEDS,
        look_embeds: int = LOOK_EMBEDS,
        split: bool = False,
    ) -> None:
        self.finder = finder
        self.look = look
        self.first_embeds = first_embeds
        self.look_embeds = look_embeds
        self.split = split
        self._pending: tuple[FloatArray, FloatArray, list[Image]] | None = None
        """A second look's (boxes, detector features, crops) waiting for the next frame."""

    def reset(self) -> None:
        """Another scene (a camera moved, another view): a waiting second look is dropped."""
        self._pending = None

    def _score(self, crops: list[Image], features: FloatArray) -> tuple[FloatArray, FloatArray]:
        """[objects, boxes] scores and classifier probabilities (before the checks)."""
        finder = self.finder
        embedded = finder.embed(crops)
        vectors = np.asarray(np.concatenate([embedded, features], axis=1) / np.sqrt(2), np.float32)
        probability = np.stack([m.probability(vectors) for m in finder.models.values()])
        return finder.table(vectors), probability

    def scores(
        self, frame: Image, proposals: FloatArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """[objects, boxes] scores and the boxes: the first pass's proposals, then the second
        look's when it was scored (no object reached the threshold)."""
        finder = self.finder
        boxes = finder.propose(frame) if proposals is None else proposals
        if finder.regions is None or not finder.models or not len(boxes):
            self._pending = None
            return finder.scores(frame, boxes)  # the finder as it is
        boxes = np.asarray(boxes[: self.first_embeds], np.float32).reshape(-1, 4)
        crops = [crop(frame, box, CROP) for box in boxes]
        table, probability = self._score(crops, finder.regions(frame, boxes))
        if self.look is None or table.max() >= finder.min_probability:
            self._pending = None
            return table, boxes
        if self._pending is None:
            best = boxes[int(np.argmax(probability.max(axis=0)))]
            near, features = self.look(frame, region_around(frame.shape, best), self.look_embeds)
            if not len(near):
                return table, boxes
            self._pending = (near, features, [crop(frame, box, CROP) for box in near])
            if self.split:
                return table, boxes
        near, features, crops = self._pending
        self._pending = None
        more, _probability = self._score(crops, features)
        return np.concatenate([table, more], axis=1), np.concatenate([boxes, near])

    def find(self, frame: Image, proposals: FloatArray | None = None) -> list[Detection]:
        table, boxes = self.scores(frame, proposals)
        return finds(self.finder.models, table, boxes, self.finder.min_probability)
