"""The egress guard. No test here sends a packet to a non-loopback address: the guarded
socket functions are checked before the real ones run, and the real ones are replaced by
recorders for the refused cases so that even a broken guard could not send anything."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from pipelines.core.errors import EgressBlockedError
from pipelines.privacy.egress import EgressAttempt, EgressGuard

TEST_NET = "203.0.113.7"  # RFC 5737 documentation range


@pytest.fixture
def guard() -> Iterator[EgressGuard]:
    g = EgressGuard(allowed_hosts=["192.0.2.10"]).install()
    reached: list[Any] = []
    original_connect = g._originals["connect"]

    def recorder(sock: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith("127."):
            reached.append(address)  # would have left the machine: record, don't send
            return None
        return original_connect(sock, address)

    g._originals["connect"] = recorder
    g.reached = reached  # type: ignore[attr-defined]
    yield g
    # uninstall() puts back what _originals holds: the real connect, not the recorder (a
    # recorder left on socket.socket silently swallowed every later LAN connect in the run)
    g._originals["connect"] = original_connect
    g.uninstall()
    assert socket.socket.connect is original_connect


def test_refuses_non_loopback_connect(guard: EgressGuard) -> None:
    seen: list[EgressAttempt] = []
    guard.subscribe(seen.append)
    with socket.socket() as s, pytest.raises(EgressBlockedError, match="blocked"):
        s.connect((TEST_NET, 443))
    with socket.socket() as s, pytest.raises(ConnectionRefusedError):
        s.connect_ex((TEST_NET, 80))
    assert guard.reached == []  # type: ignore[attr-defined]
    assert [a.allowed for a in seen] == [False, False]
    assert guard.counters["refused"] == 2


def test_refuses_udp_sendto_and_name_lookup(guard: EgressGuard) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(EgressBlockedError):
        s.sendto(b"x", (TEST_NET, 53))
    with pytest.raises(EgressBlockedError):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(EgressBlockedError):
        socket.create_connection((TEST_NET, 80), timeout=1)


def test_allows_loopback_and_unix(guard: EgressGuard, tmp_path: Any) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    with socket.create_connection(server.getsockname(), timeout=2):
        pass
    server.close()
    assert socket.getaddrinfo("localhost", 80)
    if hasattr(socket, "AF_UNIX"):
        path = str(tmp_path / "s.sock")
        srv = socket.socket(socket.AF_UNIX)
        srv.bind(path)
        srv.listen()
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
        srv.close()
    assert guard.counters["refused"] == 0


def test_configured_lan_host_and_download_window(guard: EgressGuard) -> None:
    seen: list[EgressAttempt] = []
    guard.subscribe(seen.append)
    with socket.socket() as s:
        s.connect(("192.0.2.10", 1883))  # the configured broker: allowed (recorded, not sent)
    with guard.download_window(TEST_NET), socket.socket() as s:
        s.connect((TEST_NET, 443))
    with socket.socket() as s, pytest.raises(EgressBlockedError):
        s.connect((TEST_NET, 443))  # the window is closed again
    assert [a.reason for a in seen] == ["lan-configured", "download", "refused"]
    assert guard.reached == [("192.0.2.10", 1883), (TEST_NET, 443)]  # type: ignore[attr-defined]


def test_sets_offline_environment(guard: EgressGuard) -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_uninstall_restores_socket() -> None:
    original = socket.socket.connect
    g = EgressGuard().install()
    assert socket.socket.connect is not original
    g.uninstall()
    assert socket.socket.connect is original


def test_loopback_hosts_are_allowed_without_a_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []

    def lookup(host: str, *args: Any) -> list[Any]:
        looked_up.append(host)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    guard = EgressGuard(allowed_hosts=["localhost", "127.0.0.1", "::1", "camera.lan"])
    assert looked_up == ["camera.lan"]
    assert guard.decide("localhost", 1883, "connect").allowed
    assert guard.decide("camera.lan", 554, "connect").allowed
