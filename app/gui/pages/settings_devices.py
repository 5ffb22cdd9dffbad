"""Settings -> Devices: the lights and switches Homebody commands, set up by pointing.

The card lists the devices Homebody knows, the ones the broker announces through Home
Assistant MQTT discovery (Zigbee2MQTT, Tasmota, ESPHome) and a form to add one by hand. Each
device gets a room ("turn the kitchen lights to 50 percent") and can be blinked to check it is
the one you think. Changes are saved to the settings file at once, like zones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pipelines.core.errors import HomebodyError
from pipelines.core.settings import save_settings
from pipelines.core.settings_schema import DeviceSettings
from pipelines.services import services

from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, set_tone, status_label
from .settings_form import apply_changes


def device_rows(devices: tuple[DeviceSettings, ...]) -> list[dict[str, Any]]:
    """Devices as the settings file stores them."""
    return [
        {"name": d.name, "kind": d.kind, "room": d.room, "aliases": list(d.aliases),
         "object_id": d.object_id, "command_topic": d.command_topic}
        for d in devices
    ]  # fmt: skip


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(90)
    return table


class DevicesCard(Card):
    announced_changed = Signal(object)
    """From the MQTT thread: the announced lights and switches (list of ``Announced``)."""

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Lights and switches", parent)
        self.session = session
        self.listener: Any = None
        self.heard: list[Any] = []
        """Everything the broker announces; ``announced`` leaves out devices already known."""
        self.announced: list[Any] = []
        self.known = _table(("Name", "Kind", "Room"), "Devices Homebody controls")
        self.blink_button = QPushButton("Blink it")
        self.blink_button.setAccessibleName("Blink the selected device")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected device")
        self.blink_button.clicked.connect(self.blink_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.known.itemSelectionChanged.connect(self._sync)
        self.found = _table(("Announced", "Kind", "Room"),
                            "Devices the broker announces")  # fmt: skip
        self.found.itemSelectionChanged.connect(self._sync)
        self.look_button = QPushButton("Look for devices")
        self.look_button.setAccessibleName("Listen for devices the MQTT broker announces")
        self.look_button.clicked.connect(self.look)
        self.room = QLineEdit()
        self.room.setPlaceholderText("Room, e.g. kitchen")
        self.room.setAccessibleName("Room of the device to add")
        self.add_found_button = QPushButton("Add")
        self.add_found_button.setAccessibleName("Add the selected announced device")
        self.add_found_button.clicked.connect(self.add_selected_found)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name, e.g. reading lamp")
        self.name.setAccessibleName("Name of a device to add by hand")
        self.kind = QComboBox()
        self.kind.addItems(["light", "switch"])
        self.kind.setAccessibleName("Kind of device")
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Command topic (optional), e.g. zigbee2mqtt/lamp/set")
        self.topic.setAccessibleName("MQTT command topic")
        self.add_button = QPushButton("Add by hand")
        self.add_button.setAccessibleName("Add the device typed here")
        self.add_button.clicked.connect(self.add_by_hand)
        self.name.textChanged.connect(lambda _t: self._sync())
        self.message = status_label("")
        self.message.setAccessibleName("Devices message")
        self.body.addWidget(self.known)
        self.body.addLayout(self._row(self.blink_button, self.remove_button))
        self.body.addWidget(
            status_label("Announced on your network (Zigbee2MQTT, Tasmota, ESPHome):")
        )
        self.body.addWidget(self.found)
        self.body.addLayout(self._row(self.look_button, self.room, self.add_found_button))
        self.body.addWidget(QLabel("Or add one by hand:"))
        self.body.addLayout(self._row(self.name, self.kind))
        self.body.addLayout(self._row(self.topic, self.add_button))
        self.body.addWidget(self.message)
        self.announced_changed.connect(self._show_found)
        session.closing.connect(self.stop)
        session.settings_changed.connect(lambda _s: self.reload())
        self.reload()

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            row.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
        return row

    # -- showing --------------------------------------------------------------------------------
    def devices(self) -> tuple[DeviceSettings, ...]:
        return self.session.app.settings.mqtt.devices

    def reload(self) -> None:
        devices = self.devices()
        self.known.setRowCount(len(devices))
        for r, d in enumerate(devices):
            for c, text in enumerate((d.name, d.kind, d.room or "—")):
                self.known.setItem(r, c, QTableWidgetItem(text))
        self._show_found(self.heard)

    def _show_found(self, announced: list[Any]) -> None:
        """Announced devices Homebody does not command yet (matched by command topic)."""
        self.heard = list(announced)
        have = {d.command_topic for d in self.devices() if d.command_topic}
        self.announced = [a for a in announced if a.command_topic not in have]
        self.found.setRowCount(len(self.announced))
        for r, a in enumerate(self.announced):
            cells = (a.name, a.kind, a.room or "—")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(a.why_unsupported or a.command_topic)
                self.found.setItem(r, c, item)
        self._sync()

    def _sync(self) -> None:
        """Every button that needs something chosen is disabled, with the reason, without it."""
        known = self.known.currentRow() >= 0 and bool(self.known.selectedItems())
        for button in (self.blink_button, self.remove_button):
            button.setEnabled(known)
            button.setToolTip("" if known else "Select a device above first.")
        row = self.found.currentRow()
        chosen = self.announced[row] if 0 <= row < len(self.announced) else None
        ok = chosen is not None and chosen.supported and bool(self.found.selectedItems())
        self.add_found_button.setEnabled(ok)
        self.add_found_button.setToolTip(
            "" if ok else (chosen.why_unsupported if chosen else "Select an announced device.")
        )
        named = bool(self.name.text().strip())
        self.add_button.setEnabled(named)
        self.add_button.setToolTip("" if named else "Type the device's name first.")

    # -- discovery ------------------------------------------------------------------------------
    def look(self) -> None:
        """Listen for discovery configs on the saved broker (retained ones arrive at once)."""
        # lazy: start-up speed (pipelines.skills.mqtt_discovery loads only when look() runs)
        from pipelines.skills.mqtt_discovery import DiscoveryListener

        self.stop()
        mqtt = self.session.app.settings.mqtt
        listener = DiscoveryListener(mqtt, on_change=self.announced_changed.emit)
        self.listener = listener
        self._say(f"Listening on {mqtt.host}:{mqtt.port} for announced devices…", "Muted")

        def failed(exc: BaseException) -> None:
            self.listener = None
            self._say(error_text(exc), "Bad")

        def started(_r: Any) -> None:
            count = len(listener.devices())
            self._say(f"Listening: {count} lights and switches announced so far.", "Good")

        self.session.run(listener.start, started, failed)

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    # -- changing -------------------------------------------------------------------------------
    def _save(self, devices: list[dict[str, Any]], said: str) -> bool:
        app = self.session.app
        try:
            new = apply_changes(app.settings, {"mqtt.devices": devices})
            save_settings(new, app.paths.config_file)
        except HomebodyError as exc:
            self._say(exc.message, "Bad")
            return False
        services(app).apply_settings(new)
        self.session.record("settings_changed", "settings", sections=["mqtt"])
        self.reload()
        self._say(said, "Good")
        return True

    def add_device(self, device: DeviceSettings) -> bool:
        if any(d.name.lower() == device.name.lower() for d in self.devices()):
            self._say(f"There is a device called {device.name} already.", "Bad")
            return False
        where = f" in the {device.room}" if device.room else ""
        said = f"Added {device.name}{where}. Try “turn on the {device.name}”."
        return self._save(device_rows((*self.devices(), device)), said)

    def add_selected_found(self) -> None:
        row = self.found.currentRow()
        if 0 <= row < len(self.announced):
            chosen = self.announced[row]
            if self.add_device(chosen.to_device(room=self.room.text().strip().lower())):
                self.room.clear()

    def add_by_hand(self) -> None:
        name = " ".join(self.name.text().split())
        device = DeviceSettings(name=name, kind=self.kind.currentText(),
                                command_topic=self.topic.text().strip())  # fmt: skip
        if self.add_device(device):
            self.name.clear()
            self.topic.clear()

    def selected(self) -> DeviceSettings | None:
        row = self.known.currentRow()
        devices = self.devices()
        return devices[row] if 0 <= row < len(devices) else None

    def remove_selected(self) -> None:
        device = self.selected()
        if device is not None:
            rest = tuple(d for d in self.devices() if d is not device)
            self._save(device_rows(rest), f"Removed {device.name}.")

    def blink_selected(self) -> None:
        device = self.selected()
        if device is None:
            return
        # lazy: start-up speed (loaded only when blink_selected() runs)
        from pipelines.skills.mqtt_discovery import blink
        from pipelines.skills.mqtt_home import MqttHome

        app = self.session.app
        home = app.services.get("mqtt")
        if not isinstance(home, MqttHome):
            home = MqttHome(app.settings.mqtt)
            app.services["mqtt"] = home
        self._say(f"Blinking {device.name} twice (it ends switched off)…", "Muted")
        self.session.run(
            lambda: blink(home, device),
            lambda _r: self._say(f"Blinked {device.name}. Was it the right one?", "Good"),
            lambda exc: self._say(error_text(exc), "Bad"),
        )

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)
