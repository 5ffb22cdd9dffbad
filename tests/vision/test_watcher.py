"""One camera's loop: sampling, motion gate, detector, memory, events and the ledger."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.core.events import EventType, PipelineEvent
from pipelines.core.settings_schema import CameraSettings
from pipelines.vision.detectors.base import Detection
from pipelines.vision.watcher import CameraWatcher, camera_for


class FakeDetector:
    """Sees a cup wherever the frame is bright; counts calls."""

    name = "fake"
    calls = 0

    def prepare(self) -> None:
        pass

    def detect(self, image: Any) -> list[Detection]:
        self.calls += 1
        h, w = image.shape[:2]
        if image.mean() > 100:
            return [Detection("cup", 0.9, (w * 0.6, h * 0.6, w * 0.9, h * 0.9))]
        return []


def write_video(path: Path, frames: list[Any], fps: float = 10.0) -> None:
    import cv2

    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (w, h))
    for frame in frames:
        writer.write(frame)
    writer.release()


def test_video_is_sampled_and_still_frames_are_skipped(app: Any, tmp_path: Path) -> None:
    dark = np.full((120, 160, 3), 20, np.uint8)
    bright = np.full((120, 160, 3), 200, np.uint8)
    bright[10:30, 10:30] = 0
    write_video(tmp_path / "clip.avi", [dark] * 30 + [bright] * 30)  # 6 s at 10 frames/s
    events: list[PipelineEvent] = []
    app.bus.subscribe(events.append)
    desk = {"desk": [[0.5, 0.5], [1.0, 0.5], [1.0, 1.0], [0.5, 1.0]]}
    camera = CameraSettings(name="kitchen", source=str(tmp_path / "clip.avi"), sample_fps=2.0,
                            zones=desk)  # fmt: skip
    detector = FakeDetector()
    stats = CameraWatcher(app, camera, detector).run()  # type: ignore[arg-type]
    assert stats.frames == 60
    assert stats.sampled == 12  # 2 per second of video
    assert stats.analysed == 2 and detector.calls == 2  # first frame + the change
    assert stats.sightings == 1 and stats.labels == {"cup": 1}
    detect_events = [e for e in events if e.stage == "detect" and e.type is EventType.END]
    assert [e.data["labels"] for e in detect_events] == [[], ["cup"]]
    assert all(e.latency_ms is not None for e in detect_events)
    from pipelines.vision.memory import ObjectMemory

    seen = ObjectMemory(app.db, app.paths.data_dir).last_seen("cup")
    assert seen is not None and seen.camera == "kitchen" and seen.zone == "desk"
    kinds = [e.kind for e in app.ledger.entries(newest_first=False)]
    assert (
        kinds.index("camera_started") < kinds.index("data_written") < kinds.index("camera_stopped")
    )
    stopped = app.ledger.entries(kind="camera_stopped")[0].detail
    assert stopped == {"camera": "kitchen", "frames": 60, "analysed": 2, "reconnects": 0}


def test_frames_limit_stops_early(app: Any, tmp_path: Path, photos: dict[str, Path]) -> None:
    import shutil

    for name in ("coffee", "desk", "pizza"):
        shutil.copy(photos[name], tmp_path / photos[name].name)
    camera = CameraSettings(name="office", source=str(tmp_path))
    stats = CameraWatcher(app, camera, FakeDetector()).run(max_frames=2)  # type: ignore[arg-type]
    assert stats.frames == 2


def test_camera_for_uses_configured_settings(app: Any) -> None:
    configured = CameraSettings(name="kitchen", source="/srv/cam", sample_fps=0.5, zones={"a": []})
    app.settings = replace(app.settings, vision=replace(app.settings.vision, cameras=(configured,)))
    assert camera_for(app, "/srv/cam") == configured
    moved = camera_for(app, "/other", "kitchen")
    assert moved.source == "/other" and moved.sample_fps == 0.5 and moved.zones == {"a": []}
    assert camera_for(app, "/tmp/garage-photos").name == "garage-photos"


def test_unconfigured_stream_is_refused_and_ledgered(app: Any) -> None:
    import pytest

    from pipelines.core.errors import EgressBlockedError

    camera = CameraSettings(name="porch", source="rtsp://203.0.113.9:554/live")
    watcher = CameraWatcher(app, camera, FakeDetector())  # type: ignore[arg-type]
    with pytest.raises(EgressBlockedError):
        watcher.run()
    refused = app.ledger.entries(kind="network_refused")
    assert refused and refused[0].detail["host"] == "203.0.113.9"
    assert not app.ledger.entries(kind="camera_started")


def test_service_watches_every_configured_camera(
    app: Any, tmp_path: Path, photos: dict[str, Path]
) -> None:
    import shutil

    from pipelines.vision.service import VisionService

    cams = []
    for name, photo in (("kitchen", "coffee"), ("office", "desk")):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(photos[photo], folder / "frame.jpg")
        cams.append(CameraSettings(name=name, source=str(folder)))
    cams.append(CameraSettings(name="garage", source=str(tmp_path / "missing")))
    cams.append(CameraSettings(name="attic", source=str(tmp_path), enabled=False))
    app.settings = replace(app.settings, vision=replace(app.settings.vision, cameras=tuple(cams)))

    class AlwaysCup(FakeDetector):
        def detect(self, image: Any) -> list[Detection]:
            return [Detection("cup", 0.9, (10.0, 10.0, 60.0, 60.0))]

    service = VisionService(app, AlwaysCup())  # type: ignore[arg-type]
    assert service.start() == ["kitchen", "office", "garage"]
    service.wait(30)
    assert {n: s.frames for n, s in service.stats.items()} == {"kitchen": 1, "office": 1}
    assert "does not exist" in service.errors["garage"].message
    from pipelines.vision.memory import ObjectMemory

    cameras = {s.camera for s in ObjectMemory(app.db, app.paths.data_dir).history("cup")}
    assert cameras == {"kitchen", "office"}
