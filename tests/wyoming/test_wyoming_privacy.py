"""Privacy and security of serving: loopback by default, LAN only by choice and only for the
allowed peers, every connection in the ledger, unknown peers refused and recorded, zeroconf
only with LAN serving, no audio kept."""

from __future__ import annotations

import asyncio
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.client import AsyncTcpClient, AsyncUnixClient
from wyoming.info import Describe, Info
from wyoming_helpers import LoopThread, Served, free_port, read_until, start_server, wait_until

from pipelines.core.errors import SettingsError


def _lan_ipv4() -> str | None:
    import ipaddress

    import ifaddr

    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ipaddress.ip_address(ip.ip).is_loopback:
                return ip.ip
    return None


def _rows(app: Any, kind: str) -> list[dict[str, Any]]:
    return [
        e.detail
        for e in app.ledger.entries(kind=kind, limit=1000)
        if e.detail.get("operation") == "wyoming connection"
    ]


def test_every_connection_is_a_ledger_row(served: Served) -> None:
    before = len(_rows(served.app, "network_allowed"))

    async def go() -> None:
        for _ in range(3):
            async with served.client() as client:
                await client.write_event(Describe().event())
                await read_until(client, "info")

    asyncio.run(go())
    rows = _rows(served.app, "network_allowed")[
        : len(_rows(served.app, "network_allowed")) - before
    ]
    assert len(rows) == 3
    assert all(r["host"] == "127.0.0.1" and r["reason"] == "loopback" for r in rows)
    assert all(r["direction"] == "inbound" for r in rows)
    assert served.app.ledger.verify().ok


def test_lan_addresses_need_lan_serving(wy_app: Any, engines: Any) -> None:
    from pipelines.wyoming.server import ServerOptions, WyomingServer

    with pytest.raises(SettingsError, match="LAN serving is off"):
        WyomingServer(wy_app, engines, ServerOptions(uri=f"tcp://0.0.0.0:{free_port()}"))
    with pytest.raises(SettingsError, match="not an address or subnet"):
        WyomingServer(
            wy_app,
            engines,
            ServerOptions(uri="tcp://0.0.0.0:1", lan=True, allowed_peers=("kitchen pi",)),
        )


def test_default_server_is_loopback_and_not_announced(served: Served) -> None:
    assert served.server.options.uri.startswith("tcp://127.0.0.1:")
    assert not served.server.options.lan and not served.server.announced


def test_peer_outside_the_allow_list_is_refused_and_recorded(
    wy_app: Any, engines: Any, loop_thread: LoopThread
) -> None:
    address = _lan_ipv4()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to connect from")
    refused_before = len(_rows(wy_app, "network_refused"))
    s = start_server(
        wy_app,
        engines,
        loop_thread,
        host=address,
        lan=True,
        announce=False,
        allowed_peers=("10.99.0.0/16",),
    )
    try:

        async def ask() -> Any:
            client = AsyncTcpClient(address, s.port, connect_timeout=5, read_timeout=10)
            try:
                async with client:
                    await client.write_event(Describe().event())
                    return await client.read_event()  # None: closed without a word
            except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
                return None  # the server closed on us: every way a refusal ends on the client
            except OSError as exc:
                if exc.errno == errno.ENOTCONN:  # closed before our shutdown (under load)
                    return None
                raise

        assert asyncio.run(ask()) is None
        # the server writes the row on its own thread as it accepts: wait for it (bounded)
        assert wait_until(lambda: len(_rows(wy_app, "network_refused")) > refused_before, 15)
        refused = _rows(wy_app, "network_refused")[
            : len(_rows(wy_app, "network_refused")) - refused_before
        ]
        assert [(r["host"], r["reason"]) for r in refused] == [(address, "not-allowed")]
        s.server.policy = type(s.server.policy)(True, (f"{address}/32",))
        event = asyncio.run(ask())
        assert event is not None and Info.is_type(event.type)
        assert _rows(wy_app, "network_allowed")[0]["reason"] == "lan-allowed"
    finally:
        loop_thread.run(s.server.stop())


def test_unix_socket_serving(wy_app: Any, engines: Any, tmp_path: Path) -> None:
    from pipelines.wyoming.server import ServerOptions, WyomingServer

    loop = LoopThread()
    path = tmp_path / "homebody.sock"
    server = WyomingServer(wy_app, engines, ServerOptions(uri=f"unix://{path}"))
    loop.run(server.start())
    try:

        async def go() -> Any:
            async with AsyncUnixClient(path, read_timeout=30) as client:
                await client.write_event(Transcript(text="what time is it").event())
                event, _ = await read_until(client, "handled", "not-handled")
                return event

        event = asyncio.run(go())
        assert event.type == "handled" and "It's" in event.data["text"]
        assert _rows(wy_app, "network_allowed")[0]["reason"] == "unix"
    finally:
        loop.run(server.stop())
        loop.close()
    assert not path.exists()


def test_no_audio_is_stored(served: Served, flite: Callable[..., bytes]) -> None:
    from wyoming_helpers import silence, stream_audio

    pcm = silence(0.3) + flite("set a timer for ten minutes") + silence(0.3)

    async def go() -> str:
        async with served.client() as client:
            await client.write_event(Transcribe().event())
            await stream_audio(client, pcm)
            event, _ = await read_until(client, "transcript")
            return str(event.data["text"])

    assert asyncio.run(go())
    home = Path(served.app.paths.data_dir).parent
    audio_files = [p for p in home.rglob("*") if p.suffix.lower() in (".wav", ".raw", ".pcm")]
    assert audio_files == []
    db = sqlite3.connect(served.app.paths.database)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                assert not any(isinstance(v, bytes) and len(v) > 1000 for v in row), table
    finally:
        db.close()


def test_server_state_lists_connected_peers(served: Served) -> None:
    from pipelines.wyoming.server import read_state

    async def go() -> dict[str, Any] | None:
        async with served.client() as client:
            await client.write_event(Describe().event())
            await read_until(client, "info")
            assert wait_until(lambda: bool(served.server.sessions), 5)
            return read_state(served.app)

    state = asyncio.run(go())
    assert state is not None and state["uri"] == served.server.options.uri
    assert [p["host"] for p in state["peers"]] == ["127.0.0.1"]
    assert state["peers"][0]["requests"] == {"describe": 1}


def test_zeroconf_announcement_only_with_lan_serving(
    wy_app: Any, engines: Any, loop_thread: LoopThread
) -> None:
    address = _lan_ipv4()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to announce")
    name = f"homebody-test-{os.getpid()}"
    s = start_server(wy_app, engines, loop_thread, host=address, lan=True, name=name)
    try:
        if not s.server.announced:
            pytest.skip(f"multicast DNS is not available here ({s.server.announce_error})")

        async def browse() -> Any:
            from zeroconf.asyncio import AsyncZeroconf

            zc = AsyncZeroconf()
            try:
                return await zc.async_get_service_info(
                    "_wyoming._tcp.local.", f"{name}._wyoming._tcp.local.", 5000
                )
            finally:
                await zc.async_close()

        info = asyncio.run(browse())
        assert info is not None and info.port == s.port
        assert address in info.parsed_addresses()
        from pipelines.wyoming.discover import Found
        from pipelines.wyoming.discover import browse as find_on_network

        assert Found(name, address, s.port) in find_on_network(3.0)  # Rooms card
    finally:
        loop_thread.run(s.server.stop())
    assert not s.server.announced
