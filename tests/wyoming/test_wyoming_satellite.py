"""Homebody as the hub of a satellite: a fake wyoming-satellite (the package's own server
classes) streams a WAV command; Homebody hears the wake word, understands, acts in the
satellite's room and sends the spoken reply back."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fake_satellite import SND_FORMAT, FakeSatellite
from wyoming_helpers import LoopThread, free_port, silence

from pipelines.core.intent import Intent
from pipelines.core.settings_schema import SatelliteSettings


def _drive(
    loop: LoopThread,
    satellite: FakeSatellite,
    run: Callable[[asyncio.Event], Awaitable[None]],
    replies: int,
    timeout: float = 90,
) -> None:
    """Start the fake satellite and ``run`` (a link or the hub) until the satellite has had
    ``replies`` spoken replies (or the timeout), then stop both."""

    async def go() -> None:
        await satellite.start()
        stop = asyncio.Event()
        task = asyncio.create_task(run(stop))
        try:
            deadline = time.monotonic() + timeout
            while satellite.heard.replies < replies and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
            await satellite.stop()

    loop.run(go(), timeout + 30)


def _run_link(app: Any, engines: Any, wav: Path, loop: LoopThread) -> tuple[FakeSatellite, Any]:
    from pipelines.wyoming.satellite import SatelliteLink

    port = free_port()
    satellite = FakeSatellite(port, wav)
    settings = SatelliteSettings(name="kitchen-pi", host="127.0.0.1", port=port)
    link = SatelliteLink(app, engines, settings, reconnect_s=0.2)
    _drive(loop, satellite, link.run, replies=1)
    return satellite, link


def test_satellite_command_gets_a_spoken_reply_in_its_room(
    wy_app: Any,
    engines: Any,
    loop_thread: LoopThread,
    say: Callable[..., bytes],
    flite: Callable[..., bytes],
    tmp_path: Path,
) -> None:
    from pipelines.audio.pcm import write_wav

    wav = tmp_path / "kitchen.wav"
    audio = silence(0.5) + say("okay nabu") + silence(0.4) + flite("turn on the lights")
    write_wav(wav, audio + silence(1.5))
    satellite, link = _run_link(wy_app, engines, wav, loop_thread)

    heard = satellite.heard
    types = heard.types()
    assert types[0] == "run-satellite"
    assert types[1:] == [
        "detection",
        "voice-stopped",
        "transcript",
        "synthesize",
        "audio-start",
        "audio-stop",
    ]
    transcript = next(e for e in heard.events if e.type == "transcript").data["text"]
    assert transcript == "turn on the lights"
    start = next(e for e in heard.events if e.type == "audio-start").data
    assert {k: start[k] for k in SND_FORMAT} == SND_FORMAT  # the format the satellite asked for
    spoken = next(e for e in heard.events if e.type == "synthesize").data["text"]
    seconds = len(heard.reply_audio) / (2 * SND_FORMAT["rate"])
    assert 0.5 < seconds < 10 and spoken
    assert link.room == "kitchen" and link.status.turns == 1  # the satellite's area
    row = wy_app.db.query("SELECT source, intent, slots FROM history ORDER BY id DESC LIMIT 1")[0]
    assert row["source"] == "satellite:kitchen-pi" and row["intent"] == "light_on"
    assert json.loads(row["slots"]).get("room") == "kitchen"  # no room said: the kitchen's
    ledger = [e.detail for e in wy_app.ledger.entries(kind="network_allowed", limit=50)]
    assert any(
        d.get("operation") == "wyoming satellite" and d.get("device") == "kitchen-pi"
        for d in ledger
    )


class _Scripted:
    name = "scripted"

    def __init__(self, intent: Intent) -> None:
        self.intent = intent

    def prepare(self) -> None:
        return None

    def recognize(self, text: str) -> Intent:
        return self.intent


def test_room_is_filled_in_only_where_none_was_said() -> None:
    from pipelines.wyoming.rooms import RoomRecognizer

    def room_of(intent: Intent) -> Any:
        return RoomRecognizer(_Scripted(intent), "bedroom").recognize("x").slots.get("room")

    assert room_of(Intent("light_on")) == "bedroom"
    assert room_of(Intent("light_set", {"level": 40})) == "bedroom"
    assert room_of(Intent("light_off", {"room": "kitchen"})) == "kitchen"
    assert room_of(Intent("timer_start", {"duration": 60})) is None


def test_a_timer_set_from_a_room_rings_there(
    wy_app: Any,
    engines: Any,
    loop_thread: LoopThread,
    say: Callable[..., bytes],
    flite: Callable[..., bytes],
    tmp_path: Path,
) -> None:
    import dataclasses

    from pipelines.audio.pcm import write_wav
    from pipelines.skills.reminders import SERVICE_NAME, start_reminders
    from pipelines.wyoming.hub import SatelliteHub

    wav = tmp_path / "bedroom.wav"
    command = flite("set a timer for three seconds")
    write_wav(wav, silence(0.5) + say("okay nabu") + silence(0.4) + command + silence(1.5))
    port = free_port()
    satellite = FakeSatellite(port, wav, area="bedroom")
    original = wy_app.settings
    sat = SatelliteSettings(name="bedroom-pi", host="127.0.0.1", port=port, room="bedroom")
    wy_app.settings = dataclasses.replace(
        original, wyoming=dataclasses.replace(original.wyoming, satellites=(sat,))
    )
    reminders = start_reminders(wy_app, interval_s=0.2)
    try:
        hub = SatelliteHub(wy_app, engines)
        _drive(loop_thread, satellite, hub.run, replies=2)
    finally:
        reminders.close()
        wy_app.services.pop(SERVICE_NAME, None)
        wy_app.settings = original
    spoken = [e.data["text"] for e in satellite.heard.events if e.type == "synthesize"]
    assert len(spoken) >= 2, spoken
    assert "3 seconds" in spoken[0]  # "Timer set for 3 seconds."
    assert "done" in spoken[1].lower() and satellite.heard.replies >= 2  # rang in the bedroom
    assert [kind for kind, _id in hub.links[0].owned] == ["timer"]


def test_link_retries_until_the_satellite_is_up(
    wy_app: Any, engines: Any, loop_thread: LoopThread, tmp_path: Path
) -> None:
    from pipelines.audio.pcm import write_wav
    from pipelines.wyoming.satellite import SatelliteLink

    wav = tmp_path / "quiet.wav"
    write_wav(wav, silence(0.5))
    port = free_port()
    satellite = FakeSatellite(port, wav)

    class Idle:  # the voice loop is not under test here
        state = type("State", (), {"value": "idle"})()

        def feed(self, pcm: bytes) -> list[Any]:
            return []

        def close(self) -> None:
            return None

    link = SatelliteLink(
        wy_app,
        engines,
        SatelliteSettings(name="hall-pi", host="127.0.0.1", port=port, room="hall"),
        loop_factory=Idle,
        reconnect_s=0.2,
    )

    async def go() -> tuple[str, str]:
        stop = asyncio.Event()
        task = asyncio.create_task(link.run(stop))
        try:
            await asyncio.sleep(1.0)  # nobody listens yet: refused, retried
            before = link.status.state
            await satellite.start()
            deadline = time.monotonic() + 60
            while satellite.connections == 0 or link.status.state != "connected":
                assert time.monotonic() < deadline, link.status.state
                await asyncio.sleep(0.05)
            return before, link.status.state
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
            await satellite.stop()

    before, after = loop_thread.run(go(), 90)
    assert before.startswith("retrying:") and after == "connected"
    assert link.status.state == "stopped"
    assert [e.type for e in satellite.heard.events][:1] == ["run-satellite"]
