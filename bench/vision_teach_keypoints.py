"""Today's keypoint matcher on the rendered views of ``python -m bench.vision_teach``."""

from __future__ import annotations

import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any


def score_keypoints(scenes: Path, labels: dict[str, Any], held: list[tuple[str, str, Any]],
                    protocol: str = "5 from above") -> dict[str, list[Any]]:  # fmt: skip
    """kind -> finds (view kind, view name, score, box or None) over the ``held`` views
    (bench/vision_teach_rendered.py's ``views_of(labels, "held")``)."""
    import cv2

    from bench.vision_teach_protocols import photos as protocol_photos
    from pipelines.core.errors import InputError
    from pipelines.core.storage import Database
    from pipelines.vision.teach import TaughtObjects
    from pipelines.vision.teach_samples import object_mask

    out: dict[str, list[Any]] = {}
    for kind in labels["views"]:
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(Path(tmp) / "t.sqlite3")
            taught = TaughtObjects(db, Path(tmp))
            crops = []
            for path in protocol_photos(scenes, kind, protocol):
                image = cv2.imread(str(path))
                x1, y1, x2, y2 = object_mask(image)[1]
                crops.append(image[y1:y2, x1:x2].copy())
            with suppress(InputError):  # too plain for keypoints: then it finds nothing
                taught.teach(kind, crops)
            rows: list[Any] = []
            for other, name, _view in held:
                found = taught.find(cv2.imread(str(scenes / "views" / other / name)))
                rows.append((other, name, 1.0, found[0].box if found else None))
            out[kind] = rows
            db.close()
    return out
