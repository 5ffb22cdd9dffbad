"""How long the skills take to act: per intent through the real Dispatcher (SQLite with
``synchronous=FULL``, ledger writes, conversation memory), one reminder check with 20 timers,
a light command over a real local mosquitto, and a whole ``homebody ask`` process.

Run: ``python -m bench.skills`` (about half a minute). Writes its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report import table, write_section

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python -m bench.skills"
RUNS = 40

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("timer_start", "set a pasta timer for 10 minutes", {"duration": 600, "name": "pasta"}),
    ("timer_status", "how long is left", {}),
    ("alarm_set", "wake me at 7 tomorrow", {"time": "07:00", "date": "tomorrow"}),
    ("list_add", "add eggs, milk and butter", {"item": ["eggs", "milk", "butter"]}),
    ("list_query", "what's on my shopping list", {"list": "shopping"}),
    ("time_query", "what time is it", {}),
    ("unit_convert", "convert 2 cups to ml", {}),
    ("volume_set", "volume 40 percent", {"level": 40}),
    ("help", "what can you do", {}),
    ("unsupported_online", "what's the weather", {}),
    ("time_query", "what time is it in tokyo", {"place": "tokyo"}),
    ("date_query", "how many days until christmas", {"date": "christmas"}),
    ("reminder_set", "remind me to call mum at 5pm", {"name": "call mum", "time": "17:00"}),
    ("reminder_query", "what reminders do i have", {}),
    ("smalltalk", "tell me a joke", {}),
]


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(values: list[float]) -> list[str]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return [f"{statistics.median(values):.2f}", f"{p95:.2f}"]


def bench_dispatch(home: Path) -> list[list[object]]:
    from pipelines.app_context import AppContext
    from pipelines.core.intent import Intent
    from pipelines.skills.base import SkillContext
    from pipelines.skills.dispatch import Dispatcher
    from pipelines.skills.reminders import ReminderService
    from pipelines.skills.replies import Replies
    from pipelines.skills.timer_store import TimerStore

    os.environ["HOMEBODY_HOME"] = str(home)
    app = AppContext.create(guard=False)
    dispatcher = Dispatcher(SkillContext(app=app, replies=Replies()))
    dispatcher.prepare()
    dispatcher.handle(Intent("unit_convert", {}, 1.0, text="convert 1 cup to ml"))  # load pint
    rows: list[list[object]] = []
    counter = iter(range(10**6))
    for name, text, slots in CASES:

        def once(name: str = name, text: str = text, slots: dict[str, Any] = slots) -> None:
            if name == "list_add":  # new items every run, so every run writes
                n = next(counter)
                slots = {"item": [f"eggs {n}", f"milk {n}", f"butter {n}"]}
            dispatcher.handle(Intent(name, slots, 1.0, text=text))

        label = f"`{name}`" + (f" ({text})" if name in ("time_query", "date_query") else "")
        rows.append([label, *summary(timed(once, RUNS))])
    TimerStore(app.db).cancel_all()
    for i in range(20):
        TimerStore(app.db).start(3600 + i, f"t{i}")
    service = ReminderService(app)
    rows.append(["reminder check, 20 timers", *summary(timed(service.tick, RUNS))])
    app.close()
    return rows


def bench_mqtt(home: Path) -> list[list[object]]:
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(mosquitto).exists():
        return []
    from dataclasses import replace

    from pipelines.app_context import AppContext
    from pipelines.core.intent import Intent
    from pipelines.core.settings_schema import DeviceSettings, MqttSettings
    from pipelines.skills.base import SkillContext
    from pipelines.skills.dispatch import Dispatcher
    from pipelines.skills.replies import Replies

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    home.mkdir(parents=True, exist_ok=True)
    os.environ["HOMEBODY_HOME"] = str(home)
    conf = home / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    proc = subprocess.Popen([mosquitto, "-c", str(conf)], stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        app = AppContext.create(guard=False)
        devices = (DeviceSettings("kitchen light", "light", "kitchen"),)
        app.settings = replace(app.settings, mqtt=MqttSettings(port=port, devices=devices))
        dispatcher = Dispatcher(SkillContext(app=app, replies=Replies()))
        on = Intent("light_on", {"device": "kitchen light"}, 1.0, text="kitchen light on")
        first = timed(lambda: dispatcher.handle(on), 1)
        rest = timed(lambda: dispatcher.handle(on), RUNS)
        app.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return [
        ["`light_on`, first (connect + discovery + QoS 1 publish)", f"{first[0]:.2f}", "-"],
        ["`light_on`, connected (QoS 1 publish acknowledged)", *summary(rest)],
    ]


def bench_cli(home: Path) -> list[list[object]]:
    env = {**os.environ, "HOMEBODY_HOME": str(home), "PYTHONPATH": str(ROOT)}
    rows: list[list[object]] = []
    for question in ("what time is it", "convert 5 miles to km", "what time is it in tokyo"):
        cmd = [sys.executable, "-m", "app.cli.main", "ask", "--json", question]
        times = timed(lambda c=cmd: subprocess.run(c, env=env, cwd=ROOT, capture_output=True), 5)
        rows.append([f'whole `homebody ask "{question}"` process', *summary(times)])
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        rows = bench_dispatch(home / "a") + bench_mqtt(home / "b") + bench_cli(home / "c")
    body = (
        f"Dispatcher.handle per intent, {RUNS} runs each after warm-up, on a temporary home "
        "(real SQLite in WAL mode with synchronous=FULL, ledger and conversation memory "
        "writes included). Turns that write pay for synchronous fsyncs (data + privacy "
        "ledger), so they follow the disk's load; a repeated identical turn skips the "
        "unchanged conversation-memory write. The CLI row is 5 runs and includes Python "
        "start-up and loading the installed intent model.\n\n"
        + table(["what", "median ms", "p95 ms"], rows)
    )
    path = write_section("skills", "Skills: time to act", COMMAND, body)
    print(body)
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
