from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from pipelines.core.errors import SettingsError
from pipelines.core.paths import AppPaths
from pipelines.core.registry import TTS_VOICES, VAD_KINDS, values
from pipelines.core.settings import (
    field_rule,
    load_settings,
    parse_setting,
    save_settings,
    settings_from_dict,
    settings_to_dict,
)
from pipelines.core.settings_rules import Choice
from pipelines.core.settings_schema import (
    AudioSettings,
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


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"audio": {"whisper_model": "bas"}},
            "audio.whisper_model: 'bas' is not one of base, tiny.en, off — did you mean 'base'?",
        ),
        ({"audio": {"speech_engine": "voks"}}, "did you mean 'vosk'?"),
        ({"audio": {"wake_word": "okay_nabo"}}, "did you mean 'okay_nabu'?"),
        ({"audio": {"tts": "festival"}}, "audio.tts: 'festival' is not one of auto, piper"),
        ({"audio": {"wake_word_enabled": 1}}, "audio.wake_word_enabled: expected true or false"),
        ({"vision": {"min_confidence": float("nan")}}, "vision.min_confidence: nan is outside"),
        ({"audio": []}, "audio: expected a table"),
        (
            {"vision": {"cameras": [{"name": "k", "source": "0", "zones": {"z": [["x"]]}}]}},
            "vision.cameras[0].zones.z[0][0]: expected a number",
        ),
    ],
)
def test_choices_and_ranges_come_from_the_schema(data: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError) as info:
        settings_from_dict(data)
    assert message in str(info.value)


def test_every_bad_setting_is_named_at_once() -> None:
    with pytest.raises(SettingsError) as info:
        settings_from_dict({"audio": {"volume": 300, "vad": "loud"}})
    assert "audio.volume: 300 is outside 0..100" in str(info.value)
    assert "audio.vad: 'loud' is not one of webrtc, silero, energy" in str(info.value)


def test_replace_is_validated_too() -> None:
    """The GUI and skills change settings with dataclasses.replace: the same rules hold."""
    with pytest.raises(SettingsError, match=r"volume: 101 is outside 0\.\.100"):
        dataclasses.replace(Settings().audio, volume=101)
    with pytest.raises(SettingsError, match="vad: 'loud' is not one of webrtc"):
        dataclasses.replace(Settings().audio, vad="loud")
    with pytest.raises(SettingsError, match="wake_word_enabled: expected true or false"):
        dataclasses.replace(Settings().audio, wake_word_enabled=1)
    with pytest.raises(SettingsError, match=r"cameras: expected a tuple"):
        dataclasses.replace(Settings().vision, cameras=[{"name": "k", "source": "0"}])
    with pytest.raises(SettingsError, match=r"zones: expected a number, got 'x'"):
        CameraSettings("k", "0", zones={"z": [["x"]]})
    assert dataclasses.replace(Settings().audio, volume=100).volume == 100
    assert dataclasses.replace(Settings().audio, tts="qt").tts == "auto"  # legacy value


def test_defaults_keep_the_schema_rules() -> None:
    """Settings() is built without pydantic: the defaults pass pydantic's validation as is."""
    assert settings_from_dict(settings_to_dict(Settings())) == Settings()
    assert settings_from_dict({}) == Settings()


def test_the_unimplemented_qt_voice_of_old_files_loads_as_auto(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[audio]\ntts = "qt"\n', encoding="utf-8")
    assert load_settings(path).audio.tts == "auto"
    assert "qt" not in values(TTS_VOICES)


def test_written_file_is_plain_toml(tmp_path: Path) -> None:
    settings = Settings(audio=AudioSettings(volume=40, voice='en "gb"'))
    path = save_settings(settings, tmp_path / "settings.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["audio"]["volume"] == 40 and data["audio"]["voice"] == 'en "gb"'


def test_cli_flags_use_the_schema_rules() -> None:
    assert parse_setting("vision.min_confidence", "0.5") == 0.5
    with pytest.raises(SettingsError, match=r"-1 is outside 0..1 \(vision.min_confidence\)"):
        parse_setting("vision.min_confidence", "-1")
    with pytest.raises(SettingsError, match="expected a whole number"):
        parse_setting("nlu.threads", "two")
    with pytest.raises(SettingsError, match="did you mean 'vosk'"):
        parse_setting("audio.speech_engine", "vsk")
    assert isinstance(field_rule("audio.tts"), Choice)


def test_a_settings_file_accepted_before_loads_without_pydantic(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own settings file is checked by pydantic once per content (and schema); a
    later start builds the same Settings without it. A changed or bad file is checked again."""
    from pipelines.core import settings as module

    path = AppPaths.from_environment().ensure().config_file
    path.write_text(
        '[audio]\nvolume = 40\nwake_sensitivity = 1\ntts = "qt"\n'
        "[privacy.retention_days]\nhistory = 3\n"
        '[[vision.cameras]]\nname = "k"\nsource = "0"\nzones = {z = [[0, 1]]}\n',
        encoding="utf-8",
    )
    first = load_settings(path)
    checked: list[object] = []
    original = module.settings_from_dict
    monkeypatch.setattr(module, "settings_from_dict", lambda d: checked.append(d) or original(d))
    again = load_settings(path)
    assert checked == [] and again == first
    assert again.audio.wake_sensitivity == 1.0 and isinstance(again.audio.wake_sensitivity, float)
    assert again.audio.tts == "auto" and isinstance(again.vision.cameras, tuple)
    assert again.vision.cameras[0].zones == {"z": [[0.0, 1.0]]}
    path.write_text(path.read_text(encoding="utf-8").replace("40", "41"), encoding="utf-8")
    assert load_settings(path).audio.volume == 41 and len(checked) == 1
    path.write_text("[audio]\nvolume = 400\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SettingsError, match="400 is outside"):
            load_settings(path)
    saved = save_settings(dataclasses.replace(first, audio=AudioSettings(volume=30)), path)
    assert load_settings(saved).audio.volume == 30 and len(checked) == 3  # written: known good


def test_silero_is_the_default_vad_and_a_chosen_one_stays(tmp_path: Path) -> None:
    """Silero VAD became the default (issue 23: it ends where the words end in a noise that
    just began); a household that chose WebRTC keeps it, and the registry names the default."""
    assert Settings().audio.vad == "silero"
    path = tmp_path / "settings.toml"
    path.write_text('[audio]\nvad = "webrtc"\nvad_aggressiveness = 3\n', encoding="utf-8")
    audio = load_settings(path).audio
    assert (audio.vad, audio.vad_aggressiveness) == ("webrtc", 3)
    labels = {o.value: o.label for o in VAD_KINDS}
    assert "default" in labels["silero"] and "default" not in labels["webrtc"]
    assert parse_setting("audio.vad", "webrtc") == "webrtc"
