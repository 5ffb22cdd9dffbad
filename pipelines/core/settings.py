"""Load, validate and save :class:`Settings` from a TOML file.

The rules live in the schema (:mod:`pipelines.core.settings_schema`); this module reads and
writes TOML (``tomllib``/``tomli-w``), validates the data with pydantic and turns its errors
into friendly ones: an unknown key, a wrong type or a bad value is reported with its full
dotted name (``audio.wake_sensitivty``) and a suggestion where one is close.

pydantic is imported only when there is data to validate (~60 ms of start-up): with no
settings file, ``homebody ask`` runs on the schema's defaults without it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import registry, settings_rules, settings_schema
from .errors import SettingsError
from .paths import AppPaths, code_stamp
from .private_fs import private_dir, write_private
from .settings_rules import Choice, Range, structure, suggestion
from .settings_schema import Settings
from .settings_secrets import hide_secrets, plain_secrets, reveal_secrets

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError


def _adapter(hint: Any) -> TypeAdapter[Any]:
    """pydantic's validator for ``hint`` (a schema class or field type)."""
    # lazy: start-up speed (pydantic loads only when there is settings data to validate)
    from pydantic import TypeAdapter

    return TypeAdapter(hint)


_settings_adapter = functools.cache(functools.partial(_adapter, Settings))
"""The validator of the whole settings, built once per process on first use."""

_EXPECTED = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "dict_type": "expected a table",
    "dataclass_type": "expected a table",
    "dataclass_args_type": "expected a table",
}


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _field_names(loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the settings table at ``loc`` (for "did you mean")."""
    cls: Any = Settings
    for part in loc:
        if isinstance(part, int):
            continue
        hints = typing.get_type_hints(cls)
        if part not in hints:
            return []
        cls = hints[part]
        while typing.get_origin(cls) is tuple:
            cls = typing.get_args(cls)[0]
    return [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []


def _message(error: Any) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        name = str(loc[-1])
        hint = suggestion(name, _field_names(loc[:-1])).replace(" — did you mean", "; did you mean")
        return f"{_dotted(loc)}: unknown setting{hint}"
    if kind in ("missing_argument", "missing"):
        return f"{_dotted(loc[:-1]) or 'settings'}: missing required {loc[-1]}"
    if kind in _EXPECTED:
        return f"{_dotted(loc)}: {_EXPECTED[kind]}, got {error['input']!r}"
    return f"{_dotted(loc)}: {error['msg']}"


def settings_error(exc: ValidationError) -> SettingsError:
    """One :class:`SettingsError` naming every bad setting in ``exc`` by its dotted name."""
    messages = list(dict.fromkeys(_message(error) for error in exc.errors()))
    return SettingsError("; ".join(messages))


def settings_from_dict(data: dict[str, Any]) -> Settings:
    """Validated :class:`Settings` from plain TOML data (tables, lists, scalars)."""
    # lazy: start-up speed (pydantic loads only when there is settings data to validate)
    from pydantic import ValidationError

    try:
        settings: Settings = _settings_adapter().validate_python(data)
    except ValidationError as exc:
        raise settings_error(exc) from exc
    return settings


_SCHEMA = (settings_schema.__name__, settings_rules.__name__, registry.__name__)


def _fingerprint(text: str) -> str:
    """The settings text and the schema it was checked against (its modules' size and time)."""
    digest = hashlib.sha256(code_stamp(*_SCHEMA).encode("ascii") + b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _checked_mark(path: Path) -> Path | None:
    """Where the fingerprint of the app's settings file, as last accepted, is kept (the
    cache folder); None for any other file."""
    paths = AppPaths.from_environment()
    return paths.cache_dir / "settings-checked" if path == paths.config_file else None


def _mark_checked(path: Path, text: str) -> None:
    """Remember that pydantic accepted ``text`` (a cache: failing to write it costs time)."""
    mark = _checked_mark(path)
    try:
        if mark is not None:
            private_dir(mark.parent)
            write_private(mark, _fingerprint(text).encode("ascii"), sync=False)
    except OSError:
        pass


def _checked_before(path: Path, text: str, data: dict[str, Any]) -> Settings | None:
    """The settings of a file whose very text pydantic accepted before, against this schema,
    built without pydantic (its import and checks cost ~60 ms of every `homebody ask` once a
    settings file exists); None when the text is new or the mark is unreadable."""
    mark = _checked_mark(path)
    try:
        if mark is None or mark.read_text(encoding="ascii") != _fingerprint(text):
            return None
        settings: Settings = structure(Settings, data)
    except (OSError, ValueError, SettingsError, TypeError, AttributeError):
        return None
    return settings


def load_settings(path: Path | None = None, *, reveal: bool = True) -> Settings:
    """Load settings from ``path`` (default: the platform config file); missing file = defaults.

    ``reveal``: put the passwords the file masks back from the keyring."""
    if path is None:
        path = AppPaths.from_environment().config_file
    if not path.exists():
        return Settings()
    # lazy: start-up speed (tomllib loads only when there is a settings file to read)
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror})") from exc
    settings = _checked_before(path, text, data)
    if settings is None:
        try:
            settings = settings_from_dict(data)
        except SettingsError as exc:
            raise SettingsError(f"{path}: {exc.message}") from exc
        _mark_checked(path, text)
    return reveal_secrets(settings, path.parent) if reveal else settings


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """Plain TOML data (tables, lists, scalars) of ``settings``."""
    data: dict[str, Any] = _settings_adapter().dump_python(settings, mode="json")
    return data


def dump_settings(settings: Settings) -> str:
    """``settings`` as TOML text: one table per section, lists of tables for cameras etc."""
    # lazy: start-up speed (tomli_w loads only when settings are written)
    import tomli_w

    return tomli_w.dumps(settings_to_dict(settings))


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write settings atomically (temp file + rename) so a crash never leaves half a file.

    Passwords go to the keyring (:mod:`pipelines.core.settings_secrets`); the owner-only
    file keeps a mask in their place."""
    if path is None:
        path = AppPaths.from_environment().ensure().config_file
    private_dir(path.parent)
    text = dump_settings(hide_secrets(settings, path.parent))
    write_private(path, text.encode("utf-8"))
    _mark_checked(path, text)  # built by the schema: the next start need not check it again
    return path


def load_on_start(path: Path) -> tuple[Settings, list[str]]:
    """The settings a starting app runs on, read and validated once, and the names of the
    plain secrets an older file held: those are moved into the keyring first and the file is
    rewritten with masks."""
    if not path.exists():
        return Settings(), []
    settings = load_settings(path, reveal=False)
    moved = plain_secrets(settings)
    if moved:
        save_settings(settings, path)
        return load_settings(path), moved
    return reveal_secrets(settings, path.parent), moved


def _field_hint(dotted: str) -> Any:
    cls: Any = Settings
    *tables, name = dotted.split(".")
    try:
        for part in tables:
            cls = typing.get_type_hints(cls)[part]
        return typing.get_type_hints(cls, include_extras=True)[name]
    except (KeyError, TypeError) as exc:
        raise SettingsError(f"{dotted}: unknown setting") from exc


def field_rule(dotted: str) -> Range | Choice | None:
    """The range or choice the schema declares for ``dotted`` ("vision.min_confidence")."""
    rules = [
        m for m in getattr(_field_hint(dotted), "__metadata__", ()) if isinstance(m, Range | Choice)
    ]
    return rules[0] if rules else None


def parse_setting(dotted: str, text: str) -> Any:
    """``text`` (a command-line value) as a value of setting ``dotted``, checked against the
    schema's type, range and choices; the :class:`SettingsError` says what is wrong without
    the name (the caller knows which flag it was)."""
    hint = _field_hint(dotted)
    kind = (typing.get_origin(hint) and typing.get_args(hint)[0]) or hint
    try:
        value: Any = {int: int, float: float}.get(kind, str)(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"expected {what}, not {text!r}") from None
    # lazy: start-up speed (pydantic loads only when there is settings data to validate)
    from pydantic import ValidationError

    try:
        return _adapter(hint).validate_python(value)
    except ValidationError as exc:
        raise SettingsError(f"{exc.errors()[0]['msg']} ({dotted})") from exc
