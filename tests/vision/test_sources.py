"""Frame sources: one code path for folders, photos, video files, streams and webcams."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.core.errors import DeviceError, EgressBlockedError, InputError
from pipelines.vision.source_kind import describe_source, source_kind
from pipelines.vision.sources import Backoff, FrameSource, check_stream_host, open_capture


def write_images(folder: Path, count: int) -> None:
    import cv2

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        image = np.full((48, 64, 3), i * 40, dtype=np.uint8)
        assert cv2.imwrite(str(folder / f"{i:03d}.png"), image)


def test_source_kinds(tmp_path: Path) -> None:
    write_images(tmp_path / "cam", 1)
    assert source_kind("0") == "webcam"
    assert source_kind("rtsp://192.168.1.20:554/stream") == "stream"
    assert source_kind("http://cam.local/video.mjpg") == "stream"
    assert source_kind(str(tmp_path / "cam")) == "folder"
    assert source_kind(str(tmp_path / "cam" / "000.png")) == "image"
    assert source_kind(str(tmp_path / "clip.mp4")) == "video"


def test_describe_source_never_leaks_credentials_or_paths() -> None:
    assert describe_source("rtsp://admin:secret@192.168.1.20:554/live?token=x") == (
        "rtsp://192.168.1.20"
    )
    assert describe_source("/home/me/private/clip.mp4") == "video"


def test_folder_frames_in_name_order_with_timestamps(tmp_path: Path) -> None:
    write_images(tmp_path / "cam", 3)
    (tmp_path / "cam" / "notes.txt").write_text("not a photo")
    (tmp_path / "cam" / "broken.png").write_bytes(b"not a png")
    frames = list(FrameSource(str(tmp_path / "cam"), folder_interval=2.0))
    assert [f.index for f in frames] == [0, 1, 2]
    assert [f.timestamp for f in frames] == [0.0, 2.0, 4.0]
    assert [int(f.image[0, 0, 0]) for f in frames] == [0, 40, 80]


def test_video_file_frames_through_opencv(tmp_path: Path) -> None:
    import cv2

    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (64, 48))
    for i in range(12):
        writer.write(np.full((48, 64, 3), i * 20, dtype=np.uint8))
    writer.release()
    frames = list(FrameSource(str(path)))
    assert len(frames) == 12
    assert frames[5].timestamp == pytest.approx(0.5, abs=0.11)
    assert frames[0].image.shape == (48, 64, 3)


def test_missing_and_empty_sources_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no photos"):
        open_capture(str(tmp_path / "empty"))
    with pytest.raises(InputError, match="does not exist"):
        open_capture(str(tmp_path / "missing.mp4"))


def test_stream_hosts_must_be_configured() -> None:
    assert check_stream_host("rtsp://127.0.0.1:8554/cam", ()) == "127.0.0.1"
    assert check_stream_host("rtsp://192.168.1.20/cam", ["192.168.1.20"]) == "192.168.1.20"
    with pytest.raises(EgressBlockedError, match="not in your settings"):
        check_stream_host("http://203.0.113.5/video.mjpg", ["192.168.1.20"])


def test_unconfigured_stream_is_refused_before_opencv_opens_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cv2

    opened: list[str] = []
    monkeypatch.setattr(cv2, "VideoCapture", lambda *a, **k: opened.append(str(a)))
    with pytest.raises(EgressBlockedError):
        open_capture("rtsp://198.51.100.7/live", allowed_hosts=["192.168.1.20"])
    assert opened == []


def test_unreachable_local_stream_is_a_device_error() -> None:
    import socket

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DeviceError, match="Cannot open"):
        open_capture(f"http://127.0.0.1:{port}/video.mjpg")


class FlakyCapture:
    """A live camera that delivers ``frames`` frames, then drops."""

    def __init__(self, frames: int) -> None:
        self.left = frames

    def read(self) -> tuple[bool, Any]:
        if self.left <= 0:
            return False, None
        self.left -= 1
        return True, np.zeros((8, 8, 3), dtype=np.uint8)

    def release(self) -> None:
        pass


def test_live_source_reconnects_with_exponential_backoff() -> None:
    opens: list[int] = []
    sleeps: list[float] = []
    plan = iter(["ok", "fail", "fail", "ok", "fail", "fail", "fail"])

    def opener(_source: str) -> FlakyCapture:
        opens.append(1)
        if next(plan) == "fail":
            raise DeviceError("camera unplugged")
        return FlakyCapture(2)

    notices: list[str] = []
    source = FrameSource(
        "0",
        opener=opener,
        sleep=sleeps.append,
        backoff=Backoff(1.0, 2.0, 30.0, max_attempts=3),
        on_notice=lambda kind, _data: notices.append(kind),
    )
    frames = list(source)
    assert len(frames) == 4  # 2 before the drop, 2 after reconnecting
    assert sleeps == [1.0, 2.0, 4.0, 1.0, 2.0, 4.0]  # second drop: three failed tries, give up
    assert source.reconnects == 1
    assert notices.count("camera_reconnected") == 1 and notices[-1] == "camera_lost"


def test_backoff_is_capped() -> None:
    assert [Backoff(1, 2, 5).delay(n) for n in (1, 2, 3, 4, 10)] == [1, 2, 4, 5, 5]


def test_stop_ends_iteration(tmp_path: Path) -> None:
    write_images(tmp_path / "cam", 5)
    source = FrameSource(str(tmp_path / "cam"))
    seen = []
    for frame in source:
        seen.append(frame.index)
        source.stop()
    assert seen == [0]


class MjpegCamera:
    """A real MJPEG-over-HTTP camera on 127.0.0.1 that serves ``per_connection`` frames and
    then drops the connection; after ``connections`` connections it goes away entirely."""

    def __init__(self, per_connection: int, connections: int) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        camera = self
        self.served = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                import time

                import cv2

                camera.served += 1
                if camera.served >= connections:
                    threading.Thread(target=camera.close, daemon=True).start()
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                for i in range(per_connection):
                    _ok, jpg = cv2.imencode(".jpg", np.full((120, 160, 3), 30 * i, np.uint8))
                    part = (
                        b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                        + str(len(jpg)).encode() + b"\r\n\r\n" + jpg.tobytes() + b"\r\n"
                    )  # fmt: skip
                    try:
                        self.wfile.write(part)
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(0.02)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/video.mjpg"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()  # refuse new connections at once


def test_http_stream_reconnects_then_gives_up_when_the_camera_is_gone() -> None:
    camera = MjpegCamera(per_connection=6, connections=2)
    notices: list[str] = []
    source = FrameSource(
        camera.url,
        backoff=Backoff(0.05, 2.0, 0.2, max_attempts=3),
        on_notice=lambda kind, _data: notices.append(kind),
    )
    frames = list(source)
    assert source.kind == "stream"
    assert 8 <= len(frames) <= 12  # two connections of 6 frames (the decoder may drop one)
    assert frames[0].image.shape == (120, 160, 3)
    assert source.reconnects == 1 and camera.served == 2
    assert notices[-1] == "camera_lost"


def test_a_camera_that_is_off_at_the_start_is_waited_for_when_asked() -> None:
    plan = iter(["fail", "fail", "ok"])

    def opener(_source: str) -> FlakyCapture:
        if next(plan, "fail") == "fail":  # after the two frames: gone for good
            raise DeviceError("camera off")
        return FlakyCapture(2)

    notices: list[str] = []
    source = FrameSource(
        "rtsp://127.0.0.1/cam",
        opener=opener,
        sleep=lambda _s: None,
        backoff=Backoff(1.0, 2.0, 30.0, max_attempts=3),
        on_notice=lambda kind, _data: notices.append(kind),
        wait_for_camera=True,
    )
    assert len(list(source)) == 2
    assert notices[0] == "camera_unreachable" and "camera_reconnected" in notices
    plan = iter(["fail"])
    with pytest.raises(DeviceError):  # without it (the CLI), an unreachable camera is an error
        list(FrameSource("rtsp://127.0.0.1/cam", opener=opener))
