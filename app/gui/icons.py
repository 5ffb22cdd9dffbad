"""Hand-drawn SVG icons from ``assets/icons``, tinted to the current palette."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from pipelines.core.paths import assets_dir


def icon_path(name: str) -> str:
    return str(assets_dir() / "icons" / f"{name}.svg")


@lru_cache(maxsize=128)
def _svg(name: str) -> str:
    with open(icon_path(name), encoding="utf-8") as fh:
        return fh.read()


def pixmap(name: str, color: str = "#3b4252", size: int = 24) -> QPixmap:
    """Render icon ``name`` at ``size`` pixels with ``currentColor`` replaced by ``color``."""
    data = QByteArray(_svg(name).replace("currentColor", color).encode("utf-8"))
    renderer = QSvgRenderer(data)
    image = QPixmap(size, size)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def icon(name: str, color: QColor | str = "#3b4252") -> QIcon:
    hex_color = color.name() if isinstance(color, QColor) else color
    result = QIcon()
    for size in (16, 24, 32, 48):
        result.addPixmap(pixmap(name, hex_color, size))
    return result


def app_icon() -> QIcon:
    return QIcon(icon_path("homebody"))
