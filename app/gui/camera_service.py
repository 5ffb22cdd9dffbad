"""The Where-is page's handle on the cameras: the process's one vision service.

Watching runs in :class:`pipelines.vision.service.VisionService` (one detector shared by every
enabled camera, one thread per camera), reached through :func:`pipelines.services.services`;
this adapter gives the pages the shape they read (``running``, ``errors``, ``start()`` ->
count). It is registered as ``app.services["cameras"]`` so the privacy kill switch can stop
it. Qt-free.
"""

from __future__ import annotations

from typing import Any

from pipelines.services import services


class CameraService:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.vision = services(app).vision()

    @property
    def running(self) -> bool:
        return self.vision.running()

    @property
    def errors(self) -> list[str]:
        return self.vision.error_lines()

    @property
    def watchers(self) -> list[Any]:
        return list(self.vision.watchers.values())

    def start(self) -> int:
        """Start watching every enabled camera; returns how many are watched.

        Raises ModelNotInstalledError / DeviceError with the user-facing reason."""
        return len(self.vision.start())

    def stop(self, timeout: float = 5.0) -> None:
        self.vision.stop(timeout)

    def close(self) -> None:
        self.stop()
