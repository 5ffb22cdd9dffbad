"""The GUI's view of the running app: the context, the event bridge, worker pools, the assistant.

Pages receive one :class:`GuiSession`. It owns the threads: the assistant runs on a serial
worker (turns are handled one at a time, in order), everything else on a small shared pool.
Results come back as Qt signals on the GUI thread.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from pipelines.core.changes import Change, ChangeWatcher
from pipelines.core.errors import HomebodyError
from pipelines.core.settings import load_settings
from pipelines.services import services

from .bridge import EventBridge
from .fmt import error_text
from .stall import StallMonitor
from .tasks import TaskRunner

log = logging.getLogger(__name__)


class GuiSession(QObject):
    assistant_ready = Signal(str)
    """The intent recogniser is loaded; carries its name ("none" when no model is installed)."""
    assistant_failed = Signal(str)
    turn_started = Signal(str)
    turn_finished = Signal(object)
    """A :class:`pipelines.assistant.Turn`."""
    turn_failed = Signal(str, str)
    """(what was asked, what went wrong)."""
    data_changed = Signal()
    """Something the user can see was written or deleted (timers, lists, inventory)."""
    data_deleted = Signal(str)
    """A data category was deleted (carries the category name, e.g. "history")."""
    switches_changed = Signal()
    """A microphone/camera kill switch was flipped."""
    settings_changed = Signal(object)
    """The settings file was written by someone else (``homebody setup``, an editor); carries
    the new :class:`Settings`, already in ``app.settings``."""

    def __init__(self, app: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.bridge = EventBridge(app, self)
        self.tasks = TaskRunner(parent=self)
        self.assistant_tasks = TaskRunner(serial=True, parent=self)
        self.writes = TaskRunner(serial=True, parent=self)
        """Writes whose order matters (cooking position, list edits, ledger rows)."""
        self.stalls = StallMonitor(parent=self)
        self.assistant: Any = None
        self.recognizer_name = ""
        self.assistant_error = ""
        self.mic_allowed = True
        self.camera_allowed = True
        self.closed = False
        self.bridge.ledger_entry.connect(self._on_ledger)
        self.changes: ChangeWatcher | None = None
        try:
            self.changes = ChangeWatcher(app.paths.database, app.paths.config_file)
            self.changes.subscribe(self._on_change)  # the watcher's thread: only emit
        except HomebodyError:
            log.warning("changes made outside the app will show after a restart", exc_info=True)

    def _on_change(self, change: Change) -> None:  # the watcher's thread
        if self.closed:
            return
        if change.database:
            self.data_changed.emit()
        if change.settings:
            self._settings_written.emit()

    _settings_written = Signal()
    closing = Signal()
    """The app is closing: pages stop what they started (e.g. an MQTT discovery listener)."""

    def _reload_settings(self) -> None:
        try:
            new = load_settings(self.app.paths.config_file)
        except HomebodyError as exc:  # half-written or mistyped: keep what we have
            log.warning("the settings file could not be read again: %s", exc.message)
            return
        if new != self.app.settings:
            services(self.app).apply_settings(new)
            self.settings_changed.emit(new)

    # -- assistant ------------------------------------------------------------------------------
    def start_assistant(self) -> None:
        """Load the process's one assistant (intent model, skills) on the assistant worker; the
        voice loop answers through the same one (:func:`pipelines.services.services`)."""
        hub = services(self.app)
        self.assistant_tasks.submit(
            hub.assistant, self._assistant_loaded, self._assistant_load_failed
        )

    def _assistant_loaded(self, assistant: Any) -> None:
        self.assistant = assistant
        self.recognizer_name = str(getattr(assistant.recognizer, "name", "?"))
        self.assistant_ready.emit(self.recognizer_name)

    def _assistant_load_failed(self, exc: BaseException) -> None:
        self.assistant_error = error_text(exc)
        log.error("the assistant could not start: %s", self.assistant_error)
        self.assistant_failed.emit(self.assistant_error)

    @property
    def understands(self) -> bool:
        """True when a real intent model is loaded (not the no-model fallback)."""
        return self.assistant is not None and self.recognizer_name not in ("", "none")

    def ask(self, text: str, source: str = "text") -> None:
        text = text.strip()
        if not text:
            return
        if self.closed:
            return
        self.turn_started.emit(text)

        def run() -> Any:
            if self.assistant is None:
                raise HomebodyError(
                    self.assistant_error or "The assistant is still starting; try again."
                )
            return self.assistant.ask(text, source=source)

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, HomebodyError) else f"Something broke: {exc}"
            self.turn_failed.emit(text, message)

        self.assistant_tasks.submit(run, self.turn_finished.emit, failed)

    # -- kill switches --------------------------------------------------------------------------
    def set_switch(self, device: str, on: bool) -> None:
        """Allow or forbid the microphone ("microphone") or the cameras ("camera").

        Switching off stops the running service (when this build has one) and is recorded in
        the privacy ledger.
        """
        if device not in ("microphone", "camera"):
            raise ValueError(f"unknown device {device!r}")
        if device == "microphone":
            if self.mic_allowed == on:
                return
            self.mic_allowed = on
        else:
            if self.camera_allowed == on:
                return
            self.camera_allowed = on
        if not on:
            for key in ("voice",) if device == "microphone" else ("cameras", "vision"):
                service = self.app.services.get(key)
                stop = getattr(service, "stop", None)
                if callable(stop):
                    self.run(stop)
        self.record("settings_changed", "privacy", switch=device, on=on)
        self.switches_changed.emit()

    # -- background work ------------------------------------------------------------------------
    def record(self, kind: str, category: str, **detail: Any) -> None:
        """Write a ledger row on a worker (the database may be busy; the GUI never waits)."""
        ledger = self.app.ledger
        self.write(lambda: ledger.record(kind, category, **detail))

    def write(self, fn: Any, on_done: Any = None, on_error: Any = None) -> None:
        """Like :meth:`run`, but one at a time in the order they were asked for."""
        if self.closed:
            return
        self.writes.submit(fn, on_done, on_error)

    def run(self, fn: Any, on_done: Any = None, on_error: Any = None) -> None:
        """Run ``fn`` on a worker; ``on_done(result)``/``on_error(exc)`` on the GUI thread."""
        if self.closed:
            return
        self.tasks.submit(fn, on_done, on_error)

    def _on_ledger(self, entry: Any) -> None:
        if entry.kind in ("data_written", "data_deleted"):
            self.data_changed.emit()
        if entry.kind == "data_deleted" and entry.detail.get("reason") == "user":
            self.data_deleted.emit(entry.category)

    def start(self) -> None:

        QTimer.singleShot(0, self.stalls.start)  # measure from the first turn of the loop
        self._settings_written.connect(self._reload_settings)
        if self.changes is not None:
            self.changes.start()
        self.start_assistant()

    def close(self) -> None:
        self.closed = True
        self.closing.emit()
        self.stalls.stop()
        if self.changes is not None:
            self.changes.stop()
        self.bridge.close()
        for runner in (self.assistant_tasks, self.writes, self.tasks):
            runner.wait(10000)
        for runner in (self.assistant_tasks, self.writes, self.tasks):
            runner.forget_pending()
        if self.assistant is not None:
            for skill in getattr(self.assistant.dispatcher.registry, "skills", []):
                try:
                    skill.close()
                except Exception:
                    log.debug("skill %s did not close cleanly", skill, exc_info=True)
