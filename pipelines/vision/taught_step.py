"""The watcher's detection step with taught objects: detector + learned finder + keypoints.

With no taught objects this is the detector alone. With some, the detector's run also yields
class-agnostic proposals (:meth:`.detectors.base.Detector.detect_and_propose`), which the
learned finder (:mod:`.teach_store`, :mod:`.teach_learned`) scores; an object the learned
finder did not find may still be found by the keypoint matcher (:mod:`.teach`) when that is
sure (a textured object seen flat). The learned models are trained on the first frame after
teaching, with that frame as background, and again as more frames of the room are kept
(:data:`BACKGROUNDS`); if the image-feature model cannot be loaded, the keypoint matcher
carries on alone and the reason is logged once.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..core.errors import HomebodyError, ModelError
from .detector_features import FeatureDetector
from .detector_zoom import RegionRun
from .detectors.base import Detection, Detector
from .detectors.yolox import YoloxDetector
from .geometry import FloatArray, Image
from .teach import TaughtObjects, taught_names
from .teach_learned import CROP, PROPOSALS, TEACH_PROPOSALS
from .teach_store import LearnedTaught

log = logging.getLogger(__name__)
KEYPOINT_SURE = 0.6
"""Keypoint finds at or above this confidence count when the learned finder found nothing."""
BACKGROUNDS = 4
"""Camera frames kept (in memory only) as teaching backgrounds: the room without the object,
most likely; proposals on them are the classifier's negatives."""
BACKGROUND_EVERY = 300
"""Every 300th analysed frame joins the backgrounds until there are :data:`BACKGROUNDS`."""
RETRAIN_AT = (1, 2, 4)
"""Models are retrained when this many backgrounds are kept (more negatives, fewer false
finds)."""


def features_of(detector: Detector) -> FeatureDetector | None:
    """The detector run that also yields its feature maps (YOLOX), or None: then the learned
    finder uses the crops' embeddings alone."""
    if not isinstance(detector, YoloxDetector):
        return None
    features = FeatureDetector(detector)
    try:
        features.detect_and_propose(np.zeros((32, 32, 3), np.uint8), 0)
    except ModelError as exc:
        log.info("Taught objects: no detector features (%s); crop embeddings alone", exc)
        return None
    return features


class TaughtStep:
    def __init__(
        self,
        detector: Detector,
        taught: TaughtObjects,
        models_dir: Path,
        *,
        background_every: int = BACKGROUND_EVERY,
    ) -> None:
        self.detector = detector
        self.taught = taught
        self.models_dir = models_dir
        self.background_every = background_every
        self._learned: LearnedTaught | None = None
        self._features: FeatureDetector | None = None
        self._learned_failed = False
        self._ids: list[int] = []
        self._backgrounds: list[Image] = []
        self._frames = 0

    @property
    def learned(self) -> LearnedTaught | None:
        """The learned finder once it is loaded (None before, or without the model)."""
        return self._learned

    def __call__(self, image: Image) -> list[Detection]:
        if not taught_names(self.taught.db):
            return self.detector.detect(image)
        rows = self.taught.db.query("SELECT id FROM taught_objects ORDER BY id")
        learned = self._sync([int(r["id"]) for r in rows], image)
        if learned is None:
            detections = self.detector.detect(image)
            found: list[Detection] = []
        else:
            run = self._features or self.detector
            detections, proposals = run.detect_and_propose(image, PROPOSALS)
            found = learned.looking.find(image, proposals)
        keypoints = self.taught.find(image)
        if learned is None:
            return [*detections, *keypoints]
        seen = {d.label for d in found}
        sure = [d for d in keypoints if d.label not in seen and d.confidence >= KEYPOINT_SURE]
        return [*detections, *found, *sure]

    def _sync(self, taught_ids: list[int], image: Image) -> LearnedTaught | None:
        if self._learned_failed or not isinstance(self.detector, Detector):
            return None  # a detector without proposals (e.g. a test double): keypoints only
        try:
            if self._learned is None:
                # lazy: start-up speed (.embedder loads only when _sync() runs)
                from .embedder import ImageEmbedder

                embedder = ImageEmbedder(self.models_dir, size=CROP)
                self._features = features_of(self.detector)
                run = self._features or self.detector

                def propose(frame: Image) -> FloatArray:
                    return run.detect_and_propose(frame, TEACH_PROPOSALS)[1]

                regions = look = None
                if self._features is not None:
                    regions, look = self._features.at, RegionRun(self._features).look
                self._learned = LearnedTaught(self.taught, embedder.embed, propose, regions, look)
            more = (
                len(self._backgrounds) < BACKGROUNDS and self._frames % self.background_every == 0
            )
            self._frames += 1
            if more:
                self._backgrounds.append(image.copy())
            if taught_ids != self._ids or (more and len(self._backgrounds) in RETRAIN_AT):
                trained = self._learned.sync(self._backgrounds)
                if trained:
                    log.info("Learned to find %s", ", ".join(trained))
                self._ids = taught_ids
        except (HomebodyError, OSError, ValueError) as exc:
            log.warning("Taught objects: learned features unavailable (%s); keypoints only", exc)
            self._learned_failed = True
            return None
        return self._learned
