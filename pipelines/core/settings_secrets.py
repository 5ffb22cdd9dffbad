"""Secrets between ``settings.toml`` and the keyring.

On disk the settings keep a mask where a secret was: ``password = "•••"`` under ``[mqtt]`` and
``rtsp://user:•••@host/cam`` as a camera's source. In memory (:class:`Settings` as loaded) the
real values are back, so the MQTT client and the camera open with them; every place that shows
a camera address runs it through :func:`pipelines.core.redact.redact_url`.

A settings file written by an older version (a plain ``mqtt.password``, a camera URL with its
password) is migrated on start: :func:`pipelines.core.settings.load_on_start` moves
the values into the keyring and rewrites the file with masks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from .redact import MASK, mask_password, register_secret, url_password, with_password
from .secrets import MQTT_PASSWORD, SecretStore, camera_key
from .settings_schema import Settings

StoreFactory = Callable[[], SecretStore]


def _lazy(config_dir: Path) -> StoreFactory:
    """Build the store (which imports ``keyring`` and asks D-Bus) only when it is needed."""
    made: list[SecretStore] = []

    def get() -> SecretStore:
        if not made:
            made.append(SecretStore(config_dir))
        return made[0]

    return get


def plain_secrets(settings: Settings) -> list[str]:
    """Names of the secrets ``settings`` hold in plain text (not yet moved to the keyring)."""
    names = ["mqtt.password"] if settings.mqtt.password not in ("", MASK) else []
    names += [
        f"vision.cameras[{i}].source"
        for i, camera in enumerate(settings.vision.cameras)
        if url_password(camera.source)
    ]
    return names


def reveal_secrets(
    settings: Settings, config_dir: Path, store: StoreFactory | None = None
) -> Settings:
    """``settings`` with each mask replaced by its secret from the store (left as is when the
    store has none: doctor reports it)."""
    factory = store or _lazy(config_dir)
    mqtt = settings.mqtt
    if mqtt.password == MASK:
        mqtt = dataclasses.replace(mqtt, password=factory().get(MQTT_PASSWORD) or MASK)
    elif mqtt.password:
        register_secret(mqtt.password)
    cameras = []
    for camera in settings.vision.cameras:
        source = camera.source
        if f":{MASK}@" in source:
            source = with_password(source, factory().get(camera_key(source)) or "")
        elif url_password(source):
            register_secret(url_password(source))
        cameras.append(
            camera if source == camera.source else dataclasses.replace(camera, source=source)
        )
    if mqtt is settings.mqtt and cameras == list(settings.vision.cameras):
        return settings
    vision = dataclasses.replace(settings.vision, cameras=tuple(cameras))
    return dataclasses.replace(settings, mqtt=mqtt, vision=vision)


def hide_secrets(
    settings: Settings, config_dir: Path, store: StoreFactory | None = None
) -> Settings:
    """Store each secret of ``settings`` and return the settings with masks in their place."""
    factory = store or _lazy(config_dir)
    mqtt = settings.mqtt
    if mqtt.password and mqtt.password != MASK:
        _store(factory, MQTT_PASSWORD, mqtt.password)
        mqtt = dataclasses.replace(mqtt, password=MASK)
    elif not mqtt.password and _has_stored(config_dir):
        factory().delete(MQTT_PASSWORD)
    cameras = []
    for camera in settings.vision.cameras:
        password = url_password(camera.source)
        if password:
            masked = mask_password(camera.source)
            _store(factory, camera_key(masked), password)
            camera = dataclasses.replace(camera, source=masked)
        cameras.append(camera)
    vision = dataclasses.replace(settings.vision, cameras=tuple(cameras))
    return dataclasses.replace(settings, mqtt=mqtt, vision=vision)


def _store(factory: StoreFactory, key: str, value: str) -> None:
    """Write only what changed: saving the volume must not rewrite (or unlock) the keyring."""
    if factory().get(key) != value:
        factory().set(key, value)


def _has_stored(config_dir: Path) -> bool:
    """Whether an MQTT password was saved before (the settings file on disk masks one)."""
    try:
        text = (config_dir / "settings.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return f'password = "{MASK}"' in text
