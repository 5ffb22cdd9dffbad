"""A small live line chart of the app's own connections, painted by hand (no chart library)."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .network import NetworkSample

SERIES = (
    ("local", "This computer", "#6f8f86"),
    ("lan", "Your devices", "#d09a2a"),
    ("remote", "Internet", "#c0392b"),
)


class ConnectionsChart(QWidget):
    def __init__(self, capacity: int = 120, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.samples: deque[NetworkSample] = deque(maxlen=capacity)
        self.capacity = capacity
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Live chart of Homebody's network connections")

    def add(self, sample: NetworkSample) -> None:
        self.samples.append(sample)
        latest = self.samples[-1]
        self.setAccessibleDescription(
            f"Now: {latest.local} local, {latest.lan} to your devices, "
            f"{latest.remote} to the internet"
        )
        self.update()

    def series(self, key: str) -> list[int]:
        return [int(getattr(s, key)) for s in self.samples]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(pal.ColorRole.PlaceholderText)
        legend_h = 22
        plot = QRectF(34, 8, self.width() - 44, self.height() - 24 - legend_h)
        top = max([1] + [max(self.series(k) or [0]) for k, _l, _c in SERIES])
        top = max(2, top + 1)
        grid = QPen(QColor(text))
        grid.setWidthF(0.5)
        grid.setStyle(Qt.PenStyle.DotLine)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 2))
        painter.setFont(small)
        for i in range(3):
            value = top * i / 2
            y = plot.bottom() - plot.height() * i / 2
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, 28, 16), Qt.AlignmentFlag.AlignRight, f"{value:.0f}")
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width(), 14),
            Qt.AlignmentFlag.AlignLeft,
            f"last {self.capacity} s",
        )
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width(), 14),
            Qt.AlignmentFlag.AlignRight,
            "now",
        )
        step = plot.width() / max(1, self.capacity - 1)
        for key, _label, color in SERIES:
            values = self.series(key)
            if not values:
                continue
            path = QPainterPath()
            x0 = plot.right() - step * (len(values) - 1)
            for i, v in enumerate(values):
                point = QPointF(x0 + i * step, plot.bottom() - plot.height() * v / top)
                if i == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            pen = QPen(QColor(color))
            pen.setWidthF(2.4 if key == "remote" else 1.8)
            painter.setPen(pen)
            painter.drawPath(path)
        x = plot.left()
        y = self.height() - legend_h + 4
        for key, label, color in SERIES:
            values = self.series(key)
            now = values[-1] if values else 0
            painter.setPen(QPen(QColor(color), 3))
            painter.drawLine(QPointF(x, y + 7), QPointF(x + 14, y + 7))
            painter.setPen(pal.color(pal.ColorRole.WindowText))
            caption = f"{label}: {now}"
            painter.drawText(QRectF(x + 18, y, 160, 16), Qt.AlignmentFlag.AlignLeft, caption)
            x += 24 + painter.fontMetrics().horizontalAdvance(caption) + 16
        painter.end()
