"""A detector from the first run: setup caches it, a new home gets it without a model command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipelines.models.manager import ModelManager
from pipelines.vision import first_run
from pipelines.vision.first_run import cache_for_setup, ensure_detector

ROOT = Path(__file__).resolve().parents[2]


def test_setup_caches_from_a_mirror_then_a_new_home_installs_from_the_cache(
    app: Any, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "venv-share"
    monkeypatch.setattr(first_run, "setup_cache", lambda: cache)
    monkeypatch.setenv("HOMEBODY_MODEL_MIRROR", str(shared / "models"))
    message = cache_for_setup()
    assert "Installed the yolox-nano object detector from" in message and "sha256" in message
    assert ModelManager(cache).is_installed("yolox-nano")
    assert "ready" in cache_for_setup()  # the second setup run does nothing

    monkeypatch.delenv("HOMEBODY_MODEL_MIRROR")
    manager = ModelManager.from_app(app)
    assert not manager.is_installed("yolox-nano")
    assert ensure_detector(manager) == "installed"
    assert manager.is_installed("yolox-nano")
    assert ensure_detector(manager) == "already installed"
    installed = app.ledger.entries(kind="model_installed")
    assert installed and installed[0].detail["source"] == "mirror"


def test_doctor_says_a_detector_in_the_setup_cache_is_ready_not_missing(
    app: Any, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app copies the setup cache's detector into a new home on first use, so doctor must
    not tell the user to install it (nor does ``models list``)."""
    from pipelines.doctor import check_models

    def yolox() -> Any:
        return next(c for c in check_models(app) if c.name == "yolox-nano")

    monkeypatch.setattr(first_run, "local_mirrors", lambda **_kw: [])
    assert not yolox().ok and "not installed" in yolox().detail
    cache = tmp_path / "venv-share"
    monkeypatch.setattr(first_run, "setup_cache", lambda: cache)
    monkeypatch.setenv("HOMEBODY_MODEL_MIRROR", str(shared / "models"))
    cache_for_setup()
    monkeypatch.setattr(first_run, "local_mirrors", lambda **_kw: [cache])
    check = yolox()
    assert check.ok and "ready" in check.detail and "first use" in check.detail
    assert not ModelManager.from_app(app).is_installed("yolox-nano")  # doctor changed nothing


def test_a_corrupt_cache_is_refused_and_nothing_is_installed(
    app: Any, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "venv-share"
    (cache / "yolox-nano").mkdir(parents=True)
    shutil.copy(shared / "models/vision/yolox_nano/coco_classes.txt", cache / "yolox-nano")
    (cache / "yolox-nano/yolox_nano.onnx").write_bytes(b"not a model")
    monkeypatch.setattr(first_run, "local_mirrors", lambda **_kw: [cache])
    manager = ModelManager.from_app(app)
    assert ensure_detector(manager) == "unavailable"
    assert not manager.is_installed("yolox-nano")


def test_offline_setup_says_how_to_add_the_detector_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_run, "local_mirrors", lambda **_kw: [])
    import pipelines.models.manager as manager_module

    def offline(*_a: Any, **_k: Any) -> None:
        from pipelines.core.errors import ModelError

        raise ModelError("Could not download yolox_nano.onnx: network is unreachable")

    monkeypatch.setattr(manager_module, "download_file", offline)
    message = cache_for_setup(cache=tmp_path / "cache")
    assert "network is unreachable" in message
    assert "homebody models install yolox-nano" in message


@pytest.mark.slow
def test_first_run_on_a_clean_home_answers_where_cup_without_a_model_command(
    shared: Path, photos: dict[str, Path], tmp_path: Path
) -> None:
    """Acceptance: setup's detector step, then a brand-new HOMEBODY_HOME with one image-folder
    camera in its settings: watching and asking need no `models install`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOMEBODY_HOME=str(tmp_path / "setup-user"))
    env.pop("HOMEBODY_MODEL_MIRROR", None)

    def homebody(*args: str, module: str = "app.cli.main") -> str:
        done = subprocess.run(
            [sys.executable, "-m", module, *args], env=env, capture_output=True, text=True,
            timeout=300, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    homebody(module="pipelines.vision.first_run")  # what ./scripts/setup runs
    assert ModelManager(first_run.setup_cache()).is_installed("yolox-nano")

    home = tmp_path / "clean-home"
    kitchen = tmp_path / "kitchen"
    kitchen.mkdir()
    shutil.copy(photos["coffee"], kitchen / "counter.png")
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        f'[[vision.cameras]]\nname = "kitchen"\nsource = "{kitchen}"\n', encoding="utf-8"
    )
    env["HOMEBODY_HOME"] = str(home)
    assert not (home / "models" / "yolox-nano").exists()
    homebody("vision", "watch-all")
    answer = homebody("where", "cup")
    assert "kitchen camera" in answer and "cup" in answer, answer
