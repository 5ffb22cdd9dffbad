"""A real RTSP camera for the tests: serves a video file on 127.0.0.1 as RTP/JPEG.

The file is decoded and re-encoded by GStreamer (jpegenc: RTP/JPEG needs baseline JPEG with
the standard Huffman tables, which not every MJPEG writer produces).

Runs under the *system* python3 (Debian's GStreamer bindings: python3-gi,
gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-base/good), not the app's virtualenv:

    /usr/bin/python3 tests/vision/rtsp_server.py VIDEO.avi PORT

Prints ``ready rtsp://127.0.0.1:PORT/cam`` once it listens. Each client gets the video from
its start (make it long enough for the test).
"""

from __future__ import annotations

import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main() -> int:
    video, port = sys.argv[1], sys.argv[2]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        f"( filesrc location={video} ! decodebin ! videoconvert ! jpegenc quality=90 "
        "! rtpjpegpay name=pay0 pt=26 )"
    )
    factory.set_shared(True)
    server.get_mount_points().add_factory("/cam", factory)
    if server.attach(None) == 0:
        print("cannot listen", flush=True)
        return 1
    print(f"ready rtsp://127.0.0.1:{port}/cam", flush=True)
    GLib.MainLoop().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
