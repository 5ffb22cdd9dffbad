"""Cyclic garbage is collected on the GUI thread while a window is open (app/gui/gc_guard.py):
a collection on a worker thread destroyed Qt objects off the GUI thread and crashed CI."""

from __future__ import annotations

import gc
import threading
from typing import Any


def test_the_collector_takes_collection_over_and_gives_it_back(qtbot: Any) -> None:
    from app.gui.gc_guard import GuiThreadCollector

    assert gc.isenabled()
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()  # no collection on whichever thread allocates next
        before = gc.get_count()[0]
        garbage = []
        for _ in range(gc.get_threshold()[0] + 10):  # cycles, past the first threshold
            a: list[Any] = []
            a.append(a)
            garbage.append(a)
        del garbage
        assert gc.get_count()[0] > before
        qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=5000)
        assert collector.check() == -1  # nothing left to do until the counts grow again
    finally:
        collector.stop()
    assert gc.isenabled()


def test_a_worker_thread_never_collects_while_a_window_is_open(window: Any) -> None:
    collected: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        done = threading.Event()

        def allocate() -> None:
            for _ in range(50_000):
                cycle: list[Any] = []
                cycle.append(cycle)
            done.set()

        threading.Thread(target=allocate, name="worker").start()
        assert done.wait(30)
    finally:
        gc.callbacks.remove(note)
    assert "worker" not in collected
