"""A real Homebody Wyoming server on 127.0.0.1 for the session (models load once), driven by
the ``wyoming`` package's own AsyncTcpClient; speech is synthesised at test time."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from wyoming_helpers import LoopThread, Served, start_server


@pytest.fixture(scope="session")
def wy_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("wyoming-home")
    old = os.environ.get("HOMEBODY_HOME")
    os.environ["HOMEBODY_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("HOMEBODY_HOME", None)
    else:
        os.environ["HOMEBODY_HOME"] = old


@pytest.fixture(scope="session")
def wy_app(wy_home: Path) -> Iterator[Any]:
    from pipelines.app_context import AppContext

    app = AppContext.create(guard=False)
    yield app
    app.close()


@pytest.fixture(scope="session")
def engines(wy_app: Any) -> Any:
    from pipelines.wyoming.engines import LocalEngines

    local = LocalEngines(wy_app, max_sessions=4)
    local.prepare()
    return local


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    loop = LoopThread()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def served(wy_app: Any, engines: Any, loop_thread: LoopThread) -> Iterator[Served]:
    from pipelines.wyoming.session import SessionLimits

    s = start_server(
        wy_app, engines, loop_thread, limits=SessionLimits(audio_timeout_s=2, idle_timeout_s=30)
    )
    yield s
    loop_thread.run(s.server.stop())


@pytest.fixture(scope="session")
def flite() -> Callable[..., bytes]:
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (apt install flite)")
    from pipelines.speech.tts.speaker import flite_pcm

    return flite_pcm


@pytest.fixture(scope="session")
def say() -> Callable[..., bytes]:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    from pipelines.speech.tts.speaker import espeak_pcm

    return espeak_pcm
