"""The Settings page: a typed password goes to the keyring and never comes back into the form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def settings_page(app: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from app.gui.launch import close_window, open_window
    from pipelines.core import secrets

    monkeypatch.setattr(secrets, "_system_keyring", lambda: None)  # the fallback file
    session, window = open_window(app, start=False)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    page.load()
    yield page
    close_window(session, window)


def test_typed_passwords_are_stored_and_shown_only_as_a_mask(
    settings_page: Any, app: Any, home: Path
) -> None:
    from pipelines.core.settings import load_settings

    page = settings_page
    page.mqtt_user.setText("ann")
    page.mqtt_password.setText("typed-pw-77")
    page.cameras.set_rows([("door", "rtsp://cam:typed-cam-88@192.168.1.20/live", True)])
    page.save()
    assert "Saved" in page.message.text(), page.message.text()
    assert page.mqtt_password.text() == ""
    assert "saved" in page.mqtt_password.placeholderText()
    assert "passwords.json" in page.mqtt_password_note.text()
    assert page.cameras.rows() == [("door", "rtsp://cam:•••@192.168.1.20/live", True)]
    text = app.paths.config_file.read_text(encoding="utf-8")
    assert "typed-pw-77" not in text and "typed-cam-88" not in text
    stored = (app.paths.config_dir / "passwords.json").read_text(encoding="utf-8")
    assert "typed-pw-77" in stored and "typed-cam-88" in stored
    loaded = load_settings(app.paths.config_file)
    assert loaded.mqtt.password == "typed-pw-77"
    assert loaded.vision.cameras[0].source == "rtsp://cam:typed-cam-88@192.168.1.20/live"

    # saved again untouched (the field is empty, the table shows the mask): nothing is lost
    page.load()
    page.save()
    again = load_settings(app.paths.config_file)
    assert again.mqtt.password == "typed-pw-77"
    assert again.vision.cameras[0].source == "rtsp://cam:typed-cam-88@192.168.1.20/live"

    # no user name: no password either, and the stored one is deleted
    page.mqtt_user.setText("")
    page.save()
    assert load_settings(app.paths.config_file).mqtt.password == ""
    assert "typed-pw-77" not in (app.paths.config_dir / "passwords.json").read_text()


def test_dashboard_flags_a_loose_settings_file_and_fixes_it_in_one_click(
    settings_page: Any, app: Any, qtbot: Any
) -> None:
    """The settings file is no data category, yet a restored copy of it must be flagged."""
    import os

    from pipelines.core.settings import save_settings

    save_settings(app.settings, app.paths.config_file)
    os.chmod(app.paths.config_file, 0o644)
    window = settings_page.window()
    data = window.show_page("privacy").data
    data.refresh()
    qtbot.waitUntil(lambda: not data.make_private.isHidden(), timeout=10000)
    assert "settings and the passwords file" in data.access.text()
    data.make_private.click()
    qtbot.waitUntil(lambda: "only by you" in data.access.text(), timeout=10000)
    assert data.make_private.isHidden()
    assert os.stat(app.paths.config_file).st_mode & 0o077 == 0
    assert app.ledger.entries(kind="files_protected")[0].detail["reason"] == "user"
