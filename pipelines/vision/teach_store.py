"""Taught objects' learned models on disk, trained from the stored reference photos.

``homebody vision teach`` / the GUI keep each object's photos (:class:`.teach.TaughtObjects`).
The first camera frame a watcher analyses after that trains the object's classifier
(:class:`.teach_learned.LearnedFinder`) with this camera's frame as background, and saves it
beside the photos as ``learned.npz`` (crop embeddings and weights; no pixels), so a restart
does not train again. The file remembers which photos it was trained from: teaching more
photos retrains it; forgetting the object (or deleting "Taught objects" on the privacy page)
removes the folder with it.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .geometry import Image
from .teach import FOLDER, LEARNED_FILE, TaughtObjects
from .teach_learned import Embed, LearnedFinder, Propose, Regions, TaughtModel
from .teach_look import Look, LookingFinder

log = logging.getLogger(__name__)
FEATURES = {False: "efficientnet-lite0", True: "efficientnet-lite0+yolox-head-2x2"}


def model_path(data_dir: Path, name: str) -> Path:
    return data_dir / FOLDER / re.sub(r"[^\w-]+", "_", name) / LEARNED_FILE


def save(
    path: Path, model: TaughtModel, trained_from: Sequence[int], backgrounds: int, features: str
) -> None:
    """Vectors as float16 (half the size; the classifier does not notice)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.npz")
    np.savez(tmp, positives=model.positives.astype(np.float16),
             negatives=model.negatives.astype(np.float16),
             trained_from=np.asarray(sorted(trained_from), np.int64),
             backgrounds=np.asarray(backgrounds, np.int64),
             photos=np.asarray(model.photos, np.int64),
             features=np.asarray(features))  # fmt: skip
    tmp.replace(path)


def load(path: Path, name: str, features: str) -> tuple[TaughtModel, list[int], int] | None:
    """The stored model, or None when it is damaged or made of other features."""
    try:
        with np.load(path) as data:
            stored = str(data["features"]) if "features" in data.files else ""
            if stored != features:
                log.info("Retraining %s: its stored vectors are of other features", name)
                return None
            if "photos" not in data.files:
                log.info("Retraining %s: stored before the photo check", name)
                return None
            model = TaughtModel(name, data["positives"].astype(np.float32),
                                data["negatives"].astype(np.float32),
                                photos=int(data["photos"]))  # fmt: skip
            return model, [int(v) for v in data["trained_from"]], int(data["backgrounds"])
    except (OSError, KeyError, ValueError, zlib.error) as exc:
        log.warning("Ignoring the damaged learned model %s (%s); it will be retrained", path, exc)
        return None


class LearnedTaught:
    """Keeps a :class:`LearnedFinder` in step with the taught objects in the database."""

    def __init__(
        self,
        taught: TaughtObjects,
        embed: Embed,
        propose: Propose,
        regions: Regions | None = None,
        look: Look | None = None,
    ) -> None:
        self.taught = taught
        self.finder = LearnedFinder(embed, propose, regions=regions)
        self.looking = LookingFinder(self.finder, look, split=True)
        """What finds the objects in a camera's frames: the finder's first pass and, with
        ``look`` (:meth:`.detector_zoom.RegionRun.look`), a magnified second look spread over
        two frames (one camera per :class:`.taught_step.TaughtStep`)."""
        self.features = FEATURES[regions is not None]
        """What the stored vectors are made of: a model stored with other ones is retrained."""
        self.data_dir = taught.folder.parent

    def sync(self, backgrounds: Sequence[Image]) -> list[str]:
        """Load or train a model for every taught object; drop forgotten ones. A stored model
        is used unless it was trained from other photos or fewer backgrounds. Returns the
        names trained now."""
        rows = self.taught.db.query("SELECT id, name FROM taught_objects ORDER BY id")
        wanted: dict[str, list[int]] = {}
        for row in rows:
            wanted.setdefault(row["name"], []).append(int(row["id"]))
        for name in [n for n in self.finder.models if n not in wanted]:
            self.finder.models.pop(name)
        trained = []
        for name, ids in wanted.items():
            path = model_path(self.data_dir, name)
            stored = load(path, name, self.features) if path.is_file() else None
            if stored is not None and stored[1] == sorted(ids) and stored[2] >= len(backgrounds):
                self.finder.models[name] = stored[0]
                continue
            photos = [r.image for r in self.taught.references() if r.name == name]
            if not photos:
                continue
            model = self.finder.add(name, photos, backgrounds)
            save(path, model, ids, len(backgrounds), self.features)
            trained.append(name)
        if self.finder.models:
            self.finder.refit()
        return trained
