"""Watch every configured camera at once (the desktop app's background service).

One :class:`CameraWatcher` thread per enabled camera, all sharing one detector (onnxruntime
sessions are safe to call from several threads) and the app's database. ``stop()`` asks every
source to end after its current frame and waits for the threads.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from ..core.errors import HomebodyError
from .watcher import CameraWatcher, WatchStats

if TYPE_CHECKING:
    from ..app_context import AppContext
    from .detectors.base import Detector

log = logging.getLogger(__name__)


class VisionService:
    def __init__(
        self, app: AppContext, detector: Detector | None = None, *, wait_for_cameras: bool = False
    ) -> None:
        """``wait_for_cameras``: keep retrying a network camera or webcam that cannot be opened
        at the start (as for one that drops) instead of reporting it and moving on."""
        self.app = app
        self.wait_for_cameras = wait_for_cameras
        self._detector = detector
        self.watchers: dict[str, CameraWatcher] = {}
        self.stats: dict[str, WatchStats] = {}
        self.errors: dict[str, HomebodyError] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self, max_frames: int | None = None) -> list[str]:
        """Start watching every enabled camera; returns their names. Already running: nothing
        changes; after :meth:`stop` it starts afresh with the current settings."""
        with self._lock:
            if self.running():
                return list(self.watchers)
            self.watchers, self.stats, self.errors, self._threads = {}, {}, {}, []
            return self._start(max_frames)

    def _start(self, max_frames: int | None) -> list[str]:
        cameras = [c for c in self.app.settings.vision.cameras if c.enabled]
        if not cameras:
            return []
        if self._detector is None:
            # lazy: start-up speed (.catalog loads only when _start() runs)
            from .catalog import open_detector

            self._detector = open_detector(self.app)
        for camera in cameras:
            watcher = CameraWatcher(
                self.app, camera, self._detector, wait_for_camera=self.wait_for_cameras
            )
            self.watchers[camera.name] = watcher
            thread = threading.Thread(
                target=self._run,
                args=(watcher, max_frames),
                name=f"camera-{camera.name}",
                daemon=True,
            )
            self._threads.append(thread)
            thread.start()
        return [c.name for c in cameras]

    def _run(self, watcher: CameraWatcher, max_frames: int | None) -> None:
        name = watcher.camera.name
        try:
            self.stats[name] = watcher.run(max_frames=max_frames)
        except HomebodyError as exc:  # a camera that cannot start must not stop the others
            log.info("camera %s stopped: %s", name, exc)  # its health line told the user
            self.errors[name] = exc
        except Exception as exc:  # a bug in one camera's loop must not stop the others either
            log.exception("camera %s stopped", name)
            self.errors[name] = HomebodyError(f"stopped: {exc}")

    def wait(self, timeout: float | None = None) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def error_lines(self) -> list[str]:
        """``"kitchen: cannot connect"`` for each camera that stopped with an error."""
        return [f"{name}: {exc.message}" for name, exc in self.errors.items()]

    def request_stop(self) -> None:
        """Ask every camera to stop after its current frame; returns at once."""
        for watcher in self.watchers.values():
            watcher.stop()

    def stop(self, timeout: float = 10.0) -> None:
        self.request_stop()
        self.wait(timeout)

    def close(self) -> None:
        self.stop()
