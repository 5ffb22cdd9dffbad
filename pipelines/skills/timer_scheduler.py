"""The name the GUI and ``homebody listen`` start the reminder service by.

``TimerScheduler.from_app(app).start()`` / ``.stop()`` — see :mod:`pipelines.skills.reminders`
(timers *and* alarms are rung by the same service).
"""

from __future__ import annotations

from .reminders import SERVICE_NAME, ReminderService, chime_path, start_reminders

TimerScheduler = ReminderService

__all__ = ["SERVICE_NAME", "TimerScheduler", "chime_path", "start_reminders"]
