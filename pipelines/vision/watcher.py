"""Watch one camera: frames -> sampling -> motion gate -> detector -> object memory.

Starting and stopping a camera, loading the model and writing sightings are recorded in the
privacy ledger; each analysed frame emits a ``detect`` END event with its latency and the
labels seen (never pixels) on the app's event bus.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..core.errors import EgressBlockedError, HomebodyError
from ..core.events import EventType, PipelineEvent
from ..core.settings_schema import CameraSettings
from ..privacy.hosts import configured_hosts
from .detectors.base import Detector
from .health import CameraHealth
from .memory import ObjectMemory
from .sampling import MotionGate, Sampler
from .source_kind import describe_source, source_kind
from .sources import FrameSource, check_stream_host
from .taught_step import TaughtStep
from .teach import TaughtObjects

if TYPE_CHECKING:
    from ..app_context import AppContext

LEDGER_FLUSH_S = 300.0
log = logging.getLogger(__name__)


@dataclass
class WatchStats:
    camera: str
    frames: int = 0
    sampled: int = 0
    analysed: int = 0
    detections: int = 0
    sightings: int = 0
    reconnects: int = 0
    detect_ms: list[float] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "camera": self.camera,
            "frames": self.frames,
            "sampled": self.sampled,
            "analysed": self.analysed,
            "skipped_no_motion": self.sampled - self.analysed,
            "detections": self.detections,
            "sightings_written": self.sightings,
            "reconnects": self.reconnects,
            "detect_ms_median": round(statistics.median(self.detect_ms), 2)
            if self.detect_ms
            else None,
            "labels": dict(sorted(self.labels.items())),
        }


def camera_for(app: AppContext, source: str, name: str | None = None) -> CameraSettings:
    """The configured camera with this name or source, or an ad-hoc one."""
    for camera in app.settings.vision.cameras:
        if (name and camera.name == name) or (not name and camera.source == source):
            if camera.source != source:
                return CameraSettings(
                    name=camera.name,
                    source=source,
                    sample_fps=camera.sample_fps,
                    zones=camera.zones,
                )
            return camera
    if not name:
        kind = source_kind(source)
        if kind in ("webcam", "stream"):
            name = describe_source(source)
        else:
            name = Path(source).expanduser().name or "camera"
    return CameraSettings(name=name, source=source)


class CameraWatcher:
    def __init__(
        self,
        app: AppContext,
        camera: CameraSettings,
        detector: Detector,
        memory: ObjectMemory | None = None,
        *,
        source: FrameSource | None = None,
        clock: Callable[[], float] = time.monotonic,
        wait_for_camera: bool = False,
    ) -> None:
        self.app = app
        self.camera = camera
        self.detector = detector
        self.memory = memory or ObjectMemory(app.db, app.paths.data_dir, app.ledger)
        self.source = source or FrameSource(
            camera.source,
            allowed_hosts=configured_hosts(app.settings),
            folder_interval=1.0 / camera.sample_fps if camera.sample_fps > 0 else 1.0,
            on_notice=self._notice,
            camera=camera.name,
            wait_for_camera=wait_for_camera,
        )
        self.health = CameraHealth(camera.name, app.paths.data_dir)
        self.taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
        self.step = TaughtStep(detector, self.taught, app.paths.models_dir)
        self.sampler = Sampler(camera.sample_fps)
        self.gate = MotionGate(app.settings.vision.motion_threshold)
        self.clock = clock
        self.stats = WatchStats(camera.name)

    def _notice(self, kind: str, data: dict[str, Any]) -> None:
        if kind in ("stream_connected", "stream_refused"):
            refused = kind == "stream_refused"
            self.app.ledger.record(
                "network_refused" if refused else "network_allowed",
                "network",
                host=data.get("host"),
                port=data.get("port"),
                camera=self.camera.name,
                operation="camera stream",
                reason="not a configured device" if refused else "lan-configured",
                **({"action": "camera decoder stopped"} if refused else {}),
            )
        line = self.health.update(kind, data)
        if line is not None:
            log.info("%s", line.text)
            data = {**data, "line": line.text, "state": line.state}
        self.app.bus.emit(
            PipelineEvent(
                EventType.NOTICE,
                "camera",
                time.time(),
                data={"event": kind, "camera": self.camera.name, **data},
            )
        )

    def stop(self) -> None:
        self.source.stop()

    def run(self, max_frames: int | None = None) -> WatchStats:
        """Watch until the source ends, :meth:`stop` is called or ``max_frames`` were read."""
        app, stats = self.app, self.stats
        self.memory.sweep(app.settings.privacy.retention_days)
        self.detector.prepare()
        try:
            self._check_stream()
            if not (self.source.live and self.source.wait_for_camera):
                self.source.open()
        except HomebodyError as exc:
            self._notice("camera_error", {"message": exc.message})
            raise
        app.ledger.record(
            "camera_started",
            "vision",
            camera=self.camera.name,
            source=describe_source(self.camera.source),
            model=self.detector.name,
        )
        self._notice("camera_started", {})
        last_flush = self.clock()
        try:
            for frame in self.source:
                stats.frames += 1
                if self.sampler.due(frame.timestamp):
                    stats.sampled += 1
                    if self.gate.changed(frame.image, frame.timestamp):
                        self._analyse(frame.image)
                if self.clock() - last_flush >= LEDGER_FLUSH_S:
                    self.memory.flush_ledger()
                    last_flush = self.clock()
                if max_frames is not None and stats.frames >= max_frames:
                    break
        finally:
            self.source.close()
            stats.reconnects = self.source.reconnects
            self.memory.flush_ledger()
            app.ledger.record(
                "camera_stopped",
                "vision",
                camera=self.camera.name,
                frames=stats.frames,
                analysed=stats.analysed,
                reconnects=stats.reconnects,
            )
            self._notice("camera_stopped", stats.to_dict())
        return stats

    def _check_stream(self) -> None:
        """OpenCV's own sockets bypass the egress guard: check and ledger the stream here."""
        if self.source.kind != "stream":
            return

        # lazy: start-up speed (..privacy.egress loads only when _check_stream() runs)
        from ..privacy.egress import is_loopback

        parts = urlsplit(self.camera.source)
        host = parts.hostname or ""
        try:
            check_stream_host(self.camera.source, configured_hosts(self.app.settings))
        except EgressBlockedError:
            self.app.ledger.record(
                "network_refused",
                "network",
                host=host,
                port=parts.port,
                operation="camera stream",
                reason="refused",
            )
            raise
        if not is_loopback(host):
            self.app.ledger.record(
                "network_allowed",
                "network",
                host=host,
                port=parts.port,
                operation="camera stream",
                reason="lan-configured",
            )

    def _analyse(self, image: Any) -> None:
        stats = self.stats
        t0 = time.perf_counter()
        detections = self.step(image)
        latency = (time.perf_counter() - t0) * 1000
        stats.analysed += 1
        stats.detections += len(detections)
        stats.detect_ms.append(latency)
        for det in detections:
            stats.labels[det.label] = stats.labels.get(det.label, 0) + 1
        written_before = self.memory.pending_rows
        self.memory.record(
            self.camera.name, image, detections, zones=self.camera.zones, model=self.detector.name
        )
        stats.sightings += self.memory.pending_rows - written_before
        self.app.bus.emit(
            PipelineEvent(
                EventType.END,
                "detect",
                time.time(),
                latency_ms=latency,
                data={"camera": self.camera.name, "labels": sorted({d.label for d in detections})},
            )
        )
