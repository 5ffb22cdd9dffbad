"""Shared fixtures: a throw-away HOMEBODY_HOME per test, the app context, ../shared."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOMEBODY_HOME: config, data and models all live below it."""
    root = tmp_path / "homebody-home"
    monkeypatch.setenv("HOMEBODY_HOME", str(root))
    return root


@pytest.fixture
def app(home: Path) -> Iterator[object]:
    """A real AppContext (real SQLite database, ledger) on a temporary home, no egress guard."""
    from pipelines.app_context import AppContext

    ctx = AppContext.create(guard=False)
    yield ctx
    ctx.close()


@pytest.fixture(autouse=True)
def _no_leftover_egress_guard() -> Iterator[None]:
    """A test that runs the app in-process (CLI ``main``, a guarded AppContext) installs the
    process-wide egress guard; remove it after that test, or every later test that connects
    to this machine's LAN address (the Wyoming allow-list tests) is blocked by it."""
    from pipelines.privacy import egress

    before = egress._GLOBAL
    yield
    left = egress._GLOBAL
    if left is not None and left is not before:
        left.uninstall()
        egress._GLOBAL = before


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder of real models and data; tests that need it skip without it."""
    from pipelines.core.paths import shared_dir

    folder = shared_dir()
    if folder is None:
        pytest.skip("../shared (real models and data) is not present next to the project")
    return folder
