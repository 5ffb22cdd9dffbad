"""A downloadable model a source install already has through a Python package is reported as
available (models list, doctor), never in a frozen build and never as installed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.models.manager import ModelManager


@pytest.fixture
def manager(tmp_path: Path) -> ModelManager:
    return ModelManager(tmp_path / "models")


def test_source_install_has_the_wheels_lm(manager: ModelManager) -> None:
    pytest.importorskip("pocketsphinx")
    assert not manager.is_installed("pocketsphinx-en-us-lm")
    assert manager.provided_by_package("pocketsphinx-en-us-lm")
    assert manager.available("pocketsphinx-en-us-lm")


def test_frozen_build_needs_the_download(
    manager: ModelManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipelines.core.paths.is_frozen", lambda: True)
    assert not manager.provided_by_package("pocketsphinx-en-us-lm")
    assert not manager.available("pocketsphinx-en-us-lm")


def test_models_without_a_package_are_not_provided(manager: ModelManager) -> None:
    assert not manager.provided_by_package("yolox-nano")
