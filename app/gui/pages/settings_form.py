"""Turn the settings form's widget values into a validated :class:`Settings` and back.

Kept apart from the page layout so the mapping is easy to read and test.
"""

from __future__ import annotations

from typing import Any

from pipelines.core.redact import MASK, mask_password, url_password, with_password
from pipelines.core.settings import settings_from_dict, settings_to_dict
from pipelines.core.settings_schema import CameraSettings, Settings

RETENTION_CATEGORIES = (
    ("history", "Conversation history"),
    ("sightings", "Object sightings"),
    ("thumbnails", "Object thumbnails"),
    ("heard_commands", "Commands heard"),
)


def apply_changes(current: Settings, values: dict[str, Any]) -> Settings:
    """A new Settings with ``values`` (dotted keys) applied, validated like a TOML file.

    Raises :class:`SettingsError` naming the offending field.
    """
    data = settings_to_dict(current)
    for key, value in values.items():
        section, _, name = key.partition(".")
        data[section][name] = value
    return settings_from_dict(data)


def cameras_to_rows(cameras: tuple[CameraSettings, ...]) -> list[tuple[str, str, bool]]:
    """Table rows; a camera's password shows as ``•••`` (it stays in the keyring)."""
    return [(c.name, mask_password(c.source), c.enabled) for c in cameras]


def rows_to_cameras(
    rows: list[tuple[str, str, bool]], old: tuple[CameraSettings, ...]
) -> list[dict[str, Any]]:
    """Camera tables for the settings dict; keeps each camera's zones and sampling rate."""
    by_name = {c.name: c for c in old}
    out: list[dict[str, Any]] = []
    for name, source, enabled in rows:
        if not name.strip() and not source.strip():
            continue
        base = by_name.get(name.strip())
        source = source.strip()
        if f":{MASK}@" in source and base is not None:  # unchanged password: the stored one
            source = with_password(source, url_password(base.source))
        entry: dict[str, Any] = {"name": name.strip(), "source": source, "enabled": enabled}
        if base is not None:
            entry["sample_fps"] = base.sample_fps
            entry["zones"] = dict(base.zones)
        out.append(entry)
    return out
