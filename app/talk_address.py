"""Where a running Homebody window listens for "talk" (push-to-talk from anywhere), Qt-free.

The desktop app serves it with a QLocalServer; ``homebody talk`` (bind it to a key in your
desktop's keyboard settings for a global push-to-talk shortcut) connects and asks the window to
start listening without the wake word. A Unix socket in the cache folder; a named pipe on
Windows.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from pathlib import Path
from typing import Any

TALK = b"talk\n"


def talk_address(paths: Any) -> str:
    if sys.platform == "win32":
        return f"homebody-talk-{getpass.getuser()}"
    return str(Path(paths.cache_dir) / "talk.sock")


def send_talk(paths: Any, timeout_s: float = 5.0) -> str:
    """Ask the running window to listen; returns its answer ("listening" or why not).
    Raises OSError when no Homebody window is running."""
    address = talk_address(paths)
    if sys.platform == "win32":
        with open(rf"\\.\pipe\{address}", "r+b", buffering=0) as pipe:
            pipe.write(TALK)
            return pipe.readline().decode().strip()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout_s)
        sock.connect(address)
        sock.sendall(TALK)
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(256)
            if not chunk:
                break
            data += chunk
    return data.decode().strip()


def remove_stale(paths: Any) -> None:
    """A socket file left by a killed app would stop the next one listening: remove it when
    nobody answers on it."""
    address = talk_address(paths)
    if sys.platform == "win32" or not os.path.exists(address):
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        try:
            probe.connect(address)
        except OSError:
            os.unlink(address)
