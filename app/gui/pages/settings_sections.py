"""The Settings page's simple cards: appearance and start-up, privacy and retention.

Each card shows one part of the settings (``load``) and hands back its values as dotted keys
(``values``) for the page to validate and save in one go.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QSpinBox

from pipelines.core.settings_schema import Settings

from .. import autostart
from ..widgets import Card
from .settings_form import RETENTION_CATEGORIES

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


def combo(name: str, items: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> QComboBox:
    """A drop-down of (value, label) items with an accessible name."""
    box = QComboBox()
    box.setAccessibleName(name)
    for value, label in items:
        box.addItem(label, value)
    return box


def select(box: QComboBox, value: str) -> None:
    """Show ``value`` in ``box`` (added when it is not one of the choices, e.g. a device that
    is unplugged right now)."""
    index = box.findData(value)
    if index < 0:
        box.addItem(value or "System default", value)
        index = box.count() - 1
    box.setCurrentIndex(index)


def checkbox(text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setAccessibleName(text)
    return box


class AppearanceCard(Card):
    def __init__(self) -> None:
        super().__init__("Appearance and start-up")
        form = QFormLayout()
        self.theme = combo("Theme", THEMES)
        self.start_minimised = checkbox("Start minimised to the tray")
        self.start_at_login = checkbox("Start when I log in")
        self.start_at_login.setEnabled(autostart.supported())
        if not autostart.supported():
            self.start_at_login.setToolTip("Not supported on this system.")
        form.addRow("Theme", self.theme)
        form.addRow(self.start_minimised)
        form.addRow(self.start_at_login)
        self.body.addLayout(form)

    def load(self, s: Settings) -> None:
        select(self.theme, s.general.theme)
        self.start_minimised.setChecked(s.general.start_minimised)
        self.start_at_login.setChecked(s.general.start_at_login)

    def values(self, _s: Settings) -> dict[str, Any]:
        return {
            "general.theme": self.theme.currentData(),
            "general.start_minimised": self.start_minimised.isChecked(),
            "general.start_at_login": self.start_at_login.isChecked(),
        }


class PrivacyCard(Card):
    def __init__(self) -> None:
        super().__init__("Privacy and retention")
        form = QFormLayout()
        self.record_history = checkbox("Keep the conversation history")
        form.addRow(self.record_history)
        self.retention: dict[str, QSpinBox] = {}
        for name, label in RETENTION_CATEGORIES:
            spin = QSpinBox()
            spin.setRange(0, 3650)
            spin.setSuffix(" days")
            spin.setSpecialValueText("until I delete it")
            spin.setAccessibleName(f"Keep {label.lower()} for")
            self.retention[name] = spin
            form.addRow(f"Keep {label.lower()}", spin)
        self.body.addLayout(form)

    def load(self, s: Settings) -> None:
        self.record_history.setChecked(s.privacy.record_history)
        for name, spin in self.retention.items():
            spin.setValue(int(s.privacy.retention_days.get(name, 0)))

    def values(self, s: Settings) -> dict[str, Any]:
        retention = dict(s.privacy.retention_days)
        for name, spin in self.retention.items():
            if spin.value():
                retention[name] = spin.value()
            else:
                retention.pop(name, None)  # 0: kept until deleted
        return {
            "privacy.record_history": self.record_history.isChecked(),
            "privacy.retention_days": retention,
        }
