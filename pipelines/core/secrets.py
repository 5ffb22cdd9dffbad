"""Passwords in the OS keyring, never in ``settings.toml``.

The MQTT password and camera passwords go through the ``keyring`` package: Secret Service or
KWallet on Linux, the Keychain on macOS, the Credential Locker on Windows. Where no keyring
service runs (a headless box, CI, a minimal desktop) they go to ``passwords.json`` beside the
settings, an owner-only (``0600``) file, and ``homebody doctor`` says so in one line.
``HOMEBODY_KEYRING=file`` chooses that file on purpose (a portable install on a USB stick).

Each install has its own entries: the keyring's service is ``homebody`` and each entry's name
carries the settings folder, so a test or portable ``HOMEBODY_HOME`` never sees another's.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .private_fs import write_private
from .redact import register_secret

log = logging.getLogger(__name__)

SERVICE = "homebody"
FALLBACK_FILE = "passwords.json"
MQTT_PASSWORD = "mqtt.password"


def camera_key(redacted_source: str) -> str:
    """The entry of a camera's password: its address with the password masked."""
    return f"camera {redacted_source}"


def _no_session_bus() -> bool:
    """On Linux and the BSDs, Secret Service and KWallet answer on the D-Bus session bus: with
    no bus there is no keyring service, and importing ``keyring`` to find that out costs about
    a second of start-up on a headless box."""
    if sys.platform in ("darwin", "win32") or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return not os.path.exists(os.path.join(runtime, "bus"))


def _system_keyring() -> Any | None:
    """The keyring backend when a real keyring service runs, else None."""
    if os.environ.get("HOMEBODY_KEYRING", "").lower() == "file" or _no_session_bus():
        return None
    try:
        # lazy: start-up speed (keyring, keyring.backend load only when _system_keyring() runs)
        import keyring
        from keyring.backend import KeyringBackend
    except ImportError:
        return None
    try:
        backend: KeyringBackend = keyring.get_keyring()
        priority = float(backend.priority)
    except Exception:  # a broken keyring configuration: the file fallback still works
        log.info("no usable keyring backend", exc_info=True)
        return None
    # priority < 1: keyring's "fail" backend or a plain-text one (keyrings.alt), which is no
    # safer than our own owner-only file
    return backend if priority >= 1 else None


def backend_label(backend: Any) -> str:
    name = type(backend).__module__.rsplit(".", 1)[-1]
    return {
        "SecretService": "Secret Service",
        "kwallet": "KWallet",
        "macOS": "the macOS Keychain",
        "Windows": "the Windows Credential Locker",
        "chainer": "the system keyring",
    }.get(name, getattr(backend, "name", name))


class SecretStore:
    """Get, set and delete the secrets of one install (one settings folder)."""

    def __init__(self, config_dir: Path, backend: Any | None = None, *, detect: bool = True):
        self.config_dir = config_dir
        self.fallback_path = config_dir / FALLBACK_FILE
        self.backend = backend if backend is not None or not detect else _system_keyring()

    @property
    def uses_keyring(self) -> bool:
        return self.backend is not None

    def describe(self) -> str:
        if self.backend is not None:
            return f"in {backend_label(self.backend)}"
        return f"in {self.fallback_path} (readable only by you; no keyring service is running)"

    def _name(self, key: str) -> str:
        return f"{key} ({self.config_dir})"

    # -- the fallback file ----------------------------------------------------------------------
    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.fallback_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning(
                "%s cannot be read (%s); its passwords are ignored", self.fallback_path, exc
            )
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        if not data:
            self.fallback_path.unlink(missing_ok=True)
            return
        self.config_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        write_private(self.fallback_path, text.encode("utf-8"))

    # -- the store ------------------------------------------------------------------------------
    def get(self, key: str) -> str | None:
        value: str | None = None
        if self.backend is not None:
            try:
                value = self.backend.get_password(SERVICE, self._name(key))
            except Exception as exc:  # locked or vanished keyring: try the file
                log.warning("the keyring could not be read (%s)", type(exc).__name__)
        if value is None:
            value = self._read_file().get(key)
        if value:
            register_secret(value)
        return value

    def set(self, key: str, value: str) -> None:
        """Store ``value`` (an empty value deletes the entry)."""
        if not value:
            self.delete(key)
            return
        register_secret(value)
        if self.backend is not None:
            try:
                self.backend.set_password(SERVICE, self._name(key), value)
            except Exception as exc:
                log.warning(
                    "the keyring refused the password (%s); it goes to the owner-only file %s",
                    type(exc).__name__,
                    self.fallback_path,
                )
            else:
                self._drop_from_file(key)
                return
        data = self._read_file()
        if data.get(key) != value:
            data[key] = value
            self._write_file(data)

    def delete(self, key: str) -> None:
        if self.backend is not None:
            # not there (PasswordDeleteError) or a locked keyring
            with contextlib.suppress(Exception):
                self.backend.delete_password(SERVICE, self._name(key))
        self._drop_from_file(key)

    def _drop_from_file(self, key: str) -> None:
        data = self._read_file()
        if key in data:
            del data[key]
            self._write_file(data)
