"""The threading seams: background tasks, event marshalling, stall detection."""

from __future__ import annotations

import threading
import time
from typing import Any

from pipelines.core.events import EventType, PipelineEvent


def test_task_results_and_errors_arrive_on_the_gui_thread(qtbot: Any) -> None:
    from app.gui.tasks import TaskRunner

    runner = TaskRunner()
    seen: dict[str, Any] = {}

    def work() -> str:
        seen["worker"] = threading.get_ident()
        return "done"

    def done(value: str) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    runner.submit(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == "done"
    assert seen["worker"] != threading.get_ident()
    assert seen["callback"] == threading.get_ident()

    errors: list[BaseException] = []
    runner.submit(lambda: 1 / 0, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    runner.wait()


def test_serial_runner_keeps_order(qtbot: Any) -> None:
    from app.gui.tasks import TaskRunner

    runner = TaskRunner(serial=True)
    order: list[int] = []
    for i in range(5):
        runner.submit(lambda i=i: (time.sleep(0.01 * (5 - i)), i)[1], order.append)
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4]
    runner.wait()


def test_bus_events_from_a_worker_thread_reach_widgets_on_the_gui_thread(
    app: Any, qtbot: Any
) -> None:
    from app.gui.bridge import EventBridge

    bridge = EventBridge(app)
    received: list[tuple[PipelineEvent, int]] = []
    bridge.notice.connect(lambda e: received.append((e, threading.get_ident())))
    event = PipelineEvent(EventType.NOTICE, "timer", time.time(), data={"name": "tea"})
    worker = threading.Thread(target=app.bus.emit, args=(event,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(received), timeout=5000)
    assert received[0][0] is event
    assert received[0][1] == threading.get_ident()
    bridge.close()
    app.bus.emit(event)  # after close: nothing more arrives
    qtbot.wait(50)
    assert len(received) == 1


def test_stall_monitor_logs_a_blocked_event_loop(qtbot: Any, caplog: Any) -> None:
    from app.gui.stall import StallMonitor

    monitor = StallMonitor(interval_ms=10, threshold_ms=50)
    monitor.start()
    qtbot.waitUntil(lambda: monitor.beats >= 3, timeout=5000)
    before = len(monitor.stalls)
    with caplog.at_level("WARNING", logger="homebody.gui.stall"):
        time.sleep(0.3)  # block the GUI thread on purpose
        qtbot.waitUntil(lambda: len(monitor.stalls) > before, timeout=5000)
    monitor.stop()
    assert monitor.stalls[-1][1] > 50
    assert any("UI stall" in r.message for r in caplog.records)
