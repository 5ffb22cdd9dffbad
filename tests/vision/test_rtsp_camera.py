"""A real RTSP camera on 127.0.0.1: file -> stream -> detections -> memory -> ``homebody where``.

The camera is Debian's GStreamer RTSP server (tests/vision/rtsp_server.py, run by the system
python3, which has the GStreamer bindings) serving a Motion-JPEG video made from a real photo
at test time. ``homebody vision watch`` runs as its own process, exactly as a user starts it;
the server is killed, restarted and frozen (SIGSTOP) under it. The camera must come back
each time without restarting Homebody, Ctrl-C must end it promptly, and its terminal must show
only Homebody's own lines (no FFmpeg/OpenCV output).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"


def _gst_available() -> str:
    if not Path(SYSTEM_PYTHON).exists():
        return "no system python3"
    probe = (
        "import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0');"
        "from gi.repository import Gst, GstRtspServer; Gst.init(None);"
        "assert all(Gst.ElementFactory.find(e) for e in ('rtpjpegpay', 'jpegenc', 'decodebin'))"
    )
    done = subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, timeout=60)
    if done.returncode != 0:
        return (
            "GStreamer RTSP server missing (apt install python3-gi gir1.2-gst-rtsp-server-1.0 "
            "gstreamer1.0-plugins-base gstreamer1.0-plugins-good): "
            + done.stderr.decode(errors="replace")[-200:]
        )
    return ""


@pytest.fixture(scope="module")
def gstreamer() -> None:
    reason = _gst_available()
    if reason:
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_video(photo: Path, path: Path, seconds: int = 240, fps: int = 5) -> Path:
    """A Motion-JPEG AVI of a real photo with a moving bar (so frames differ)."""
    import cv2

    image = cv2.resize(cv2.imread(str(photo)), (480, 320))
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (480, 320))
    for i in range(seconds * fps):
        frame = image.copy()
        frame[0:6, (i * 7) % 480 : (i * 7) % 480 + 40] = 255
        writer.write(frame)
    writer.release()
    assert path.stat().st_size > 0
    return path


class RtspCamera:
    def __init__(self, video: Path, port: int) -> None:
        self.video, self.port = video, port
        self.url = f"rtsp://127.0.0.1:{port}/cam"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(HERE / "rtsp_server.py"), str(self.video), str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()
        assert line.startswith("ready"), line

    def signal(self, sig: int) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def camera(gstreamer: None, shared: Path, tmp_path: Path) -> Iterator[RtspCamera]:
    video = make_video(shared / "data/photos/permissive/skimage_coffee.png", tmp_path / "v.avi")
    cam = RtspCamera(video, free_port())
    cam.start()
    yield cam
    cam.kill()


def wait_for(what: str, check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def health(home: Path) -> dict[str, Any]:
    try:
        rows: dict[str, Any] = json.loads((home / "data/camera_health.json").read_text())
        return rows.get("kitchen", {})
    except (OSError, ValueError):
        return {}


def homebody(home: Path, *args: str, **kw: Any) -> Any:
    env = dict(os.environ, HOMEBODY_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args], env=env, capture_output=True, text=True,
        timeout=120, **kw,
    )  # fmt: skip


@pytest.mark.slow
def test_rtsp_camera_survives_kill_freeze_restart_and_answers_where(
    camera: RtspCamera, home: Path, shared: Path
) -> None:
    done = homebody(home, "models", "install", "yolox-nano", "--from", str(shared / "models"))
    assert done.returncode == 0, done.stderr
    env = dict(os.environ, HOMEBODY_HOME=str(home), PYTHONPATH=str(ROOT))
    watch = subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "vision", "watch", camera.url,
         "--camera-name", "kitchen"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for("the camera to start", lambda: health(home).get("state") == "watching")
        camera.kill()  # dropped: the server process is gone
        wait_for("no picture", lambda: health(home).get("state") == "no_picture")
        camera.start()  # restarted on the same port
        wait_for("picture back", lambda: "picture back" in health(home).get("text", ""))
        camera.signal(signal.SIGSTOP)  # frozen: connections stay open, nothing arrives
        wait_for("no picture (frozen)", lambda: health(home).get("state") == "no_picture")
        camera.signal(signal.SIGCONT)
        wait_for("picture back (thawed)", lambda: health(home).get("state") == "watching", 90)
        time.sleep(2)  # a few more frames
    finally:
        watch.send_signal(signal.SIGINT)
        out, err = watch.communicate(timeout=30)  # Ctrl-C ends it promptly, nothing hangs
    assert watch.returncode == 0, err
    assert "kitchen:" in out and "new sightings" in out, out
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert any("no picture for" in ln and "retrying" in ln for ln in lines), lines
    assert any("picture back after" in ln for ln in lines), lines
    foreign = [ln for ln in lines if not ln.startswith("kitchen camera: ")]
    assert not foreign, foreign  # nothing from FFmpeg, OpenCV or GStreamer

    where = homebody(home, "where", "cup")
    assert where.returncode == 0 and "kitchen camera" in where.stdout, where.stdout
    cameras = json.loads(homebody(home, "vision", "cameras", "--json").stdout)
    assert cameras == [] or all("kitchen" not in c["name"] for c in cameras)  # ad-hoc camera
    from pipelines.app_context import AppContext

    app = AppContext.create(guard=False)
    try:
        kinds = [e.kind for e in app.ledger.entries(newest_first=False)]
        assert kinds.count("camera_started") == 1 and kinds.count("camera_stopped") == 1
        assert not app.ledger.entries(kind="network_refused")
    finally:
        app.close()
