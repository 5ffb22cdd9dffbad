"""Vision: cameras -> detector -> "last seen" object memory ("where are my glasses?").

Modules: :mod:`.sources` (frame sources), :mod:`.sampling` (sampling + motion gate),
:mod:`.detectors` (ONNX detector plug-ins), :mod:`.memory` (sightings + thumbnails),
:mod:`.watcher` (one camera's loop), :mod:`.locate` (answers), :mod:`.cameras` (listing).
Heavy libraries (OpenCV, onnxruntime) are imported only where they are used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.settings_schema import Settings


def list_cameras(settings: Settings | None = None, *, probe: bool = False) -> list[dict[str, Any]]:
    """Configured and attached cameras (see :func:`pipelines.vision.cameras.list_cameras`)."""
    # lazy: start-up speed (.cameras loads only when list_cameras() runs)
    from .cameras import list_cameras as _list

    return _list(settings, probe=probe)
