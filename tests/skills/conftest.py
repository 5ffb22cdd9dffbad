"""Fixtures for the skills: a real app on a temp home, a settable clock, a talk() helper."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.events import PipelineEvent
from pipelines.core.intent import Intent
from pipelines.skills.base import Response, SkillContext
from pipelines.skills.dispatch import Dispatcher
from pipelines.skills.replies import Replies

# A fixed local moment: Wednesday 18 November 2026, 10:00.
START = dt.datetime(2026, 11, 18, 10, 0, 0).timestamp()


@dataclass
class FakeClock:
    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Talk:
    """Say intents to a real Dispatcher and collect the NOTICE events on the bus."""

    dispatcher: Dispatcher
    clock: FakeClock
    events: list[PipelineEvent] = field(default_factory=list)

    def __call__(
        self,
        intent_name: str,
        text: str = "",
        /,
        confidence: float = 1.0,
        alternatives: tuple[tuple[str, float], ...] = (),
        **slots: Any,
    ) -> Response:
        intent = Intent(intent_name, slots, confidence, text=text, alternatives=alternatives)
        return self.dispatcher.handle(intent)

    @property
    def app(self) -> Any:
        return self.dispatcher.ctx.app


def make_talk(app: Any, clock: FakeClock, registry: Any = None) -> Talk:
    ctx = SkillContext(app=app, replies=Replies(), clock=clock)
    talk = Talk(Dispatcher(ctx, registry), clock)
    app.bus.subscribe(talk.events.append)
    return talk


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def talk(app: Any, clock: FakeClock) -> Iterator[Talk]:
    yield make_talk(app, clock)


@pytest.fixture
def replies() -> Replies:
    return Replies()


def ledger_rows(app: Any, category: str) -> list[Any]:
    return [e for e in app.ledger.entries(limit=1000) if e.category == category]


Factory = Callable[..., Talk]


# -- a real mosquitto on 127.0.0.1 -------------------------------------------------------------
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def mosquitto(folder: Path, settings: str = "allow_anonymous true") -> Iterator[int]:
    """A real mosquitto on 127.0.0.1 and a free port, with a tiny config file."""
    if not Path(MOSQUITTO).exists():
        pytest.skip("mosquitto is not installed (apt install mosquitto)")
    port = free_port()
    conf = folder / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\npersistence false\n{settings}\n")
    proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    proc.kill()
                    err = proc.stderr.read() if proc.stderr else b""
                    pytest.fail(f"mosquitto did not start: {err!r}")
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[int]:
    with mosquitto(tmp_path) as port:
        yield port


class Subscriber:
    def __init__(self, port: int) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self.messages: list[tuple[str, str, bool]] = []
        self.cond = threading.Condition()
        ready = threading.Event()
        self.client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2, client_id=f"test-sub-{id(self)}"
        )
        self.client.on_connect = lambda c, *_: (c.subscribe("#", qos=1), None)[1]
        self.client.on_subscribe = lambda *_: ready.set()
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        assert ready.wait(10)

    def _on_message(self, _c: Any, _u: Any, msg: Any) -> None:
        with self.cond:
            self.messages.append((msg.topic, msg.payload.decode(), bool(msg.retain)))
            self.cond.notify_all()

    def wait_for(self, topic: str, timeout: float = 10) -> str:
        with self.cond:
            seen = self.cond.wait_for(lambda: any(t == topic for t, _, _ in self.messages), timeout)
            assert seen, (topic, self.messages)
            return [p for t, p, _ in self.messages if t == topic][-1]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
