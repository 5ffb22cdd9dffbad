"""The reminder service: rings finished timers and due alarms until someone says "stop".

A small thread checks the stores every ``interval_s`` (or call :meth:`tick` yourself with an
injected clock in tests). For each ringing timer or alarm it emits a NOTICE on ``app.bus``::

    PipelineEvent(NOTICE, stage="reminders", data={
        "kind": "timer_done" | "alarm_ringing" | "reminder_due",  # "reminder_stopped" after "stop"
        "id": 3, "name": "pasta", "text": "The pasta timer is done!",
        "sound": "/…/assets/sounds/timer_chime.wav", "repeat": 0, "missed": False})

The GUI and the voice output play ``sound`` and show/speak ``text``; the same reminder is
announced again every ``repeat_s`` seconds (``repeat`` counts up) until "stop" dismisses it.
Reminders that went off while Homebody was closed are announced once with ``missed: True``.

Start it with :func:`start_reminders` (the GUI and ``homebody listen`` do).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.events import EventType, PipelineEvent
from ..core.paths import assets_dir
from .alarm_store import Alarm, AlarmStore
from .reminder_store import Reminder, ReminderStore
from .replies import Replies
from .speech import clock, duration
from .timer_store import Timer, TimerStore

if TYPE_CHECKING:
    from ..app_context import AppContext

log = logging.getLogger(__name__)
SERVICE_NAME = "timer_scheduler"
MISSED_GRACE_S = 30.0


def chime_path() -> Path:
    return assets_dir() / "sounds" / "timer_chime.wav"


class ReminderService:
    def __init__(
        self,
        app: AppContext,
        *,
        replies: Replies | None = None,
        clock: Callable[[], float] = time.time,
        interval_s: float = 0.5,
        repeat_s: float = 20.0,
        max_repeats: int = 30,
    ) -> None:
        self.app = app
        self.replies = replies or Replies()
        self.clock = clock
        self.interval_s = interval_s
        self.repeat_s = repeat_s
        self.max_repeats = max_repeats
        self.timers = TimerStore(app.db, clock, ledger=app.ledger)
        self.alarms = AlarmStore(app.db, clock, ledger=app.ledger)
        self.reminders = ReminderStore(app.db, clock, ledger=app.ledger)
        self.started_at = clock()
        self._announced: dict[tuple[str, int], tuple[float, int]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_app(cls, app: AppContext, **options: Any) -> ReminderService:
        return cls(app, **options)

    # -- running ------------------------------------------------------------------------------
    def start(self) -> ReminderService:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="reminders", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # keep ringing other reminders even if one check fails
                log.exception("reminder check failed")
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        """Stop the checking thread (ringing reminders stay ringing in the database)."""
        self.close()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # -- one check ----------------------------------------------------------------------------
    def tick(self) -> list[PipelineEvent]:
        """Expire due timers/alarms and (re-)announce every ringing one that is due."""
        self.timers.expire_due()
        self.alarms.expire_due()
        self.reminders.expire_due()
        now = self.clock()
        events: list[PipelineEvent] = []
        ringing: set[tuple[str, int]] = set()
        for timer in self.timers.ringing():
            ringing.add(("timer", timer.id))
            event = self._maybe_announce("timer", timer.id, timer.deadline, now, timer)
            if event is not None:
                events.append(event)
        for alarm in self.alarms.ringing():
            ringing.add(("alarm", alarm.id))
            event = self._maybe_announce("alarm", alarm.id, alarm.fire_at, now, alarm)
            if event is not None:
                events.append(event)
        for reminder in self.reminders.ringing():
            ringing.add(("reminder", reminder.id))
            event = self._maybe_announce("reminder", reminder.id, reminder.fire_at, now, reminder)
            if event is not None:
                events.append(event)
        gone = [key for key in self._announced if key not in ringing]
        for key in gone:  # dismissed elsewhere (another process, the GUI's stop button)
            del self._announced[key]
        if gone:
            events.append(
                self._notice({"kind": "reminder_stopped", "keys": [list(k) for k in gone]}, "")
            )
        for event in events:
            self.app.bus.emit(event)
        return events

    def _maybe_announce(
        self, kind: str, item_id: int, due_at: float, now: float, item: Timer | Alarm | Reminder
    ) -> PipelineEvent | None:
        last = self._announced.get((kind, item_id))
        missed = due_at < self.started_at - MISSED_GRACE_S
        if last is not None:
            last_at, count = last
            if missed or count >= self.max_repeats or now - last_at < self.repeat_s:
                return None
            repeat = count + 1
        else:
            repeat = 0
        self._announced[(kind, item_id)] = (now, repeat)
        text = self._text(kind, item, missed)
        data: dict[str, Any] = {
            "kind": {"timer": "timer_done", "alarm": "alarm_ringing"}.get(kind, "reminder_due"),
            "id": item_id,
            "name": item.name,
            "text": text,
            "sound": str(chime_path()),
            "repeat": repeat,
            "missed": missed,
            "due_at": due_at,
        }
        return self._notice(data, text)

    def _text(self, kind: str, item: Timer | Alarm | Reminder, missed: bool) -> str:
        r = self.replies
        if isinstance(item, Reminder):
            key = "notice.reminder_missed" if missed else "notice.reminder_ringing"
            return r.render(key, task=item.text)
        if isinstance(item, Timer):
            label = (
                r.fragment("timer.label_named", name=item.name)
                if item.name
                else r.fragment("timer.label_unnamed", duration=duration(r, item.duration_s))
            )
            at = clock(dt.datetime.fromtimestamp(item.deadline))
            key = "notice.timer_missed" if missed else "notice.timer_done"
            return r.render(key, label=label, time=at)
        if missed:
            return r.render("notice.alarm_missed", time=item.time_hm)
        if item.label:
            return r.render("notice.alarm_ringing_named", time=item.time_hm, name=item.label)
        return r.render("notice.alarm_ringing", time=item.time_hm)

    def _notice(self, data: dict[str, Any], text: str) -> PipelineEvent:
        return PipelineEvent(EventType.NOTICE, "reminders", time.time(), data=data, message=text)


def start_reminders(app: AppContext, **options: Any) -> ReminderService:
    """The app's one reminder service, started (idempotent)."""
    service = app.services.get(SERVICE_NAME)
    if not isinstance(service, ReminderService):
        service = ReminderService(app, **options)
        app.services[SERVICE_NAME] = service
    return service.start()
