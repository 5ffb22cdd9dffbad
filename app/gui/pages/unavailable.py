"""The honest state of a page whose capability is not part of this build or failed to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..icons import pixmap
from ..widgets import page_header, page_layout, status_label


class UnavailablePage(QWidget):
    def __init__(
        self, title: str, icon_name: str, reason: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.icon_name = icon_name
        self.reason = reason
        layout = page_layout(self)
        header, _sub = page_header(title)
        layout.addWidget(header)
        layout.addStretch(1)
        art = QLabel()
        art.setPixmap(pixmap(icon_name, "#9aa6a2", 72))
        art.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(art)
        self.message = status_label(reason)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message.setAccessibleName(f"{title} is unavailable")
        layout.addWidget(self.message)
        layout.addStretch(2)
