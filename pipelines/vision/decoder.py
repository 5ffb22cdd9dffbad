"""The stream decoder child process: ``python -m pipelines.vision.decoder``.

Network cameras are decoded here, in a process of their own, not inside the app: OpenCV's
FFmpeg opens its own native sockets, which the app's Python egress guard cannot see. In a
child process the app can list those sockets (psutil) and stop the child when one goes to an
address that is not a configured device (:mod:`.stream`). FFmpeg's and OpenCV's own console
output goes to this process's stderr, which the app reads into its debug log, so nothing of
theirs reaches the user's terminal.

Protocol (binary, on stdin/stdout):
- stdin, first line: JSON ``{"url": ..., "timeout_ms": ...}`` (never on the command line,
  where other local users could read a camera password in the process list);
- then one byte per request: ``f`` = send the next frame (waits for one), ``q`` = quit;
- stdout: messages of a 16-byte header ``!4sIII`` (tag, a, b, c) and a payload:
  ``HBS1`` status, payload JSON of length a; ``HBF1`` frame, a = height, b = width,
  c = channels, payload the raw BGR bytes.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
import threading
from collections import deque
from typing import Any, BinaryIO

HEADER = struct.Struct("!4sIII")
STATUS = b"HBS1"
FRAME = b"HBF1"
QUEUE = 4
"""Frames kept while the app is busy; older ones are dropped (a live picture stays current)."""

QUIET_ENV = {
    "OPENCV_LOG_LEVEL": "SILENT",
    "OPENCV_FFMPEG_LOGLEVEL": "-8",
    "OPENCV_VIDEOIO_DEBUG": "0",
}
"""Environment for any process that decodes video: OpenCV and FFmpeg keep quiet."""


def quiet_opencv() -> None:
    """Silence OpenCV's and FFmpeg's console output in this process (call before cv2 opens
    anything; safe to call more than once)."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    try:
        # lazy: start-up speed (cv2 loads only when quiet_opencv() runs)
        import cv2

        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    except (ImportError, AttributeError):
        pass


class _Writer:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.lock = threading.Lock()

    def status(self, **data: Any) -> None:
        payload = json.dumps(data).encode()
        self._send(HEADER.pack(STATUS, len(payload), 0, 0), payload)

    def frame(self, image: Any) -> None:
        height, width = image.shape[:2]
        channels = image.shape[2] if image.ndim == 3 else 1
        self._send(HEADER.pack(FRAME, height, width, channels), image.tobytes())

    def _send(self, header: bytes, payload: bytes) -> None:
        with self.lock:
            self.out.write(header)
            self.out.write(payload)
            self.out.flush()


class _Grabber(threading.Thread):
    """Read frames as fast as the camera sends them; keep the newest few."""

    def __init__(self, capture: Any) -> None:
        super().__init__(name="grab", daemon=True)
        self.capture = capture
        self.frames: deque[Any] = deque(maxlen=QUEUE)
        self.cond = threading.Condition()
        self.ended = False

    def run(self) -> None:
        while True:
            ok, image = self.capture.read()
            with self.cond:
                if not ok or image is None:
                    self.ended = True
                    self.cond.notify_all()
                    return
                self.frames.append(image)
                self.cond.notify_all()

    def next(self) -> Any | None:
        with self.cond:
            while not self.frames and not self.ended:
                self.cond.wait()
            return self.frames.popleft() if self.frames else None


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the app's: it stops us itself
    quiet_opencv()
    out = _Writer(sys.stdout.buffer)
    request = json.loads(sys.stdin.buffer.readline() or b"{}")
    # lazy: start-up speed (cv2 loads only when main() runs)
    import cv2

    timeout = int(request.get("timeout_ms", 5000))
    params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, timeout, cv2.CAP_PROP_READ_TIMEOUT_MSEC, timeout]
    capture = cv2.VideoCapture(str(request.get("url", "")), cv2.CAP_FFMPEG, params)
    if not capture.isOpened():
        out.status(event="error", message="cannot open the stream")
        return 2
    out.status(event="opened")
    grabber = _Grabber(capture)
    grabber.start()
    try:
        while True:
            command = sys.stdin.buffer.read(1)
            if command != b"f":
                return 0
            image = grabber.next()
            if image is None:
                out.status(event="ended")
                return 3
            out.frame(image)
    except (BrokenPipeError, OSError):
        return 0
    finally:
        if grabber.is_alive():  # blocked in a native read: leave without waiting for it
            os._exit(0)
        capture.release()


if __name__ == "__main__":
    sys.exit(main())
