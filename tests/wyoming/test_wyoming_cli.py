"""`homebody serve wyoming` as a real process: serves, stops cleanly on SIGTERM, and refuses
to listen beyond this computer unless LAN serving is asked for."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from wyoming.asr import Transcript
from wyoming.client import AsyncTcpClient
from wyoming_helpers import free_port, read_until

ROOT = Path(__file__).resolve().parents[2]


def _serve(home: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, HOMEBODY_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "serve", "wyoming", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_port(port: int, proc: subprocess.Popen[str], timeout: float = 180) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def test_serve_wyoming_process(wy_home: Path, wy_app: Any) -> None:
    port = free_port()
    proc = _serve(wy_home, "--uri", f"tcp://127.0.0.1:{port}")
    try:
        _wait_port(port, proc)

        async def ask() -> Any:
            async with AsyncTcpClient("127.0.0.1", port, read_timeout=60) as client:
                await client.write_event(Transcript(text="what time is it").event())
                event, _ = await read_until(client, "handled", "not-handled")
                return event

        event = asyncio.run(ask())
        assert event.type == "handled" and event.data["text"].startswith("It's")
        state_file = Path(wy_app.paths.data_dir) / "wyoming-server.json"
        assert state_file.exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"Serving Wyoming on tcp://127.0.0.1:{port} (this computer only)" in out
    assert not state_file.exists()
    log_lines = [line for line in (out + err).splitlines() if " INFO " in line]
    assert not log_lines, log_lines  # the server's own log only with --verbose / --debug


def test_lan_address_without_lan_serving_is_refused(wy_home: Path) -> None:
    proc = _serve(wy_home, "--uri", f"tcp://0.0.0.0:{free_port()}")
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "LAN serving is off" in err


def test_a_busy_port_is_one_clear_line_not_a_traceback(wy_home: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = _serve(wy_home, "--uri", f"tcp://127.0.0.1:{port}", "--no-announce")
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2  # the CLI's error exit
    assert err.strip() == f"homebody: Port {port} is in use; pick another with --uri."
    assert "Traceback" not in out + err and "Loading models" not in out  # before the models
