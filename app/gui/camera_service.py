"""Run the configured cameras' watchers on background threads while the user wants them.

Each enabled camera gets a :class:`pipelines.vision.watcher.CameraWatcher` on its own daemon
thread; stopping asks every watcher to stop and waits briefly. The service is registered as
``app.services["cameras"]`` so the privacy kill switch can stop it. Qt-free.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)


class CameraService:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.watchers: list[Any] = []
        self.threads: list[threading.Thread] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self.threads)

    def start(self) -> int:
        """Start watching every enabled camera; returns how many started.

        Raises ModelNotInstalledError / DeviceError with the user-facing reason.
        """
        from pipelines.vision.catalog import open_detector
        from pipelines.vision.watcher import CameraWatcher

        with self._lock:
            if self.running:
                return len(self.threads)
            cameras = [c for c in self.app.settings.vision.cameras if c.enabled]
            self.watchers, self.threads, self.errors = [], [], []
            for camera in cameras:
                detector = open_detector(self.app)
                # a camera that is off when Homebody starts is retried ("cannot connect, retrying")
                watcher = CameraWatcher(self.app, camera, detector, wait_for_camera=True)
                thread = threading.Thread(
                    target=self._run, args=(watcher,), name=f"camera-{camera.name}", daemon=True
                )
                self.watchers.append(watcher)
                self.threads.append(thread)
                thread.start()
            return len(self.threads)

    def _run(self, watcher: Any) -> None:
        try:
            watcher.run()
        except Exception as exc:  # reported to the page through errors + a NOTICE event
            message = getattr(exc, "message", str(exc))
            log.warning("camera %s stopped: %s", watcher.camera.name, message)
            self.errors.append(f"{watcher.camera.name}: {message}")

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            for watcher in self.watchers:
                watcher.stop()
            for thread in self.threads:
                thread.join(timeout)

    def close(self) -> None:
        self.stop()
