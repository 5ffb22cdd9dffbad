from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.errors import SettingsError
from pipelines.core.paths import AppPaths
from pipelines.core.settings import load_settings, save_settings, settings_from_dict
from pipelines.core.settings_schema import (
    CameraSettings,
    DeviceSettings,
    MqttSettings,
    Settings,
    VisionSettings,
)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    settings = Settings(
        mqtt=MqttSettings(port=1884, devices=(DeviceSettings("lamp", room="den"),)),
        vision=VisionSettings(
            cameras=(CameraSettings("kitchen", "/videos", zones={"counter": [[0.0, 0.5]]}),)
        ),
    )
    path = save_settings(settings, tmp_path / "settings.toml")
    assert load_settings(path) == settings


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"audio": {"wake_sensitivty": 0.3}},
            "audio.wake_sensitivty: unknown setting; did you mean 'wake_sensitivity'",
        ),
        ({"audio": {"volume": 300}}, "audio.volume: 300 is outside 0..100"),
        ({"audio": {"volume": "loud"}}, "audio.volume: expected a whole number"),
        ({"general": {"theme": "purple"}}, "general.theme: 'purple' is not one of"),
        ({"mqtt": {"devices": [{"kind": "light"}]}}, "mqtt.devices[0]: missing required name"),
        ({"mqtt": {"devices": [{"name": "x", "kind": "fan"}]}}, "mqtt.devices[0].kind"),
        ({"nope": {}}, "nope: unknown setting"),
    ],
)
def test_errors_name_the_bad_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError) as info:
        settings_from_dict(data)
    assert message in str(info.value)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[audio\nvolume = 3", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(path)


def test_homebody_home_overrides_every_directory(home: Path) -> None:
    paths = AppPaths.from_environment()
    for folder in (paths.config_dir, paths.data_dir, paths.models_dir, paths.cache_dir):
        assert home in folder.parents
