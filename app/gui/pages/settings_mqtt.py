"""Settings → Lights and devices (MQTT): the broker, with the password kept in the keyring."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QSpinBox

from pipelines.core.settings_schema import Settings

from ..widgets import Card, status_label
from .settings_sections import checkbox


def line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    return edit


class MqttCard(Card):
    def __init__(self, config_dir: Any) -> None:
        super().__init__("Lights and devices (MQTT)")
        self.config_dir = config_dir
        form = QFormLayout()
        self.mqtt_enabled = checkbox("Control devices through an MQTT broker")
        self.mqtt_enabled.setAccessibleName("Use an MQTT broker")
        self.mqtt_host = line("MQTT broker host")
        self.mqtt_port = QSpinBox()
        self.mqtt_port.setRange(1, 65535)
        self.mqtt_port.setAccessibleName("MQTT broker port")
        self.mqtt_user = line("MQTT user name")
        self.mqtt_password = line("MQTT password")
        self.mqtt_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.mqtt_password_note = status_label("")
        self.mqtt_password_note.setAccessibleName("Where the MQTT password is kept")
        form.addRow(self.mqtt_enabled)
        form.addRow("Broker", self.mqtt_host)
        form.addRow("Port", self.mqtt_port)
        form.addRow("User", self.mqtt_user)
        form.addRow("Password", self.mqtt_password)
        form.addRow("", self.mqtt_password_note)
        self.body.addLayout(form)
        self.body.addWidget(
            status_label(
                "Only this broker is allowed through the egress guard; it should be on your "
                "own network."
            )
        )

    def load(self, s: Settings) -> None:
        self.mqtt_enabled.setChecked(s.mqtt.enabled)
        self.mqtt_host.setText(s.mqtt.host)
        self.mqtt_port.setValue(s.mqtt.port)
        self.mqtt_user.setText(s.mqtt.username)
        self.show_password(s)

    def values(self, s: Settings) -> dict[str, Any]:
        return {
            "mqtt.enabled": self.mqtt_enabled.isChecked(),
            "mqtt.host": self.mqtt_host.text().strip(),
            "mqtt.port": self.mqtt_port.value(),
            "mqtt.username": self.mqtt_user.text(),
            "mqtt.password": self.mqtt_password.text()
            or (s.mqtt.password if self.mqtt_user.text() else ""),
        }

    def show_password(self, s: Settings) -> None:
        """The password never comes back into the form: it stays in the keyring."""
        # lazy: start-up speed (pipelines.core.secrets loads only when show_password() runs)
        from pipelines.core.secrets import SecretStore

        self.mqtt_password.clear()
        self.mqtt_password.setPlaceholderText(
            "saved — type a new one to replace it" if s.mqtt.password else ""
        )
        store = SecretStore(self.config_dir)
        self.mqtt_password_note.setText(
            f"Passwords are kept {store.describe()}."
            if store.uses_keyring
            else "No keyring service is running: passwords are kept in passwords.json beside "
            "settings.toml, readable only by you."
        )
