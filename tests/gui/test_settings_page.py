"""Settings page: edits are validated, written to TOML and take effect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pipelines.core.settings import load_settings

from .conftest import wait_idle


def test_save_writes_toml_that_loads_back(window: Any, qtbot: Any) -> None:
    page = window.show_page("settings")
    app = window.session.app
    page.theme.setCurrentIndex(page.theme.findData("dark"))
    page.sensitivity.setValue(70)
    page.wake_word.setCurrentIndex(page.wake_word.findData("hey_jarvis"))
    page.engine.setCurrentIndex(page.engine.findData("pocketsphinx"))
    page.tts.setCurrentIndex(page.tts.findData("none"))
    assert page.noise_reduction.isChecked()  # on out of the box
    page.noise_reduction.setChecked(False)
    page.retention["history"].setValue(14)
    page.retention["sightings"].setValue(0)  # keep until deleted
    page.mqtt_port.setValue(1884)
    page.mqtt_host.setText("192.168.1.5")
    page.cameras.add_row("kitchen", "/tmp/frames", True)
    page.save_button.click()
    assert page.message.text().startswith("✔ Saved")
    saved = load_settings(app.paths.config_file)
    assert saved.general.theme == "dark"
    assert saved.audio.wake_sensitivity == 0.7
    assert saved.audio.wake_word == "hey_jarvis"
    assert saved.audio.speech_engine == "pocketsphinx"
    assert saved.audio.tts == "none"
    assert saved.audio.noise_reduction is False
    assert saved.privacy.retention_days["history"] == 14
    assert "sightings" not in saved.privacy.retention_days
    assert saved.mqtt.port == 1884 and saved.mqtt.host == "192.168.1.5"
    assert [c.name for c in saved.vision.cameras] == ["kitchen"]
    assert app.settings == saved
    assert app.inventory.retention_days["history"] == 14
    wait_idle(qtbot, window.session)  # the ledger row is written on a worker
    changed = app.ledger.entries(kind="settings_changed")[0].detail["sections"]
    assert {"general", "audio", "privacy", "mqtt", "vision"} <= set(changed)
    assert "192.168.1.5" not in str(app.ledger.entries(kind="settings_changed")[0].detail)


def test_revert_restores_the_saved_values(window: Any, qtbot: Any) -> None:
    page = window.show_page("settings")
    page.mqtt_port.setValue(2000)
    page.revert_button.click()
    assert page.mqtt_port.value() == window.session.app.settings.mqtt.port


def test_camera_zones_survive_editing_the_camera_table(window: Any, qtbot: Any) -> None:
    from app.gui.pages.teach_zones import with_zone

    page = window.show_page("settings")
    app = window.session.app
    page.cameras.add_row("hall", "0", True)
    page.save_button.click()
    app.settings = with_zone(app.settings, "hall", "door", [[0, 0], [1, 0], [1, 1], [0, 1]])
    page.load()
    item = page.cameras.table.item(0, 2)
    item.setCheckState(Qt.CheckState.Unchecked)
    page.save_button.click()
    saved = load_settings(app.paths.config_file)
    assert saved.vision.cameras[0].enabled is False
    assert "door" in saved.vision.cameras[0].zones


def test_start_at_login_writes_an_autostart_entry(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.gui import autostart

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    page = window.show_page("settings")
    if not autostart.supported():
        assert not page.start_at_login.isEnabled()
        return
    page.start_at_login.setChecked(True)
    page.save_button.click()
    entry = tmp_path / "xdg" / "autostart" / "homebody.desktop"
    assert entry.is_file() and "Exec=" in entry.read_text()
    page.start_at_login.setChecked(False)
    page.save_button.click()
    assert not entry.exists()


def test_invalid_values_are_refused_with_the_field_name(window: Any) -> None:
    from app.gui.pages.settings_form import apply_changes
    from pipelines.core.errors import SettingsError

    app = window.session.app
    try:
        apply_changes(app.settings, {"audio.wake_sensitivity": 3.0})
    except SettingsError as exc:
        assert "audio.wake_sensitivity" in exc.message
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("an out-of-range sensitivity was accepted")
