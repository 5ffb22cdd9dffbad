"""Every Wyoming service through the real ``wyoming`` AsyncTcpClient against the real server
on 127.0.0.1, with speech synthesised at test time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import numpy as np
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe, Info
from wyoming.intent import Intent, NotRecognized, Recognize
from wyoming.tts import Synthesize, SynthesizeVoice
from wyoming.wake import Detect, Detection
from wyoming_helpers import Served, read_until, silence, stream_audio


def _convert(pcm: bytes, rate: int, width: int, channels: int) -> bytes:
    """16 kHz mono s16le -> another rate/width/channel count (what a client might send)."""
    from pipelines.wyoming.audio_convert import from_internal

    return from_internal(pcm, rate, width, channels)


async def _transcribe(served: Served, pcm: bytes, **fmt: Any) -> str:
    async with served.client() as client:
        await client.write_event(Transcribe(language="en").event())
        rate, width, channels = fmt.get("rate", 16000), fmt.get("width", 2), fmt.get("channels", 1)
        await stream_audio(client, _convert(pcm, rate, width, channels), rate, width, channels)
        event, _ = await read_until(client, "transcript")
        return Transcript.from_event(event).text


def test_describe_lists_every_service_for_home_assistant(served: Served) -> None:
    async def go() -> Info:
        async with served.client() as client:
            await client.write_event(Describe().event())
            event, _ = await read_until(client, "info")
            return Info.from_event(event)

    info = asyncio.run(go())
    assert info.asr and info.asr[0].installed and info.asr[0].models
    assert info.asr[0].models[0].languages == ["en"]
    assert info.intent and info.intent[0].models[0].languages == ["en"]
    assert info.handle and info.handle[0].supports_home_control
    assert info.tts and any(v.name == "en-us" for v in info.tts[0].voices)
    assert all(v.languages == ["en"] and v.installed for v in info.tts[0].voices)
    assert info.wake and {m.name for m in info.wake[0].models} >= {"okay_nabu", "hey_jarvis"}
    phrases = {m.name: m.phrase for m in info.wake[0].models}
    assert phrases["okay_nabu"] and "nabu" in phrases["okay_nabu"].lower()
    for program in [*info.asr, *info.intent, *info.handle, *info.tts, *info.wake]:
        assert program.name and program.attribution.name == "Homebody" and program.version


def test_transcribe_streamed_audio(served: Served, flite: Callable[..., bytes]) -> None:
    pcm = silence(0.3) + flite("turn on the kitchen lights") + silence(0.3)
    assert asyncio.run(_transcribe(served, pcm)) == "turn on the kitchen lights"


def test_announced_formats_are_converted(served: Served, flite: Callable[..., bytes]) -> None:
    pcm = silence(0.3) + flite("set a timer for ten minutes") + silence(0.3)
    texts = {
        fmt: asyncio.run(_transcribe(served, pcm, rate=fmt[0], width=fmt[1], channels=fmt[2]))
        for fmt in [(16000, 2, 1), (48000, 2, 2), (22050, 4, 1), (44100, 2, 6)]
    }
    assert set(texts.values()) == {"set a timer for ten minutes"}


def test_transcript_is_handled_by_the_skills(served: Served) -> None:
    async def go(text: str) -> Any:
        async with served.client() as client:
            await client.write_event(Transcript(text=text).event())
            event, _ = await read_until(client, "handled", "not-handled")
            return event

    handled = asyncio.run(go("set a timer for 5 minutes"))
    assert Handled.is_type(handled.type)
    assert "5 minutes" in Handled.from_event(handled).text
    refused = asyncio.run(go("what's the weather like in paris"))
    assert NotHandled.is_type(refused.type) and "offline" in NotHandled.from_event(refused).text


def test_recognize_gives_intent_and_slots(served: Served) -> None:
    async def go(text: str) -> Any:
        async with served.client() as client:
            await client.write_event(
                Recognize(text=text, context={"conversation_id": "c1"}).event()
            )
            event, _ = await read_until(client, "intent", "not-recognized")
            return event

    event = asyncio.run(go("add eggs and milk to the shopping list"))
    intent = Intent.from_event(event)
    assert intent.name == "list_add"
    slots = {e.name: e.value for e in intent.entities}
    assert slots["item"] == ["eggs", "milk"] and slots["list"] == "shopping"
    assert intent.context and intent.context["conversation_id"] == "c1"
    assert NotRecognized.is_type(asyncio.run(go("what's the weather tomorrow")).type)


def test_synthesize_streams_audio(served: Served) -> None:
    async def go() -> list[Any]:
        async with served.client() as client:
            voice = SynthesizeVoice(name="en-gb")
            await client.write_event(Synthesize(text="Your timer is done.", voice=voice).event())
            _, before = await read_until(client, "audio-stop")
            return before

    events = asyncio.run(go())
    assert events[0].type == "audio-start"
    chunks = [AudioChunk.from_event(e) for e in events[1:]]
    assert chunks and all(c.rate == 16000 and c.width == 2 and c.channels == 1 for c in chunks)
    audio = np.frombuffer(b"".join(c.audio for c in chunks), dtype="<i2")
    assert 0.6 < len(audio) / 16000 < 4.0
    assert np.abs(audio).max() > 3000  # speech, not silence


def test_synthesize_uses_the_voice_asked_for(served: Served, say: Callable[..., bytes]) -> None:
    async def speak(voice: str) -> bytes:
        async with served.client() as client:
            request = Synthesize(text="what time is it", voice=SynthesizeVoice(name=voice))
            await client.write_event(request.event())
            _, before = await read_until(client, "audio-stop")
            return b"".join(AudioChunk.from_event(e).audio for e in before[1:])

    british, american = asyncio.run(speak("en-gb")), asyncio.run(speak("en-us"))
    assert british == say("what time is it", "en-gb")
    assert american == say("what time is it", "en-us") != british
    assert asyncio.run(speak("xx-unknown")) == say("what time is it", "en-us")  # default voice


def test_detect_wake_word_in_streamed_audio(served: Served, say: Callable[..., bytes]) -> None:
    async def go(pcm: bytes, names: list[str] | None) -> list[str]:
        async with served.client() as client:
            await client.write_event(Detect(names=names).event())
            await stream_audio(client, pcm, rate=16000)
            event, before = await read_until(client, "not-detected", "detection")
            found = [event, *before]
            if Detection.is_type(event.type):
                # the stream goes on after a detection; audio-stop ends it
                return [Detection.from_event(e).name or "" for e in found if e.type == "detection"]
            return []

    wake = silence(0.5) + say("okay nabu, what time is it") + silence(1.0)
    assert asyncio.run(go(wake, ["okay_nabu"])) == ["okay_nabu"]
    other = silence(0.5) + say("set a timer for five minutes") + silence(1.0)
    assert asyncio.run(go(other, ["okay_nabu"])) == []
