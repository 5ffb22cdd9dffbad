"""The object memory: where and when each kind of object was last seen.

One row per sighting episode in the ``sightings`` table: while an object stays put in front of
one camera, its row is refreshed (time, box, confidence) instead of adding rows; when it moves,
vanishes for a while or shows up elsewhere, a new row starts. Each new row gets a small
face-blurred thumbnail crop in ``<data>/thumbnails``; full frames are never written.
Rows and thumbnails expire after ``privacy.retention_days["sightings"/"thumbnails"]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import StorageError
from ..core.storage import Database
from .detectors.base import Detection
from .geometry import Image, point_in_polygon
from .privacy_crop import Face, FaceFinder, make_thumbnail

if TYPE_CHECKING:
    from ..privacy.ledger import Ledger

MIGRATIONS = [
    """
    CREATE TABLE sightings (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        first_ts REAL NOT NULL,
        label TEXT NOT NULL,
        camera TEXT NOT NULL,
        zone TEXT NOT NULL DEFAULT '',
        x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
        confidence REAL NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        thumbnail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX sightings_label_ts ON sightings(label, ts);
    CREATE INDEX sightings_ts ON sightings(ts);
    """
]
THUMBNAILS_DIR = "thumbnails"
DEFAULT_RETENTION_DAYS = 7
Zones = Mapping[str, Sequence[Sequence[float]]]


@dataclass(frozen=True)
class Sighting:
    id: int
    ts: float
    first_ts: float
    label: str
    camera: str
    zone: str
    box: tuple[float, float, float, float]
    """Relative to the frame (0..1): x1, y1, x2, y2."""
    confidence: float
    model: str
    thumbnail: Path | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ts": self.ts,
            "first_seen": self.first_ts,
            "label": self.label,
            "camera": self.camera,
            "zone": self.zone,
            "box": [round(v, 4) for v in self.box],
            "confidence": round(self.confidence, 4),
            "model": self.model,
            "thumbnail": str(self.thumbnail) if self.thumbnail else None,
        }


def zone_of(box: tuple[float, float, float, float], zones: Zones) -> str:
    """The first zone whose polygon holds the box's centre (relative coordinates)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for name, polygon in zones.items():
        if point_in_polygon(cx, cy, polygon):
            return name
    return ""


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


class ObjectMemory:
    def __init__(
        self,
        db: Database,
        data_dir: Path,
        ledger: Ledger | None = None,
        *,
        clock: Callable[[], float] = time.time,
        merge_s: float = 120.0,
        faces: FaceFinder | None = None,
    ) -> None:
        self.db = db
        self.folder = data_dir / THUMBNAILS_DIR
        self.ledger = ledger
        self.clock = clock
        self.merge_s = merge_s
        self.faces = faces or FaceFinder()
        self.pending_rows = 0
        self.pending_thumbnails = 0
        db.migrate("sightings", MIGRATIONS)

    # -- writing ------------------------------------------------------------------------------
    def record(
        self,
        camera: str,
        frame: Image,
        detections: Sequence[Detection],
        *,
        zones: Zones | None = None,
        model: str = "",
    ) -> list[Sighting]:
        """Remember the best detection of each label in ``frame``; returns the rows touched."""
        best: dict[str, Detection] = {}
        for det in detections:
            if det.label not in best or det.confidence > best[det.label].confidence:
                best[det.label] = det
        if not best:
            return []
        h, w = frame.shape[:2]
        now = self.clock()
        faces: list[Face] | None = None
        touched: list[int] = []
        for label, det in best.items():
            rel = (det.box[0] / w, det.box[1] / h, det.box[2] / w, det.box[3] / h)
            zone = zone_of(rel, zones or {})
            last = self.db.query(
                "SELECT id, ts, zone, x1, y1, x2, y2 FROM sightings "
                "WHERE label = ? AND camera = ? ORDER BY ts DESC LIMIT 1",
                (label, camera),
            )
            if (
                last
                and now - last[0]["ts"] <= self.merge_s
                and last[0]["zone"] == zone
                and _iou(rel, (last[0]["x1"], last[0]["y1"], last[0]["x2"], last[0]["y2"])) >= 0.3
            ):
                with self.db.transaction() as conn:
                    conn.execute(
                        "UPDATE sightings SET ts = ?, x1 = ?, y1 = ?, x2 = ?, y2 = ?, "
                        "confidence = ?, model = ? WHERE id = ?",
                        (now, *rel, det.confidence, model, last[0]["id"]),
                    )
                touched.append(int(last[0]["id"]))
                continue
            if faces is None:
                faces = self.faces.find(frame)
            thumb = make_thumbnail(frame, det.box, faces, is_person=label == "person")
            touched.append(
                self._insert(now, label, camera, zone, rel, det.confidence, model, thumb)
            )
        return self._rows(touched)

    def _insert(
        self,
        now: float,
        label: str,
        camera: str,
        zone: str,
        rel: tuple[float, float, float, float],
        confidence: float,
        model: str,
        thumb: Image,
    ) -> int:
        # lazy: start-up speed (cv2 loads only when _insert() runs)
        import cv2

        self.folder.mkdir(parents=True, exist_ok=True)
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO sightings(ts, first_ts, label, camera, zone, x1, y1, x2, y2, "
                "confidence, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, now, label, camera, zone, *rel, confidence, model),
            )
            row_id = int(cur.lastrowid or 0)
            name = f"{row_id}.jpg"
            if not cv2.imwrite(str(self.folder / name), thumb, [cv2.IMWRITE_JPEG_QUALITY, 80]):
                raise StorageError(f"Could not write a thumbnail to {self.folder}")
            conn.execute("UPDATE sightings SET thumbnail = ? WHERE id = ?", (name, row_id))
        self.pending_rows += 1
        self.pending_thumbnails += 1
        return row_id

    def flush_ledger(self) -> None:
        """Record what was written since the last flush (counts only) in the privacy ledger."""
        if self.ledger is not None and self.pending_rows:
            self.ledger.record("data_written", "sightings", items=self.pending_rows)
        if self.ledger is not None and self.pending_thumbnails:
            self.ledger.record("data_written", "thumbnails", items=self.pending_thumbnails)
        self.pending_rows = self.pending_thumbnails = 0

    # -- reading ------------------------------------------------------------------------------
    def _sighting(self, row: Any) -> Sighting:
        thumb = self.folder / row["thumbnail"] if row["thumbnail"] else None
        return Sighting(
            int(row["id"]),
            float(row["ts"]),
            float(row["first_ts"]),
            row["label"],
            row["camera"],
            row["zone"],
            (row["x1"], row["y1"], row["x2"], row["y2"]),
            float(row["confidence"]),
            row["model"],
            thumb if thumb is not None and thumb.is_file() else None,
        )

    def _rows(self, ids: Sequence[int]) -> list[Sighting]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.query(f"SELECT * FROM sightings WHERE id IN ({marks}) ORDER BY id", ids)
        return [self._sighting(r) for r in rows]

    def last_seen(self, label: str) -> Sighting | None:
        rows = self.db.query(
            "SELECT * FROM sightings WHERE label = ? ORDER BY ts DESC, id DESC LIMIT 1", (label,)
        )
        return self._sighting(rows[0]) if rows else None

    def history(self, label: str, limit: int = 20) -> list[Sighting]:
        rows = self.db.query(
            "SELECT * FROM sightings WHERE label = ? ORDER BY ts DESC LIMIT ?", (label, limit)
        )
        return [self._sighting(r) for r in rows]

    def labels(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT DISTINCT label FROM sightings ORDER BY label")]

    # -- forgetting ---------------------------------------------------------------------------
    def sweep(self, retention_days: Mapping[str, int], now: float | None = None) -> dict[str, int]:
        """Delete sightings and thumbnails older than their retention; remove orphan files."""
        now = self.clock() if now is None else now
        days_rows = retention_days.get("sightings", DEFAULT_RETENTION_DAYS)
        days_thumbs = retention_days.get("thumbnails", DEFAULT_RETENTION_DAYS)
        removed = {"sightings": 0, "thumbnails": 0}
        with self.db.transaction() as conn:
            if days_rows:
                cur = conn.execute("DELETE FROM sightings WHERE ts < ?", (now - days_rows * 86400,))
                removed["sightings"] = cur.rowcount
            if days_thumbs:
                conn.execute(
                    "UPDATE sightings SET thumbnail = '' WHERE ts < ?", (now - days_thumbs * 86400,)
                )
        keep = {
            r[0] for r in self.db.query("SELECT thumbnail FROM sightings WHERE thumbnail != ''")
        }
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.is_file() and path.name not in keep:
                    path.unlink(missing_ok=True)
                    removed["thumbnails"] += 1
        if self.ledger is not None:
            for category, count in removed.items():
                if count:
                    self.ledger.record("data_deleted", category, items=count, reason="retention")
        return removed
