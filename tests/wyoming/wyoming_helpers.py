"""Helpers for the Wyoming tests: a server on its own event loop thread, a client's reads."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from wyoming.client import AsyncTcpClient
from wyoming.event import Event

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LoopThread:
    """An asyncio loop in a thread: the server lives there, tests talk to it as clients."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@dataclass
class Served:
    app: Any
    engines: Any
    server: Any
    port: int
    loop: LoopThread

    def client(self, read_timeout: float = 60) -> AsyncTcpClient:
        return AsyncTcpClient("127.0.0.1", self.port, connect_timeout=5, read_timeout=read_timeout)


def start_server(app: Any, engines: Any, loop: LoopThread, **options: Any) -> Served:
    from pipelines.wyoming.server import ServerOptions, WyomingServer

    port = options.pop("port", None) or free_port()
    host = options.pop("host", "127.0.0.1")
    opts = ServerOptions(uri=f"tcp://{host}:{port}", **options)
    server = WyomingServer(app, engines, opts)
    loop.run(server.start())
    return Served(app, engines, server, port, loop)


def silence(seconds: float) -> bytes:
    return b"\0\0" * int(16000 * seconds)


async def read_until(client: AsyncTcpClient, *types: str) -> tuple[Event, list[Event]]:
    """Read events until one of ``types`` arrives; returns it and everything read before."""
    seen: list[Event] = []
    while True:
        event = await client.read_event()
        if event is None:
            raise ConnectionError(f"disconnected before {types}; got {[e.type for e in seen]}")
        if event.type in types:
            return event, seen
        seen.append(event)


async def stream_audio(
    client: AsyncTcpClient,
    pcm: bytes,
    rate: int = 16000,
    width: int = 2,
    channels: int = 1,
    chunk_ms: int = 64,
    stop: bool = True,
) -> None:
    from wyoming.audio import AudioChunk, AudioStart, AudioStop

    await client.write_event(AudioStart(rate=rate, width=width, channels=channels).event())
    step = rate * width * channels * chunk_ms // 1000
    for i in range(0, len(pcm), step):
        chunk = AudioChunk(rate=rate, width=width, channels=channels, audio=pcm[i : i + step])
        await client.write_event(chunk.event())
    if stop:
        await client.write_event(AudioStop().event())


def wait_until(condition: Any, timeout: float = 10.0, step: float = 0.05) -> bool:
    """Poll ``condition()`` until true (or the timeout): the server works on its own thread."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


async def raw_connection(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def read_all(reader: asyncio.StreamReader, timeout: float = 10) -> bytes:
    """Everything the server sends until it closes the connection."""
    return await asyncio.wait_for(reader.read(), timeout)
