"""Per-camera sampling and motion gating: decide cheaply which frames the detector sees."""

from __future__ import annotations

import numpy as np

from .geometry import Image


class Sampler:
    """Let through at most ``fps`` frames per second of source time (0 or less: every frame)."""

    def __init__(self, fps: float) -> None:
        self.interval = 1.0 / fps if fps > 0 else 0.0
        self._next: float | None = None

    def due(self, timestamp: float) -> bool:
        if self._next is not None and timestamp < self._next - 1e-6:
            return False
        base = (
            timestamp
            if self._next is None or timestamp - self._next > self.interval
            else self._next
        )
        self._next = base + self.interval
        return True


class MotionGate:
    """Skip frames that look like the last analysed one.

    Frames are shrunk to a small grey thumbnail and blurred; a frame "moved" when more than
    ``threshold`` (fraction 0..1) of its pixels differ by more than ``pixel_delta`` grey
    levels from the reference (the last frame that was let through). ``refresh_s`` lets a
    frame through now and then even without motion, so the memory's "last seen" stays fresh.
    """

    def __init__(
        self,
        threshold: float = 0.01,
        *,
        pixel_delta: int = 25,
        size: tuple[int, int] = (64, 48),
        refresh_s: float = 300.0,
    ) -> None:
        self.threshold = threshold
        self.pixel_delta = pixel_delta
        self.size = size
        self.refresh_s = refresh_s
        self._reference: np.ndarray | None = None
        self._reference_ts = 0.0
        self.last_change = 0.0

    def small(self, image: Image) -> np.ndarray:
        # lazy: start-up speed (cv2 loads only when small() runs)
        import cv2

        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        tiny = cv2.resize(grey, self.size, interpolation=cv2.INTER_AREA)
        return cv2.GaussianBlur(tiny, (5, 5), 0)

    def changed(self, image: Image, timestamp: float = 0.0) -> bool:
        tiny = self.small(image)
        reference = self._reference
        if reference is None or reference.shape != tiny.shape:
            moved, self.last_change = True, 1.0
        else:
            diff = np.abs(tiny.astype(np.int16) - reference.astype(np.int16))
            self.last_change = float(np.count_nonzero(diff > self.pixel_delta)) / diff.size
            moved = self.last_change > self.threshold
            if (
                not moved
                and self.refresh_s > 0
                and timestamp - self._reference_ts >= self.refresh_s
            ):
                moved = True
        if moved:
            self._reference = tiny
            self._reference_ts = timestamp
        return moved
