"""Draw a zone as a rectangle on the camera's picture; the saved zones are drawn over it.

Coordinates are relative to the picture (0..1), the way ``vision.cameras[].zones`` stores them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

Rect = tuple[float, float, float, float]
"""left, top, right, bottom, each 0..1."""


def pixmap_from_bgr(image: Any) -> QPixmap:
    rgb = image[:, :, ::-1].copy()
    height, width = rgb.shape[:2]
    qimage = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(qimage.copy())


def polygon_box(points: list[list[float]]) -> Rect:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


class ZoneCanvas(QWidget):
    drawn = Signal(float, float, float, float)
    """The user drew a rectangle (left, top, right, bottom, relative)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Camera picture: drag to draw a zone")
        self.setMinimumSize(QSize(200, 100))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.picture: QPixmap | None = None
        self.zones: dict[str, Rect] = {}
        self.rect_rel: Rect = (0.0, 0.0, 1.0, 1.0)
        self._start: QPointF | None = None
        self.note = "No picture yet"

    def set_picture(self, picture: QPixmap | None, note: str = "") -> None:
        self.picture = picture
        self.note = note
        self.update()

    def set_zones(self, zones: dict[str, list[list[float]]]) -> None:
        self.zones = {name: polygon_box(points) for name, points in zones.items()}
        self.update()

    def set_rect(self, rect: Rect) -> None:
        self.rect_rel = rect
        self.update()

    def frame_rect(self) -> QRectF:
        """Where the picture is drawn (its aspect kept), or the whole widget without one."""
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.picture is None or self.picture.isNull():
            return area
        scale = min(area.width() / self.picture.width(), area.height() / self.picture.height())
        w, h = self.picture.width() * scale, self.picture.height() * scale
        return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)

    def _relative(self, point: QPointF) -> tuple[float, float]:
        frame = self.frame_rect()
        x = (point.x() - frame.x()) / max(1.0, frame.width())
        y = (point.y() - frame.y()) / max(1.0, frame.height())
        return min(1.0, max(0.0, x)), min(1.0, max(0.0, y))

    def _to_widget(self, rect: Rect) -> QRectF:
        frame = self.frame_rect()
        left, top, right, bottom = rect
        return QRectF(frame.x() + left * frame.width(), frame.y() + top * frame.height(),
                      (right - left) * frame.width(), (bottom - top) * frame.height())  # fmt: skip

    # -- drawing with the mouse ------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._drag_to(event.position(), final=False)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._drag_to(event.position(), final=True)
            self._start = None

    def _drag_to(self, end: QPointF, final: bool) -> None:
        assert self._start is not None
        (x1, y1), (x2, y2) = self._relative(self._start), self._relative(end)
        self.rect_rel = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        self.update()
        if final and self.rect_rel[2] - self.rect_rel[0] > 0.01:
            self.drawn.emit(*self.rect_rel)

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = self.frame_rect()
        if self.picture is not None and not self.picture.isNull():
            painter.drawPixmap(frame.toRect(), self.picture)
        else:
            painter.fillRect(frame, QColor("#d9d9d4"))
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, self.note)
        painter.setPen(QPen(QColor("#f2c14e"), 2, Qt.PenStyle.DashLine))
        for name, rect in self.zones.items():
            box = self._to_widget(rect)
            painter.drawRect(box)
            painter.drawText(box.adjusted(4, 2, 0, 0), name)
        painter.setPen(QPen(QColor("#2e7d5b"), 3))
        painter.drawRect(self._to_widget(self.rect_rel))
        painter.end()
