"""Faulty clients: each one is logged, its session freed within a timeout (its recogniser
back in the pool), and the other clients keep being served — including while it misbehaves."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart
from wyoming_helpers import (
    Served,
    raw_connection,
    read_all,
    read_until,
    silence,
    stream_audio,
    wait_until,
)

COMMAND = "turn on the kitchen lights"


@pytest.fixture(scope="module")
def command(flite: Callable[..., bytes]) -> bytes:
    return silence(0.3) + flite(COMMAND) + silence(0.3)


def _ended(served: Served, reason: str, before: int) -> bool:
    return any(s.stats.ended == reason for s in served.server.ended[before:])


def _idle(served: Served) -> bool:
    return served.engines.asr_local.pool.busy == 0 and not served.server.sessions


async def _transcribe(served: Served, pcm: bytes) -> str:
    async with served.client() as client:
        await client.write_event(Transcribe().event())
        await stream_audio(client, pcm)
        event, _ = await read_until(client, "transcript")
        return Transcript.from_event(event).text


def _error_of(data: bytes) -> dict[str, Any]:
    header = json.loads(data.split(b"\n", 1)[0])
    assert header["type"] == "error"
    rest = data.split(b"\n", 1)[1]
    return dict(json.loads(rest[: header["data_length"]]))


def test_client_disconnecting_mid_audio(served: Served, command: bytes) -> None:
    before = len(served.server.ended)

    async def go() -> None:
        client = served.client()
        await client.connect()
        await client.write_event(Transcribe().event())
        await stream_audio(client, command[: len(command) // 2], stop=False)
        await client.disconnect()

    asyncio.run(go())
    assert wait_until(lambda: _ended(served, "disconnected-mid-audio", before))
    assert wait_until(lambda: _idle(served))
    assert asyncio.run(_transcribe(served, command)) == COMMAND


def test_garbage_json_is_refused_and_the_connection_closed(served: Served) -> None:
    before = len(served.server.ended)

    async def go() -> bytes:
        reader, writer = await raw_connection(served.port)
        writer.write(b"{this is not json\n")
        await writer.drain()
        data = await read_all(reader)
        writer.close()
        return data

    error = _error_of(asyncio.run(go()))
    assert error["code"] == "bad_json"
    assert wait_until(lambda: _ended(served, "bad_json", before))


def test_zero_byte_payload_is_an_empty_chunk(served: Served, command: bytes) -> None:
    async def go() -> str:
        reader, writer = await raw_connection(served.port)
        fmt = {"rate": 16000, "width": 2, "channels": 1}
        for header in (
            {"type": "transcribe"},
            {"type": "audio-start", "data": fmt},
            {"type": "audio-chunk", "data": fmt, "payload_length": 0},
            {"type": "audio-chunk", "data": fmt, "payload_length": len(command)},
        ):
            writer.write(json.dumps(header).encode() + b"\n")
        writer.write(command)
        writer.write(b'{"type": "audio-stop"}\n')
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30)
        header = json.loads(line)
        data = json.loads(await reader.readexactly(header["data_length"]))
        writer.close()
        return f"{header['type']}: {data['text']}"

    assert asyncio.run(go()) == f"transcript: {COMMAND}"


def test_50_mb_payload_announcement_is_refused_unread(served: Served) -> None:
    before = len(served.server.ended)

    async def go() -> bytes:
        reader, writer = await raw_connection(served.port)
        fmt = {"rate": 16000, "width": 2, "channels": 1}
        writer.write(json.dumps({"type": "transcribe"}).encode() + b"\n")
        writer.write(json.dumps({"type": "audio-start", "data": fmt}).encode() + b"\n")
        big = {"type": "audio-chunk", "data": fmt, "payload_length": 50 * 1024 * 1024}
        writer.write(json.dumps(big).encode() + b"\n")
        writer.write(b"\0" * 65536)  # the start of it: the server must not wait for the rest
        await writer.drain()
        data = await read_all(reader)
        writer.close()
        return data

    error = _error_of(asyncio.run(go()))
    assert error["code"] == "too_large"
    assert wait_until(lambda: _ended(served, "too_large", before))
    assert wait_until(lambda: _idle(served))


def test_never_sending_audio_stop_times_out_while_others_are_served(
    served: Served, command: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    before = len(served.server.ended)

    async def go() -> tuple[bytes, str]:
        hang = served.client()
        await hang.connect()
        await hang.write_event(Transcribe().event())
        await stream_audio(hang, command, stop=False)  # ... and nothing more
        other = await _transcribe(served, command)  # served meanwhile
        data = await read_all(hang._reader)  # type: ignore[arg-type]
        await hang.disconnect()
        return data, other

    data, other = asyncio.run(go())
    assert other == COMMAND
    assert _error_of(data)["code"] == "timeout"  # after audio_timeout_s (2 s here)
    assert "No audio for 2 s" in caplog.text  # logged
    assert wait_until(lambda: _ended(served, "timeout", before))
    assert wait_until(lambda: _idle(served))


def test_a_bad_request_gets_an_error_and_the_connection_stays_usable(
    served: Served, command: bytes
) -> None:
    async def go() -> tuple[list[str], str]:
        async with served.client() as client:
            await client.write_event(Transcript(text="").event())
            empty, _ = await read_until(client, "error")
            await client.write_event(AudioStart(rate=16000, width=3, channels=1).event())
            width, _ = await read_until(client, "error")
            chunk = AudioChunk(rate=16000, width=2, channels=1, audio=b"\0\0" * 100)
            await client.write_event(chunk.event())  # no audio-start in effect
            orphan, _ = await read_until(client, "error")
            await client.write_event(Transcribe().event())
            await stream_audio(client, command)
            event, _ = await read_until(client, "transcript")
            codes = [e.data.get("code", "") for e in (empty, width, orphan)]
            return codes, Transcript.from_event(event).text

    codes, text = asyncio.run(go())
    assert codes == ["no_text", "invalid_input", "audio_without_start"]
    assert text == COMMAND


def test_four_clients_stream_at_once(served: Served, flite: Callable[..., bytes]) -> None:
    commands = [
        "turn on the kitchen lights",
        "set a timer for ten minutes",
        "what time is it",
        "add milk to the shopping list",
    ]
    audio = [silence(0.3) + flite(c) + silence(0.3) for c in commands]

    async def go() -> list[str]:
        return list(await asyncio.gather(*(_transcribe(served, pcm) for pcm in audio)))

    assert asyncio.run(go()) == commands
    assert served.engines.asr_local.pool.size <= 4


def test_a_fault_of_ours_is_an_error_event_not_a_dead_connection(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wyoming.info import Describe

    async def broken(text: str, source: str = "wyoming") -> Any:
        raise RuntimeError("a skill crashed")

    monkeypatch.setattr(served.engines, "ask", broken)

    async def go() -> tuple[str, str]:
        async with served.client() as client:
            await client.write_event(Transcript(text="what time is it").event())
            error, _ = await read_until(client, "error")
            await client.write_event(Describe().event())
            info, _ = await read_until(client, "info")
            return str(error.data["code"]), info.type

    assert asyncio.run(go()) == ("internal", "info")
