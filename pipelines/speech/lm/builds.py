"""Where the command LM, the command grammar and the joined Whisper model are found, so that
a fresh home starts listening in seconds instead of building them first (~20 s).

- **Install time:** ``./scripts/setup`` runs ``python -m pipelines.speech.speech_builds``, which
  builds the command LM and grammar of the shipped templates and joins Whisper base into
  ``<sys.prefix>/share/homebody/`` (the virtual environment; installers can ship the folder
  and point ``HOMEBODY_SPEECH_PREBUILT`` at it). Every home reads them from there.
- **Run time:** a home's own cache (``<cache>/speech``) is looked at first (builds for its
  devices); then the install's prebuilt folder. When neither has the build for the current
  templates (they changed, or the user added devices), the voice loop starts with the *last
  good* build and a background thread makes the new one; the grammar is swapped in when ready,
  the LM at the next start of listening.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PREBUILT_ENV = "HOMEBODY_SPEECH_PREBUILT"

_running: dict[str, threading.Thread] = {}
_lock = threading.Lock()


def install_dir() -> Path:
    """The install's own folder for prebuilt speech files (the venv's ``share/homebody``)."""
    return Path(sys.prefix) / "share" / "homebody"


def prebuilt_dirs() -> list[Path]:
    """Folders of prebuilt speech builds, searched in order after the home's cache."""
    env = os.environ.get(PREBUILT_ENV, "")
    dirs = [Path(p) for p in env.split(os.pathsep) if p]
    return [*dirs, install_dir() / "speech"]


def search_dirs(cache_dir: Path | None) -> list[Path]:
    own = [cache_dir / "speech"] if cache_dir is not None else []
    return own + prebuilt_dirs()


def find(name: str, cache_dir: Path | None) -> Path | None:
    """``name`` in the home's cache or a prebuilt folder."""
    for folder in search_dirs(cache_dir):
        if (folder / name).is_file():
            return folder / name
    return None


def last_good(pattern: str, cache_dir: Path | None, ok: Callable[[Path], bool]) -> Path | None:
    """The newest file matching ``pattern`` anywhere we look that ``ok`` accepts."""
    found = [p for d in search_dirs(cache_dir) if d.is_dir() for p in d.glob(pattern) if ok(p)]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def in_background(
    key: str, build: Callable[[], Any], done: Callable[[Any], None] | None = None
) -> None:
    """Run ``build`` on a daemon thread (once per ``key`` at a time); ``done(result)`` after."""

    def work() -> None:
        try:
            result = build()
            if done is not None:
                done(result)
        except Exception:  # a failed background build leaves the last good one in use
            log.exception("speech: background build %s failed", key)
        finally:
            with _lock:
                _running.pop(key, None)

    with _lock:
        if key in _running:
            return
        thread = threading.Thread(target=work, name=f"build-{key}", daemon=True)
        _running[key] = thread
    thread.start()


def wait_for_builds(timeout: float = 120.0) -> None:
    """Let running background builds finish (tests, benchmarks, the setup script)."""
    with _lock:
        threads = list(_running.values())
    for thread in threads:
        thread.join(timeout)
