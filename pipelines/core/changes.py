"""One "something changed" signal for everything Homebody stores, whoever wrote it.

The desktop app, ``homebody ask`` in a terminal, a Wyoming client and the reminder scheduler
all write the same SQLite database and settings file. :class:`ChangeWatcher` notices their
writes in one place — SQLite's ``PRAGMA data_version`` on a connection of its own (it moves
whenever *any other* connection commits, in this process or another) and the settings file's
modification time — and tells its subscribers with a :class:`Change` event. Views subscribe
once instead of each polling its own tables (napari's "models emit events" style).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import StorageError

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 0.4
"""How often the watcher looks; a change reaches the screen within about this long."""


@dataclass(frozen=True)
class Change:
    """What moved since the last look."""

    database: bool
    """Some connection committed a write to the database (rows added, changed or deleted)."""
    settings: bool
    """The settings file was written (the Settings page, ``homebody setup``, an editor)."""


Listener = Callable[[Change], None]


class ChangeWatcher:
    """Watches ``database`` and ``settings_file``; :meth:`poll` once or :meth:`start` a thread."""

    def __init__(
        self, database: Path, settings_file: Path, interval_s: float = DEFAULT_INTERVAL_S
    ) -> None:
        self.database = Path(database)
        self.settings_file = Path(settings_file)
        self.interval_s = interval_s
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            self._conn = sqlite3.connect(
                f"file:{self.database}?mode=ro", uri=True, check_same_thread=False, timeout=5.0
            )
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot watch the database at {database}: {exc}") from exc
        self._version = self._data_version()
        self._settings_stamp = self._stamp()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` (on the watcher's thread) after each change; returns an
        unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _data_version(self) -> int:
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0]) if row else 0

    def _stamp(self) -> tuple[int, int]:
        try:
            st = self.settings_file.stat()
        except OSError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def poll(self) -> Change | None:
        """Look once; tell the subscribers and return the change, or None when nothing moved."""
        with self._lock:
            try:
                version = self._data_version()
            except sqlite3.Error:
                log.debug("data_version could not be read", exc_info=True)
                version = self._version
            stamp = self._stamp()
            change = Change(version != self._version, stamp != self._settings_stamp)
            self._version, self._settings_stamp = version, stamp
            listeners = list(self._listeners)
        if not (change.database or change.settings):
            return None
        for listener in listeners:
            try:
                listener(change)
            except Exception:  # one broken view must not stop the others hearing
                log.exception("a change listener failed")
        return change

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="change-watcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.poll()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None
        with self._lock:
            self._conn.close()
