"""Load, validate and save :class:`Settings` from a TOML file.

Validation is strict and friendly: an unknown key, a wrong type or a bad value is reported
with its full dotted name (``audio.wake_sensitivty``) and a suggestion where one is close.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

from .errors import SettingsError
from .settings_schema import Settings

_CHOICES: dict[str, tuple[str, ...]] = {
    "general.theme": ("light", "dark", "system"),
    "audio.vad": ("webrtc", "silero", "energy"),
    "audio.speech_engine": ("auto", "pocketsphinx", "vosk"),
    "audio.whisper_model": ("base", "tiny.en", "off"),
    "audio.tts": ("auto", "piper", "espeak", "qt", "none"),
    "devices.kind": ("light", "switch"),
}
_RANGES: dict[str, tuple[float, float]] = {
    "audio.wake_sensitivity": (0.0, 1.0),
    "audio.volume": (0, 100),
    "audio.vad_aggressiveness": (0, 3),
    "audio.trailing_silence_ms": (100, 5000),
    "audio.quick_end_silence_ms": (0, 5000),
    "nlu.confidence_threshold": (0.0, 1.0),
    "nlu.threads": (1, 64),
    "vision.min_confidence": (0.0, 1.0),
    "vision.threads": (1, 64),
    "mqtt.port": (1, 65535),
    "general.history_size": (1, 10000),
    "wyoming.max_sessions": (1, 32),
    "wyoming.audio_timeout_s": (0.1, 600),
    "wyoming.idle_timeout_s": (1, 86400),
    "wyoming.max_audio_s": (1, 600),
    "wyoming.remote_timeout_s": (0.1, 120),
    "wyoming.satellites.port": (1, 65535),
}


def _convert(value: Any, hint: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, dict):
            raise SettingsError(f"{key}: expected a table, got {type(value).__name__}")
        return _build(hint, value, key)
    if origin is tuple:
        if not isinstance(value, list):
            raise SettingsError(f"{key}: expected a list, got {type(value).__name__}")
        return tuple(_convert(v, args[0], f"{key}[{i}]") for i, v in enumerate(value))
    if origin is list:
        if not isinstance(value, list):
            raise SettingsError(f"{key}: expected a list, got {type(value).__name__}")
        return [_convert(v, args[0], f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise SettingsError(f"{key}: expected a table, got {type(value).__name__}")
        return {str(k): _convert(v, args[1], f"{key}.{k}") for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        for option in args:
            try:
                return _convert(value, option, key)
            except SettingsError:
                continue
        raise SettingsError(f"{key}: {value!r} is not a valid value")
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"{key}: expected a number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{key}: expected a whole number, got {value!r}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{key}: expected true or false, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise SettingsError(f"{key}: expected text, got {value!r}")
        return value
    return value


def _check(key: str, value: Any) -> None:
    generic = re.sub(r"\[\d+\]", "", key).replace("mqtt.devices", "devices")
    if generic in _CHOICES and value not in _CHOICES[generic]:
        raise SettingsError(f"{key}: {value!r} is not one of {', '.join(_CHOICES[generic])}")
    if generic in _RANGES:
        low, high = _RANGES[generic]
        if not low <= value <= high:
            raise SettingsError(f"{key}: {value!r} is outside {low:g}..{high:g}")


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = f"{prefix}.{raw_key}" if prefix else raw_key
        if raw_key not in fields:
            close = difflib.get_close_matches(raw_key, list(fields), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise SettingsError(f"{key}: unknown setting{hint}")
        converted = _convert(value, hints[raw_key], key)
        _check(key, converted)
        kwargs[raw_key] = converted
    missing = [
        name
        for name, f in fields.items()
        if name not in kwargs
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise SettingsError(f"{prefix or 'settings'}: missing required {', '.join(missing)}")
    return cls(**kwargs)


def settings_from_dict(data: dict[str, Any]) -> Settings:
    result: Settings = _build(Settings, data, "")
    return result


def load_settings(path: Path | None = None, *, reveal: bool = True) -> Settings:
    """Load settings from ``path`` (default: the platform config file); missing file = defaults.

    ``reveal``: put the passwords the file masks back from the keyring."""
    if path is None:
        from .paths import AppPaths

        path = AppPaths.from_environment().config_file
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        settings = settings_from_dict(data)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc.message}") from exc
    from .settings_secrets import reveal_secrets

    return reveal_secrets(settings, path.parent) if reveal else settings


def settings_to_dict(settings: Any) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, tuple | list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    return {k: clean(v) for k, v in dataclasses.asdict(settings).items()}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise SettingsError(f"cannot store {value!r} in settings")


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else _toml_value(key)


def dump_settings(settings: Settings) -> str:
    lines: list[str] = []
    for section, values in settings_to_dict(settings).items():
        lines.append(f"[{section}]")
        tables: list[tuple[str, list[dict[str, Any]]]] = []
        for key, value in values.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                tables.append((key, value))
            else:
                lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
        lines.append("")
        for key, rows in tables:
            for row in rows:
                lines.append(f"[[{section}.{key}]]")
                lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in row.items())
                lines.append("")
    return "\n".join(lines)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write settings atomically (temp file + rename) so a crash never leaves half a file.

    Passwords go to the keyring (:mod:`pipelines.core.settings_secrets`); the owner-only
    file keeps a mask in their place."""
    if path is None:
        from .paths import AppPaths

        path = AppPaths.from_environment().ensure().config_file
    from .private_fs import private_dir, write_private
    from .settings_secrets import hide_secrets

    private_dir(path.parent)
    text = dump_settings(hide_secrets(settings, path.parent))
    write_private(path, text.encode("utf-8"))
    return path
