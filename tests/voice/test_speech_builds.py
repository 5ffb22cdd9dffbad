"""A fresh home listens with the install's prebuilt command LM and grammar; when the
templates changed it listens with the last good build while the new one builds."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from pipelines.speech.lm import builds as speech_builds
from pipelines.speech.lm import command_grammar, command_lm
from pipelines.speech.lm.command_lm import CommandLm, ensure_command_lm


def lm_files(folder: Path, key: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"command-{key}.arpa").write_text("\\data\\\n", encoding="utf-8")
    (folder / f"command-{key}.oov").write_text("10\n5\n", encoding="utf-8")
    return folder / f"command-{key}.arpa"


@pytest.fixture
def prebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "install" / "speech"
    monkeypatch.setenv(speech_builds.PREBUILT_ENV, str(folder))
    monkeypatch.setattr(speech_builds, "install_dir", lambda: tmp_path / "no-install")
    monkeypatch.setattr(command_lm, "template_fingerprint", lambda settings=None: "current")
    monkeypatch.setattr(command_grammar, "template_fingerprint", lambda settings=None: "current")
    return folder


def test_a_fresh_home_uses_the_installs_build_without_building(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = lm_files(prebuilt, "current")
    monkeypatch.setattr(command_lm, "_build_lm", lambda *a: pytest.fail("built"))
    lm = ensure_command_lm(tmp_path / "fresh-home-cache", [], wait=False)
    assert lm == CommandLm(path, 10, 5, ())


def test_changed_templates_listen_with_the_last_good_build_while_the_new_one_builds(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = lm_files(prebuilt, "older")
    release, built = threading.Event(), threading.Event()
    cache = tmp_path / "home-cache"

    def slow_build(folder: Path, key: str, dicts: Any, settings: Any) -> CommandLm:
        release.wait(10)
        path = lm_files(folder, key)
        built.set()
        return CommandLm(path, 10, 5, ())

    monkeypatch.setattr(command_lm, "_build_lm", slow_build)
    assert ensure_command_lm(cache, [], wait=False).path == old  # at once, not after the build
    release.set()
    assert built.wait(10)
    speech_builds.wait_for_builds(10)
    assert ensure_command_lm(cache, [], wait=False).path == cache / "speech/command-current.arpa"


def test_with_nothing_built_anywhere_the_lm_is_built_before_listening(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def build(folder: Path, key: str, dicts: Any, settings: Any) -> CommandLm:
        calls.append(key)
        return CommandLm(lm_files(folder, key), 1, 1, ())

    monkeypatch.setattr(command_lm, "_build_lm", build)
    ensure_command_lm(tmp_path / "cache", [], wait=False)
    assert calls == ["current"]


def test_the_grammar_arrives_in_the_background_when_templates_changed(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = command_grammar.WordGraph(((0, 1, "a"),), frozenset({1}), 2)
    monkeypatch.setattr(command_grammar, "_build_graph", lambda path, dicts, settings: graph)
    got: list[Any] = []
    now = command_grammar.command_graph_soon(tmp_path / "cache", None, got.append)
    speech_builds.wait_for_builds(10)
    assert now is None and got == [graph]
