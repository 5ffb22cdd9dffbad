"""Frame sources with one code path: webcams, RTSP/HTTP streams, video files, image folders.

Every source is opened into a *capture* (``read() -> (ok, image)``, ``release()``): OpenCV's
``VideoCapture`` for webcams, streams and videos, :class:`FolderCapture` for folders of
photos. :class:`FrameSource` iterates frames from any capture and reconnects live sources
with exponential back-off when they drop.

Privacy: OpenCV opens network streams with its own native sockets, which the Python egress
guard cannot see. So a stream's host is checked here, before OpenCV is asked to open it: only
loopback and hosts the user configured are allowed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..core.errors import DeviceError, EgressBlockedError, InputError
from ..privacy.egress import is_loopback
from .geometry import Image
from .source_kind import IMAGE_SUFFIXES, source_kind
from .stream import StreamCapture

log = logging.getLogger(__name__)

LIVE_KINDS = frozenset({"webcam", "stream"})
STREAM_TIMEOUT_MS = 5000
"""A stream that sends nothing for this long counts as dropped (then: reconnect)."""


@dataclass(frozen=True)
class Frame:
    image: Image
    index: int
    timestamp: float
    """Seconds: media time for files and folders, monotonic clock for live sources."""


class Capture(Protocol):
    def read(self) -> tuple[bool, Any]: ...

    def release(self) -> None: ...


def check_stream_host(url: str, allowed_hosts: Collection[str]) -> str:
    """Refuse a stream whose host is neither loopback nor configured by the user."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        raise InputError(f"The camera address {url!r} has no host name.")
    if is_loopback(host) or host in {h.lower() for h in allowed_hosts}:
        return host
    raise EgressBlockedError(
        f"The camera stream at {host} is not in your settings. Homebody only opens streams "
        "from cameras you configured: add it under [[vision.cameras]] in settings.toml "
        "(or to privacy.allowed_hosts)."
    )


class FolderCapture:
    """Photos in a folder (sorted by name), or one photo, read like a video."""

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            self.files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            self.files = [path]
        self.position = 0

    def read(self) -> tuple[bool, Any]:
        # lazy: start-up speed (cv2 loads only when read() runs)
        import cv2

        while self.position < len(self.files):
            path = self.files[self.position]
            self.position += 1
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is not None:
                return True, image
            log.warning("skipping %s: not a readable image", path.name)
        return False, None

    def release(self) -> None:
        self.position = len(self.files)


def open_capture(
    source: str,
    allowed_hosts: Collection[str] = (),
    *,
    notice: Callable[[str, dict[str, Any]], None] | None = None,
    camera: str = "",
) -> Capture:
    """Open ``source`` for reading; raises :class:`DeviceError` when it cannot be opened.

    Network streams are decoded in a watched child process (:mod:`.stream`)."""
    kind = source_kind(source)
    if kind in ("folder", "image"):
        path = Path(source).expanduser()
        if not path.exists():
            raise InputError(f"{path} does not exist.")
        capture = FolderCapture(path)
        if not capture.files:
            raise InputError(f"{path} holds no photos ({', '.join(sorted(IMAGE_SUFFIXES))}).")
        return capture
    if kind == "stream":
        check_stream_host(source, allowed_hosts)
        return StreamCapture(
            source, allowed_hosts, timeout_s=STREAM_TIMEOUT_MS / 1000, notice=notice, camera=camera
        )
    # lazy: start-up speed (.decoder, cv2 load only when open_capture() runs)
    from .decoder import quiet_opencv

    quiet_opencv()
    # lazy: start-up speed (cv2 loads only when open_capture() runs)
    import cv2

    if kind == "webcam":
        video = cv2.VideoCapture(int(source))
    else:
        path = Path(source).expanduser()
        if not path.is_file():
            raise InputError(
                f"{source} does not exist. A camera source is a webcam number, an rtsp:// or "
                "http:// URL, a folder of photos or a video file."
            )
        video = cv2.VideoCapture(str(path))
    if not video.isOpened():
        video.release()
        what = f"webcam {source}" if kind == "webcam" else source
        raise DeviceError(
            f"Cannot open {what}. Check that it is connected (or reachable) and not in use "
            "by another program."
        )
    return video  # type: ignore[no-any-return,unused-ignore]


@dataclass(frozen=True)
class Backoff:
    """Reconnect delays: ``initial * factor**n`` seconds, at most ``maximum``."""

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 30.0
    max_attempts: int | None = None
    """Give up after this many failed reconnects in a row (None: keep trying)."""

    def delay(self, attempt: int) -> float:
        return float(min(self.maximum, self.initial * self.factor ** max(0, attempt - 1)))


class FrameSource:
    """Iterate :class:`Frame` objects from any source; live sources reconnect on drop-outs."""

    def __init__(
        self,
        source: str,
        *,
        allowed_hosts: Collection[str] = (),
        backoff: Backoff | None = None,
        opener: Callable[[str], Capture] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        folder_interval: float = 1.0,
        on_notice: Callable[[str, dict[str, Any]], None] | None = None,
        camera: str = "",
        wait_for_camera: bool = False,
    ) -> None:
        """``wait_for_camera``: a live camera that cannot be opened at the start is retried
        like one that dropped (the app's background service), instead of an error."""
        self.source = source
        self.wait_for_camera = wait_for_camera
        self.kind = source_kind(source)
        self.live = self.kind in LIVE_KINDS
        self.backoff = backoff or Backoff()
        self._opener = opener or (
            lambda s: open_capture(s, allowed_hosts, notice=self._notice, camera=camera)
        )
        self._wake = threading.Event()
        self._sleep = sleep or (lambda seconds: self._wake.wait(seconds) and None)
        self._clock = clock
        self.folder_interval = folder_interval
        self._notice = on_notice or (lambda _kind, _data: None)
        self._capture: Capture | None = None
        self.reconnects = 0
        self._stopped = False
        self._last_frame = 0.0

    def open(self) -> None:
        if self._capture is None:
            self._capture = self._opener(self.source)

    def stop(self) -> None:
        """Ask a running iteration to end after the current frame (or reconnect wait)."""
        self._stopped = True
        self._wake.set()

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def _timestamp(self, capture: Capture, index: int) -> float:
        if self.live:
            return self._clock()
        if self.kind in ("folder", "image"):
            return index * self.folder_interval
        getter = getattr(capture, "get", None)
        if getter is not None:
            # lazy: start-up speed (cv2 loads only when _timestamp() runs)
            import cv2

            return float(getter(cv2.CAP_PROP_POS_MSEC)) / 1000.0
        return float(index)

    def _reconnect(self) -> bool:
        """Reopen a dropped live source; False when giving up (or stopped)."""
        self.close()
        attempt = 0
        while not self._stopped:
            attempt += 1
            if self.backoff.max_attempts is not None and attempt > self.backoff.max_attempts:
                self._notice("camera_lost", {"attempts": attempt - 1, "seconds": self._gap()})
                return False
            delay = self.backoff.delay(attempt)
            self._notice("camera_reconnecting", {"attempt": attempt, "delay_s": delay})
            self._sleep(delay)
            try:
                self.open()
            except (DeviceError, OSError) as exc:
                log.info("reconnect %d to %s failed: %s", attempt, self.kind, exc)
                continue
            self.reconnects += 1
            self._notice("camera_reconnected", {"attempt": attempt, "seconds": self._gap()})
            return True
        return False

    def _gap(self) -> float:
        """Seconds since the last frame (live sources)."""
        return round(self._clock() - self._last_frame, 1)

    def __iter__(self) -> Iterator[Frame]:
        self._stopped = False
        self._wake.clear()
        self._last_frame = self._clock()
        try:
            self.open()
        except DeviceError:
            if not (self.live and self.wait_for_camera):
                raise
            self._notice("camera_unreachable", {})
            if not self._reconnect():
                return
        index = 0
        try:
            while not self._stopped:
                assert self._capture is not None
                ok, image = self._capture.read()
                if not ok or image is None:
                    if self.live and not self._stopped:
                        self._notice("camera_no_picture", {"seconds": self._gap()})
                    if self.live and self._reconnect():
                        continue
                    break
                self._last_frame = self._clock()
                yield Frame(image, index, self._timestamp(self._capture, index))
                index += 1
        finally:
            self.close()
