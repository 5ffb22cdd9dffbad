"""Find taught objects with learned image features: proposals -> embeddings -> a classifier each.

Per frame: the detector's class-agnostic proposals (its most object-like boxes of any class,
from the same network run as the detections) are cut out as small square crops
(:data:`CROP` px, :func:`.teach_samples.crop`), embedded in one batch by EfficientNet-Lite0
(:class:`.embedder.ImageEmbedder`, ImageNet features) and scored by each taught object's
logistic-regression classifier, weighted a little by the proposal's rank
(:data:`RANK_WEIGHT`); its :data:`VERIFIED` best proposals are checked against their nearest
teaching crops (:meth:`TaughtModel.neighbour_share`) and against the teaching photos of every
taught object (:meth:`LearnedFinder.photo_gate`: it must look more like this object's photos
than any other's), and the best proposal whose combined score reaches :data:`MIN_PROBABILITY`
is a find.

Teaching (:meth:`LearnedFinder.teach`): the object is cut out of its 3-10 photos and placed
on background frames (:func:`.teach_samples.paste`), positives are crops around it, negatives
are proposals elsewhere on those frames and plain background crops; the other taught
objects' positives are negatives too, so "keys" and "wallet" are told apart. Only the crops'
embeddings are kept (no pixels), in :class:`TaughtModel`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .detectors.base import Detection
from .geometry import FloatArray, Image, iou_matrix
from .teach_neighbours import SharedBank, looks
from .teach_samples import crop, cutout, jitter, object_box, paste

CROP = 96
"""Side of the square crop each proposal is embedded at, in pixels."""
PROPOSALS = 12
"""Proposals embedded per frame (the detector's most object-like boxes)."""
TEACH_PROPOSALS = 30
"""Proposals asked for on the frames teaching pastes the object on (negatives among them)."""
RANK_WEIGHT = 0.3
"""A proposal's score is its probability times ``1 - RANK_WEIGHT * rank / limit``: the
detector's more object-like boxes are favoured a little (bench.vision_teach, held out: recall
0.42 -> 0.50, precision 0.83 -> 0.80)."""
MIN_PROBABILITY = 0.28
"""A find needs this score: the threshold ``python -m bench.vision_teach`` chose on its dev
views for the finder as shipped (with the photo check), teaching seed 0 (0.282: precision
>= 0.95 there)."""
NEIGHBOURS = 10
"""A candidate's nearest teaching crops (cosine) asked whether it is the object."""
VERIFIED = 2
"""Each object's best proposals (by its classifier) checked by their neighbours; the others
score 0. Score = sqrt(classifier probability x share of the neighbours that are the object's
crops) (bench.vision_teach, 20 dev views per kind: recall at precision >= 0.95 0.41 -> 0.51)."""
BANK_NEGATIVES = 600
"""The neighbours are looked up among the object's positives, the other objects' positives
and its this many hardest negatives (highest classifier probability): time per frame."""
UNSURE = 0.05
"""Proposals the classifier gives less than this are not checked (score 0): their score
could not reach any useful threshold."""
PHOTO_STEP = 0.05
"""Width of :meth:`LearnedFinder.photo_gate`'s step (0.05 and 0.1 alike on the dev views)."""
SCENES = 120
"""Pasted scenes per taught object."""
NEGATIVES_PER_SCENE = 8
POSITIVES_PER_SCENE = 3
"""The pasted box and 2 moved copies of it."""
PHOTO_VIEWS = 2
"""Positives per teaching photo taken from the photo itself (as it is and mirrored)."""
JITTER = 0.15
"""Positive crops are the pasted box moved and resized by up to this share (like a proposal)."""

Embed = Callable[[list[Image]], FloatArray]
Propose = Callable[[Image], FloatArray]
Regions = Callable[[Image, FloatArray], FloatArray]
"""(frame, boxes) -> unit vectors of the detector's own features in those boxes
(:meth:`.detector_features.FeatureDetector.at`)."""


@dataclass
class TaughtModel:
    """What is kept of a taught object: crop embeddings (no pixels) and its classifier."""

    name: str
    positives: FloatArray
    negatives: FloatArray
    weights: FloatArray | None = None
    bias: float = 0.0
    others: FloatArray | None = None
    """The other taught objects' positives (:meth:`set_others`, by :meth:`LearnedFinder.refit`)."""
    photos: int = 0
    """The first this many positives are the teaching photos themselves (each and mirrored),
    not pasted scenes: :meth:`LearnedFinder.photo_gate` compares candidates with them."""
    _bank: FloatArray | None = field(default=None, repr=False, compare=False)

    def set_others(self, others: FloatArray | None) -> None:
        """Set after the classifier is fitted: the hardest negatives are chosen by it."""
        self.others, self._bank = others, None

    def photo_vectors(self) -> FloatArray:
        """The teaching photos' vectors, unit length."""
        rows = np.asarray(self.positives[: self.photos], np.float32)
        return np.asarray(
            rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9), np.float32
        )

    def probability(self, vectors: FloatArray) -> FloatArray:
        if self.weights is None:
            return np.zeros(len(vectors), np.float32)
        z = np.clip(vectors @ self.weights + self.bias, -30, 30)
        return np.asarray(1 / (1 + np.exp(-z)), dtype=np.float32)

    def neighbour_share(self, vectors: FloatArray, k: int = NEIGHBOURS) -> FloatArray:
        """For each vector, the share of its ``k`` nearest teaching vectors (cosine, on the
        crop embedding's part: :func:`.teach_neighbours.looks`) that are this object's
        positives, not negatives or other objects. (:class:`.teach_neighbours.SharedBank`
        answers the same for every object at once, per frame.)"""
        if self._bank is None:
            hardest = np.argsort(-self.probability(self.negatives))[:BANK_NEGATIVES]
            parts = [self.positives, self.negatives[np.sort(hardest)]]
            if self.others is not None:
                parts.append(self.others)
            self._bank = looks(np.concatenate(parts))
        bank = self._bank
        k = min(k, len(bank))
        if not len(vectors) or k == 0:
            return np.zeros(len(vectors), np.float32)
        similarity = looks(vectors) @ bank.T
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        return np.asarray((nearest < len(self.positives)).mean(axis=1), np.float32)


def fit(positives: FloatArray, negatives: FloatArray, c: float = 0.1) -> tuple[FloatArray, float]:
    """Logistic regression (balanced classes, L2) on standardised vectors, folded back into
    (weights, bias) for the raw vectors."""
    # lazy: start-up speed (sklearn.linear_model loads only when fit() runs)
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([positives, negatives])
    y = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    model.fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    return np.asarray(weights, np.float32), float(model.intercept_[0] - mean @ weights)


def teaching_vectors(
    photos: Sequence[Image],
    backgrounds: Sequence[Image],
    propose: Propose,
    describe: Regions,
    rng: np.random.Generator,
    scenes: int | None = None,
) -> tuple[FloatArray, FloatArray]:
    """(positive, negative) vectors (``describe``: frame, boxes -> vectors) of boxes on the
    object's photos and on them pasted on ``backgrounds``. Each frame's boxes are described
    right after it is proposed on (the detector's features of that run are reused)."""
    items = [cutout(p, propose(p)) for p in photos]
    out: dict[bool, list[FloatArray]] = {True: [], False: []}

    def add(frame: Image, boxes: Any, positive: bool) -> None:
        if len(boxes):
            out[positive].append(describe(frame, np.asarray(boxes, np.float32).reshape(-1, 4)))

    for photo in photos:  # the photos themselves (first: TaughtModel.photos), framed as a
        # proposal would be; PHOTO_VIEWS rows each
        for flip in (photo, np.ascontiguousarray(photo[:, ::-1])):
            add(flip, [object_box(flip, propose(flip))], True)
    for n in range(SCENES if scenes is None else scenes):
        background = backgrounds[n % len(backgrounds)]
        frame, box = paste(background, items[n % len(items)], rng, cover=rng.random() < 0.3)
        boxes = propose(frame)
        moved = [jitter(box, rng, JITTER) for _ in range(POSITIVES_PER_SCENE - 1)]
        add(frame, [box, *moved], True)
        if len(boxes):
            far = iou_matrix(boxes, np.array([box], np.float32))[:, 0] < 0.1
            add(frame, boxes[far][:NEGATIVES_PER_SCENE], False)
    for background in backgrounds:  # the frames as they are: every proposal is a negative
        add(background, propose(background)[:PROPOSALS], False)
    positives = np.concatenate(out[True])
    return positives, np.concatenate(out[False]) if out[False] else positives[:0]


class LearnedFinder:
    def __init__(
        self,
        embed: Embed,
        propose: Propose,
        min_probability: float = MIN_PROBABILITY,
        limit: int = PROPOSALS,
        regions: Regions | None = None,
        photo_check: bool = True,
    ) -> None:
        self.embed = embed
        self.photo_check = photo_check
        """With it, a candidate must look more like this object's teaching photos than like
        any other object's (:meth:`photo_gate`); without it, the finder as it was before."""
        self.propose = propose
        self.regions = regions
        """With it, a box's vector is its crop's embedding and the detector's features there,
        side by side (bench.vision_teach, dev views: recall at precision >= 0.95
        0.55 -> 0.58)."""
        self.min_probability = min_probability
        self.limit = limit
        """At most this many proposals are embedded per frame (the first ones given)."""
        self.models: dict[str, TaughtModel] = {}
        self._bank: tuple[list[tuple[str, TaughtModel, Any]], SharedBank] | None = None

    def add(
        self, name: str, photos: Sequence[Image], backgrounds: Sequence[Image], seed: int = 0
    ) -> TaughtModel:
        """Embed ``name``'s teaching crops (call :meth:`refit` after the last one)."""
        if not photos:
            raise ValueError("teaching needs at least one photo of the object")
        seed += zlib.crc32(name.encode())
        rng = np.random.default_rng(seed)
        positives, negatives = teaching_vectors(
            photos, backgrounds or list(photos), self.propose, self.vectors, rng
        )
        model = TaughtModel(name, positives, negatives, photos=PHOTO_VIEWS * len(photos))
        self.models[name] = model
        return model

    def teach(
        self, name: str, photos: Sequence[Image], backgrounds: Sequence[Image], seed: int = 0
    ) -> TaughtModel:
        model = self.add(name, photos, backgrounds, seed)
        self.refit()
        return model

    def refit(self) -> None:
        """Train every object's classifier against its negatives and the others' positives."""
        for model in self.models.values():
            others = [m.positives for m in self.models.values() if m is not model]
            model.weights, model.bias = fit(
                model.positives, np.concatenate([model.negatives, *others])
            )
            model.set_others(np.concatenate(others) if others else None)

    def vectors(self, frame: Image, boxes: FloatArray) -> FloatArray:
        """One unit vector per box: the crop's embedding [and the detector's features]."""
        embedded = self.embed([crop(frame, box, CROP) for box in boxes])
        if self.regions is None:
            return embedded
        both = np.concatenate([embedded, self.regions(frame, boxes)], axis=1)
        return np.asarray(both / np.sqrt(2), np.float32)

    def forget(self, name: str) -> None:
        if self.models.pop(name, None) is not None and self.models:
            self.refit()

    def scores(self, frame: Image, proposals: FloatArray) -> tuple[FloatArray, FloatArray]:
        """[objects, proposals] probabilities and the proposals, for ``frame``."""
        boxes = np.asarray(proposals[: self.limit], np.float32).reshape(-1, 4)
        if not len(boxes) or not self.models:
            return np.zeros((len(self.models), len(boxes)), np.float32), boxes
        return self.table(self.vectors(frame, boxes)), boxes

    def table(self, vectors: FloatArray) -> FloatArray:
        """[objects, proposals] scores of the proposals' vectors (in the detector's order)."""
        prior = 1 - RANK_WEIGHT * np.arange(len(vectors), dtype=np.float32) / self.limit
        ranked = np.stack([m.probability(vectors) * prior for m in self.models.values()])
        chosen = [best[row[best] >= UNSURE] for row in ranked
                  for best in [np.argsort(-row)[:VERIFIED]]]  # fmt: skip
        checked = np.unique(np.concatenate(chosen)).astype(np.int64)
        bank = self._shared_bank()
        similarity = bank.similarity(vectors[checked])
        table = np.zeros((len(self.models), len(vectors)), np.float32)
        for n, (name, best) in enumerate(zip(self.models, chosen, strict=True)):
            share = bank.share(name, similarity[np.searchsorted(checked, best)], NEIGHBOURS)
            table[n, best] = np.sqrt(ranked[n, best] * share)
        if self.photo_check and len(checked):
            table[:, checked] *= self.photo_gate(vectors[checked])
        return table

    def photo_gate(self, vectors: FloatArray) -> FloatArray:
        """[objects, len(vectors)] 0..1: how much more each vector looks like the object's
        own teaching photos (their crops, the nearest one, cosine on the whole vector) than
        like the nearest photo of any other taught object; a logistic step of width
        :data:`PHOTO_STEP` around "as alike". The classifier and the neighbours are trained
        on pasted scenes, where a glasses frame seen from the side can look more like keys;
        the photos themselves settle it (bench.vision_teach_dev, 20 dev views per kind, three
        teaching seeds: recall at precision >= 0.95 0.49 -> 0.60)."""
        unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        alike = np.stack([
            (unit @ m.photo_vectors().T).max(axis=1) if m.photos else np.full(len(unit), -1.0)
            for m in self.models.values()
        ])  # fmt: skip
        if len(alike) == 1:
            return np.ones_like(alike)
        others = np.stack([np.delete(alike, n, axis=0).max(axis=0) for n in range(len(alike))])
        margin = np.clip((alike - others) / PHOTO_STEP, -30, 30)
        return np.asarray(1 / (1 + np.exp(-margin)), np.float32)

    def _shared_bank(self) -> SharedBank:
        """Rebuilt when a model is added, dropped or refitted (its hardest negatives change)."""
        key = [(name, m, m.weights) for name, m in self.models.items()]
        old = self._bank[0] if self._bank is not None else []
        same = len(old) == len(key) and all(
            a[0] == b[0] and a[1] is b[1] and a[2] is b[2] for a, b in zip(old, key, strict=True)
        )
        if self._bank is None or not same:
            self._bank = (key, SharedBank(self.models, BANK_NEGATIVES))
        return self._bank[1]

    def find(self, frame: Image, proposals: FloatArray | None = None) -> list[Detection]:
        boxes = self.propose(frame) if proposals is None else proposals
        table, boxes = self.scores(frame, boxes)
        return finds(self.models, table, boxes, self.min_probability)


def finds(
    models: Mapping[str, TaughtModel], table: FloatArray, boxes: FloatArray, threshold: float
) -> list[Detection]:
    """Each object's best box when its score reaches ``threshold``."""
    out = []
    for name, row in zip(models, table, strict=True):
        if len(row) and row.max() >= threshold:
            best = int(np.argmax(row))
            x1, y1, x2, y2 = (float(v) for v in boxes[best])
            out.append(Detection(name, float(row[best]), (x1, y1, x2, y2)))
    return out
