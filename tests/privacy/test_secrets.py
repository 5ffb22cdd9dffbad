"""Passwords in the keyring (or the owner-only fallback file), masks everywhere they are shown."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.redact import MASK, mask_password, redact_url, scrub, url_password


class MemoryKeyring:
    """A running keyring service, with the ``keyring`` backend's three calls (no D-Bus on a CI
    box). Not a ``KeyringBackend`` subclass: those register themselves with ``keyring``."""

    priority = 5
    name = "a memory keyring"

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("rtsp://user:secret@127.0.0.1/cam", "rtsp://user:•••@127.0.0.1/cam"),
        ("rtsp://admin:p@ss/w0rd@cam.lan:554/h264?ch=1", "rtsp://admin:•••@cam.lan:554/h264?ch=1"),
        ("http://:only-pw@10.0.0.9/snap.jpg", "http://:•••@10.0.0.9/snap.jpg"),
        ("http://cam.lan/mjpeg?user=a&password=hunter2", "http://cam.lan/mjpeg?user=a&password=•••"),
        ("rtsp://user@host/cam", "rtsp://user@host/cam"),  # no password: nothing to hide
        ("/home/ann/Pictures/door", "/home/ann/Pictures/door"),
        ("opening rtsp://u:pw1@h/a failed; retry rtsp://v:pw2@h/b",
         "opening rtsp://u:•••@h/a failed; retry rtsp://v:•••@h/b"),
    ],
)  # fmt: skip
def test_camera_addresses_are_shown_with_a_mask(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(shown) == shown


def test_the_mask_keeps_everything_but_the_password() -> None:
    url = "rtsp://admin:p@ss/w0rd@cam.lan:554/h264"
    assert url_password(url) == "p@ss/w0rd"
    assert mask_password(url) == f"rtsp://admin:{MASK}@cam.lan:554/h264"
    assert url_password(mask_password(url)) == ""


def test_fallback_file_is_owner_only_and_doctor_says_so(tmp_path: Path) -> None:
    from pipelines.core.secrets import SecretStore

    store = SecretStore(tmp_path, detect=False)
    assert not store.uses_keyring and "no keyring service is running" in store.describe()
    store.set("mqtt.password", "hunter2")
    assert stat.S_IMODE(store.fallback_path.stat().st_mode) == 0o600 or os.name != "posix"
    assert SecretStore(tmp_path, detect=False).get("mqtt.password") == "hunter2"
    store.set("mqtt.password", "")  # an empty value deletes; the last one deletes the file
    assert store.get("mqtt.password") is None and not store.fallback_path.exists()


def test_this_headless_machine_has_no_keyring_service_so_the_file_is_used(tmp_path: Path) -> None:
    import keyring

    from pipelines.core.secrets import SecretStore

    if keyring.get_keyring().priority >= 1:
        pytest.skip(f"a keyring service runs here ({keyring.get_keyring()!r})")
    assert not SecretStore(tmp_path).uses_keyring


def test_a_running_keyring_holds_the_password_and_each_install_has_its_own(
    tmp_path: Path,
) -> None:
    from pipelines.core.secrets import SecretStore

    ring = MemoryKeyring()
    a, b = SecretStore(tmp_path / "a", ring), SecretStore(tmp_path / "b", ring)
    a.set("mqtt.password", "for-a")
    assert a.get("mqtt.password") == "for-a" and b.get("mqtt.password") is None
    assert not a.fallback_path.exists()
    assert a.describe() == "in a memory keyring"
    a.delete("mqtt.password")
    assert ring.entries == {}


def _settings_with_secrets() -> Any:
    from pipelines.core.settings import settings_from_dict

    return settings_from_dict(
        {
            "mqtt": {"username": "ann", "password": "broker-pw-42"},
            "vision": {"cameras": [{"name": "door", "source": "rtsp://user:secret@127.0.0.1/cam"}]},
        }
    )


@pytest.mark.parametrize("keyring_runs", [True, False])
def test_saved_settings_keep_masks_and_load_the_secrets_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keyring_runs: bool
) -> None:
    from pipelines.core import secrets
    from pipelines.core.settings import load_settings, save_settings

    ring = MemoryKeyring()
    monkeypatch.setattr(secrets, "_system_keyring", lambda: ring if keyring_runs else None)
    path = tmp_path / "settings.toml"
    save_settings(_settings_with_secrets(), path)
    text = path.read_text(encoding="utf-8")
    assert "broker-pw-42" not in text and "secret" not in text
    assert f'password = "{MASK}"' in text and f"rtsp://user:{MASK}@127.0.0.1/cam" in text
    assert (tmp_path / "passwords.json").exists() != keyring_runs
    assert len(ring.entries) == (2 if keyring_runs else 0)
    loaded = load_settings(path)
    assert loaded.mqtt.password == "broker-pw-42"
    assert loaded.vision.cameras[0].source == "rtsp://user:secret@127.0.0.1/cam"


def test_an_old_settings_file_is_migrated_on_first_start(home: Path) -> None:
    from pipelines.app_context import AppContext

    config = home / "config" / "settings.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[mqtt]\nusername = "ann"\npassword = "broker-pw-42"\n\n[vision]\n[[vision.cameras]]\n'
        'name = "door"\nsource = "rtsp://user:secret@127.0.0.1/cam"\n',
        encoding="utf-8",
    )
    app = AppContext.create(guard=False)
    try:
        assert app.settings.mqtt.password == "broker-pw-42"  # the broker still gets it
        rows = app.ledger.entries(kind="settings_changed")
    finally:
        app.close()
    assert "broker-pw-42" not in config.read_text() and "secret@" not in config.read_text()
    assert rows[0].detail == {
        "moved_to_keyring": ["mqtt.password", "vision.cameras[0].source"],
        "reason": "migration",
    }
    app = AppContext.create(guard=False)  # the second start has nothing left to move
    try:
        assert len(app.ledger.entries(kind="settings_changed")) == 1
        assert app.settings.vision.cameras[0].source == "rtsp://user:secret@127.0.0.1/cam"
    finally:
        app.close()


def test_log_lines_never_carry_a_camera_password_or_a_loaded_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from pipelines.core.redact import install_log_scrubber
    from pipelines.core.secrets import SecretStore

    install_log_scrubber()
    SecretStore(tmp_path, detect=False).set("mqtt.password", "broker-pw-42")
    with caplog.at_level(logging.INFO):
        logging.getLogger("pipelines.vision").info("cannot open %s", "rtsp://u:s3cr3t-cam@h/cam")
        logging.getLogger("paho").info("auth with broker-pw-42 refused")
    assert "s3cr3t-cam" not in caplog.text and "broker-pw-42" not in caplog.text
    assert f"rtsp://u:{MASK}@h/cam" in caplog.text
    assert scrub("pw broker-pw-42") == f"pw {MASK}"
