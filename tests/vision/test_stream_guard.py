"""Camera traffic under the privacy guard: streams are decoded in a watched child process.

A real HTTP camera on 127.0.0.1 answers "302 Found" pointing at this machine's own network
address (not loopback, not a configured device). The decoder follows the redirect; the
watch on its sockets must stop it, the ledger must record the refusal and the camera's health
line must say why. With that address configured the very same redirect is followed (so the
test can fail).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.core.errors import EgressBlockedError
from pipelines.core.settings_schema import CameraSettings
from pipelines.vision.health import load
from pipelines.vision.stream import StreamCapture, live_connections, name_servers
from pipelines.vision.watcher import CameraWatcher

from .test_watcher import FakeDetector


def lan_address() -> str:
    import psutil

    for addresses in psutil.net_if_addrs().values():
        for a in addresses:
            if a.family == socket.AF_INET and not a.address.startswith("127."):
                return str(a.address)
    pytest.skip("this machine has no non-loopback IPv4 address to redirect to")


def _serve(handler: type[BaseHTTPRequestHandler], host: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Mjpeg(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        import cv2

        self.send_response(200)
        self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
        self.end_headers()
        for i in range(400):
            _ok, jpg = cv2.imencode(".jpg", np.full((96, 128, 3), (i * 9) % 255, np.uint8))
            part = b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(jpg)
            try:
                self.wfile.write(part + jpg.tobytes() + b"\r\n")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)


@pytest.fixture
def redirecting_camera() -> Iterator[tuple[str, str]]:
    """(camera URL on 127.0.0.1, the LAN address it redirects to)."""
    lan = lan_address()
    target = _serve(Mjpeg, "0.0.0.0")
    location = f"http://{lan}:{target.server_address[1]}/video.mjpg"

    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    front = _serve(Redirect, "127.0.0.1")
    yield f"http://127.0.0.1:{front.server_address[1]}/cam", lan
    for server in (front, target):
        server.shutdown()
        server.server_close()


def _with_camera(app: Any, camera: CameraSettings, allowed: tuple[str, ...] = ()) -> None:
    privacy = replace(app.settings.privacy, allowed_hosts=allowed)
    vision = replace(app.settings.vision, cameras=(camera,))
    app.settings = replace(app.settings, vision=vision, privacy=privacy)


def test_redirect_to_an_unconfigured_address_is_stopped_and_recorded(
    app: Any, redirecting_camera: tuple[str, str]
) -> None:
    url, lan = redirecting_camera
    camera = CameraSettings(name="porch", source=url)
    _with_camera(app, camera)
    watcher = CameraWatcher(app, camera, FakeDetector())  # type: ignore[arg-type]
    with pytest.raises(EgressBlockedError, match=lan):
        watcher.run(max_frames=50)
    assert watcher.stats.analysed == 0  # not one frame from the foreign address was used
    refused = app.ledger.entries(kind="network_refused")
    assert refused and refused[0].detail["host"] == lan
    assert refused[0].detail["camera"] == "porch"
    assert refused[0].detail["operation"] == "camera stream"
    assert refused[0].detail["action"] == "camera decoder stopped"
    line = load(app.paths.data_dir)["porch"]
    assert line["state"] == "refused" and lan in line["text"], line
    assert live_connections() == []


def test_the_same_redirect_is_followed_when_the_address_is_a_configured_device(
    app: Any, redirecting_camera: tuple[str, str]
) -> None:
    url, lan = redirecting_camera
    camera = CameraSettings(name="porch", source=url)
    _with_camera(app, camera, allowed=(lan,))
    watcher = CameraWatcher(app, camera, FakeDetector())  # type: ignore[arg-type]
    stats = watcher.run(max_frames=8)
    assert stats.frames == 8
    assert not app.ledger.entries(kind="network_refused")
    allowed = app.ledger.entries(kind="network_allowed")
    assert any(e.detail.get("host") == lan and e.detail.get("camera") == "porch" for e in allowed)


def test_connections_are_listed_while_open_and_checked_against_devices(
    redirecting_camera: tuple[str, str],
) -> None:
    url, lan = redirecting_camera
    seen: list[str] = []
    capture = StreamCapture(url, [lan], notice=lambda kind, _d: seen.append(kind), camera="porch")
    try:
        ok, image = capture.read()
        assert ok and image.shape == (96, 128, 3)
        rows = [r for r in live_connections() if r["camera"] == "porch"]
        assert any(r["host"] == lan for r in rows), rows
        assert "stream_connected" in seen
        assert capture.permitted("127.0.0.1", 80) and capture.permitted(lan, 1234)
        assert not capture.permitted("203.0.113.7", 80)
        for server in name_servers():
            assert capture.permitted(server, 53) and not capture.permitted(server, 80)
    finally:
        capture.release()
    assert capture.process.poll() is not None  # the decoder is gone with the capture


def test_name_servers_from_resolv_conf(tmp_path: Path) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("# comment\nnameserver 10.0.0.1\nsearch lan\nnameserver fd00::1\n")
    assert name_servers(conf) == {"10.0.0.1", "fd00::1"}
    assert name_servers(tmp_path / "missing") == set()
