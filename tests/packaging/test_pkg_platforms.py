"""Dependencies without wheels on a platform: pyproject markers and what doctor says there."""

from __future__ import annotations

import importlib.util
import sys
import tomllib

import pytest
from homebody_packaging.constants import ROOT

from pipelines import doctor

NO_MACOS_WHEEL = ("vosk", "pymicro-wakeword")


def _dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def test_packages_without_macos_wheels_are_skipped_there_only() -> None:
    for dep in _dependencies():
        name = dep.split(";")[0].split(">=")[0].strip().lower()
        marked = "sys_platform != 'darwin'" in dep
        assert marked == (name in NO_MACOS_WHEEL), dep


@pytest.mark.parametrize("module", ["vosk", "pymicro_wakeword"])
def test_doctor_says_the_feature_is_off_on_macos_instead_of_reinstall(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        doctor.importlib.util, "find_spec", lambda name: None if name == module else real(name)
    )
    monkeypatch.setattr(sys, "platform", "darwin")
    check = next(c for c in doctor.check_system() if c.name == module)
    assert not check.ok
    assert "not available on macOS" in check.detail and "is off" in check.detail
    assert check.fix == ""
    monkeypatch.setattr(sys, "platform", "linux")  # elsewhere it is a broken install
    check = next(c for c in doctor.check_system() if c.name == module)
    assert check.detail.startswith("missing") and "reinstall" in check.fix


def test_self_test_skips_the_wake_word_where_its_package_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cli import selftest

    real = importlib.util.find_spec
    monkeypatch.setattr(
        selftest.importlib.util,
        "find_spec",
        lambda name: None if name == "pymicro_wakeword" else real(name),
    )
    with pytest.raises(selftest.Skipped, match="wake word is off"):
        selftest.check_wake_word(object())
