"""Closing the voice loop: the Whisper pass's worker thread and the wake-word model are
released (directly, through ``with``, and when the GUI's voice service stops)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest

from pipelines.audio.vad import EnergyVad
from pipelines.core.errors import StageProcessError
from pipelines.core.events import EventBus
from pipelines.core.intent import Intent
from pipelines.speech.asr.base import Transcript
from pipelines.speech.pipeline.reading_chooser import ReadingChooser
from pipelines.speech.pipeline.voice import VoicePipeline

from .conftest import silence
from .test_voice_loop import FakeAssistant, FakeRecognizer, ScriptedWake, feed, tone


class GatedWhisper:
    """Transcribes only once ``gate`` is set; remembers the thread it ran on."""

    name = "gated-whisper"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.heard: list[bytes] = []
        self.threads: list[threading.Thread] = []

    def transcribe(self, pcm: bytes) -> tuple[str, float]:
        self.threads.append(threading.current_thread())
        self.started.set()
        self.gate.wait(10)
        self.heard.append(pcm)
        return "what time is it", 0.9


def opinion(engine: GatedWhisper) -> ReadingChooser:
    return ReadingChooser(engine, lambda text: Intent("time_query", {}, 0.1, text=text))  # type: ignore[arg-type]


def wait_for(condition: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_closing_the_whisper_pass_cancels_queued_work_and_ends_its_thread() -> None:
    engine = GatedWhisper()
    second = opinion(engine)
    second.speculate(b"\1\0" * 10)
    assert engine.started.wait(10)
    second.speculate(b"\2\0" * 10)  # queued behind the running pass
    queued = second._future
    assert queued is not None
    closer = threading.Thread(target=second.close)
    closer.start()
    assert wait_for(queued.cancelled)  # cancelled while the first pass still runs
    engine.gate.set()
    closer.join(10)
    assert not closer.is_alive()
    assert engine.heard == [b"\1\0" * 10]  # the queued pass never ran
    [worker] = set(engine.threads)
    assert not worker.is_alive()  # close() returned after the thread ended
    with pytest.raises(StageProcessError):
        second.speculate(b"\3\0" * 10)
    with pytest.raises(StageProcessError):
        second.choose(Transcript("uh", engine="pocketsphinx"), b"\4\0" * 10)
    second.close()  # a second close is harmless


class ClosableWake(ScriptedWake):
    def __init__(self, at_s: float) -> None:
        super().__init__(at_s)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_a_loop_used_as_a_context_manager_closes_its_second_pass_and_wake_word() -> None:
    engine = GatedWhisper()
    engine.gate.set()
    second = opinion(engine)
    wake = ClosableWake(99.0)
    with VoicePipeline(
        FakeRecognizer([]), EnergyVad(), FakeAssistant(), wake=wake, second_pass=second
    ) as loop:
        feed(loop, silence(0.2))
        second.speculate(b"\1\0" * 10)  # the pool is working while the loop is open
        assert wait_for(lambda: len(engine.heard) == 1)
        assert wake.closed == 0
    assert wake.closed == 1
    [worker] = set(engine.threads)
    assert not worker.is_alive()
    with pytest.raises(StageProcessError):
        second.speculate(b"\2\0" * 10)
    loop.close()  # twice is fine: nothing is closed again
    assert wake.closed == 1
    with pytest.raises(StageProcessError):
        loop.feed(silence(0.02))


def test_a_loop_closes_when_an_error_leaves_the_with_block() -> None:
    wake = ClosableWake(99.0)
    with pytest.raises(ValueError), VoicePipeline(FakeRecognizer([]), EnergyVad(), None, wake=wake):
        raise ValueError("boom")
    assert wake.closed == 1


def test_a_loop_without_wake_word_or_second_pass_closes_too() -> None:
    loop = VoicePipeline(FakeRecognizer(["hello"]), EnergyVad(), FakeAssistant())
    assert [t.transcript.text for t in loop.run([tone(0.6) + silence(1.2)])] == ["hello"]
    loop.close()
    with pytest.raises(StageProcessError):
        loop.flush()


class FakeLoop:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.closed = 0
        self.thread = ""

    def run(self, chunks: Any, stop: Any = None) -> list[Any]:
        if self.fail:
            raise RuntimeError("no microphone")
        return [object() for _ in chunks]

    def push_to_talk(self) -> None:
        return None

    def close(self) -> None:
        self.thread = threading.current_thread().name
        self.closed += 1


@pytest.mark.parametrize("fail", [False, True])
def test_the_voice_service_closes_its_loop_when_the_loop_ends(fail: bool) -> None:
    from app.gui.voice_service import VoiceService

    loop = FakeLoop(fail)
    source = SimpleNamespace(chunks=lambda: iter([b"\0\0" * 160]))
    service = VoiceService(
        SimpleNamespace(bus=EventBus()), source_factory=lambda: source, loop_factory=lambda: loop
    )
    service.start()
    service.stop()
    assert not service.listening
    assert loop.closed == 1 and loop.thread == "voice"  # on the loop's own thread
    assert (service.error != "") is fail and service.turns == (0 if fail else 1)
