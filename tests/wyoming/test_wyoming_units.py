"""Fast tests at the seams: audio conversion, framing limits, the peer policy, the pool."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pytest

from pipelines.audio.pcm import RawFormat
from pipelines.core.errors import InputError, SettingsError
from pipelines.wyoming.audio_convert import (
    ToInternal,
    announced_format,
    chunk_format,
    from_internal,
)
from pipelines.wyoming.framing import FrameLimits, ProtocolFault, read_event
from pipelines.wyoming.peers import PeerPolicy, check_bind
from pipelines.wyoming.pool import Pool


def _tone(seconds: float = 0.5, hz: float = 440.0) -> bytes:
    t = np.arange(int(16000 * seconds)) / 16000
    return (np.sin(2 * np.pi * hz * t) * 12000).astype("<i2").tobytes()


@pytest.mark.parametrize(
    "fmt", [(16000, 2, 1), (48000, 2, 2), (22050, 4, 1), (44100, 1, 1), (8000, 2, 6)]
)
def test_conversion_is_chunk_size_invariant_and_faithful(fmt: tuple[int, int, int]) -> None:
    rate, width, channels = fmt
    source = from_internal(_tone(), rate, width, channels)
    whole = ToInternal(RawFormat(rate, channels, width))
    at_once = whole.convert(source) + whole.flush()
    pieces = ToInternal(RawFormat(rate, channels, width))
    out = b"".join(pieces.convert(source[i : i + 777]) for i in range(0, len(source), 777))
    out += pieces.flush()
    assert out == at_once  # odd piece sizes split samples and frames: same result
    a = np.frombuffer(at_once, "<i2").astype(float)
    b = np.frombuffer(_tone(), "<i2").astype(float)
    n = min(len(a), len(b))
    assert abs(len(a) - len(b)) <= 2
    assert np.corrcoef(a[200 : n - 200], b[200 : n - 200])[0, 1] > 0.99


def test_announced_formats_are_checked() -> None:
    assert announced_format({"rate": 16000, "width": 2, "channels": 1}) == RawFormat()
    for bad in (
        {"rate": 16000, "width": 3, "channels": 1},
        {"rate": 100, "width": 2, "channels": 1},
        {"rate": "fast", "width": 2, "channels": 1},
        {"width": 2, "channels": 1},
        {"rate": 16000, "width": 2, "channels": 64},
    ):
        with pytest.raises(InputError):
            announced_format(bad)
    stream = RawFormat(48000, 2, 2)
    assert chunk_format({}, stream) == stream  # a chunk without a format: the stream's


async def _read(data: bytes, limits: FrameLimits | None = None) -> object:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return await read_event(reader, limits or FrameLimits())


def _frame(header: dict[str, object], extra: bytes = b"") -> bytes:
    return json.dumps(header).encode() + b"\n" + extra


def test_framing_reads_data_and_payload() -> None:
    data = json.dumps({"text": "hi"}).encode()
    frame = _frame({"type": "x", "data_length": len(data), "payload_length": 3}, data + b"abc")
    event = asyncio.run(_read(frame))
    assert event.type == "x" and event.data == {"text": "hi"} and event.payload == b"abc"  # type: ignore[attr-defined]
    assert asyncio.run(_read(b"")) is None


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"{nope\n", "bad_json"),
        (b"[1, 2]\n", "bad_header"),
        (_frame({"type": "x", "payload_length": -1}), "bad_header"),
        (_frame({"type": "x", "payload_length": "10"}), "bad_header"),
        (_frame({"type": "x", "payload_length": 50 * 2**20}), "too_large"),
        (_frame({"type": "x", "data_length": 2**21}), "too_large"),
        (_frame({"type": "x", "data_length": 4}, b"[12]"), "bad_header"),
    ],
)
def test_framing_faults(frame: bytes, code: str) -> None:
    with pytest.raises(ProtocolFault) as info:
        asyncio.run(_read(frame))
    assert info.value.code == code


def test_framing_cut_off_mid_frame() -> None:
    with pytest.raises(asyncio.IncompleteReadError):
        asyncio.run(_read(_frame({"type": "x", "payload_length": 10}, b"abc")))
    with pytest.raises(asyncio.IncompleteReadError):
        asyncio.run(_read(b'{"type": "x"'))


def test_peer_policy() -> None:
    off = PeerPolicy(lan=False, allowed=["192.168.1.0/24"])
    assert off.decide(("127.0.0.1", 5000)).reason == "loopback"
    assert off.decide(("::1", 5000, 0, 0)).allowed
    assert off.decide("").reason == "unix"
    assert off.decide(("192.168.1.5", 5000)).reason == "lan-off"
    on = PeerPolicy(lan=True, allowed=["192.168.1.0/24", "10.0.0.7"])
    assert on.decide(("192.168.1.5", 1)).reason == "lan-allowed"
    assert on.decide(("::ffff:10.0.0.7", 1, 0, 0)).allowed  # IPv4 mapped into IPv6
    assert on.decide(("10.0.0.8", 1)).reason == "not-allowed"
    with pytest.raises(SettingsError):
        PeerPolicy(True, ["kitchen"])


def test_bind_addresses() -> None:
    check_bind("tcp://127.0.0.1:10700", lan=False)
    check_bind("tcp://0.0.0.0:10700", lan=True)
    check_bind("unix:///tmp/x.sock", lan=False)
    for uri, lan in (("tcp://0.0.0.0:10700", False), ("tcp://host", True), ("http://x:1", True)):
        with pytest.raises(SettingsError):
            check_bind(uri, lan)


def test_pool_lends_at_most_max_and_waits_for_returns() -> None:
    made: list[int] = []

    def factory() -> int:
        made.append(len(made))
        return made[-1]

    async def go() -> list[int]:
        pool: Pool[int] = Pool(factory, 2)
        a, b = await pool.acquire(), await pool.acquire()
        waiter = asyncio.create_task(pool.acquire())
        await asyncio.sleep(0.05)
        assert not waiter.done() and pool.busy == 2
        await pool.release(a)
        c = await asyncio.wait_for(waiter, 2)
        return [a, b, c]

    assert asyncio.run(go()) == [0, 1, 0] and len(made) == 2


def test_satellites_and_remote_engines_are_configured_devices() -> None:
    from pipelines.core.settings import settings_from_dict
    from pipelines.privacy.hosts import configured_hosts

    settings = settings_from_dict(
        {
            "mqtt": {"enabled": False},
            "wyoming": {
                "satellites": [
                    {"name": "kitchen-pi", "host": "192.168.1.20", "room": "kitchen"},
                    {"name": "old-pi", "host": "192.168.1.99", "enabled": False},
                ],
                "remote_asr": "tcp://192.168.1.30:10300",
                "remote_tts": "tcp://192.168.1.31:10200",
            },
        }
    )
    assert configured_hosts(settings) == ["192.168.1.20", "192.168.1.30", "192.168.1.31"]
