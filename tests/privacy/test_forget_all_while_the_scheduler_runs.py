"""Delete everything while the reminder scheduler checks timers on its own thread.

``forget`` ran ``PRAGMA wal_checkpoint`` through ``Database.execute`` and left its result row
unread, so the statement stayed "in progress" on the shared connection and the scheduler's next
commit failed ("cannot commit transaction - SQL statements in progress"; found by the GUI walk
pressing Privacy → Delete everything). Hundreds of failed checks before the fix, none after.
"""

from __future__ import annotations

import threading
from typing import Any


def test_forget_all_leaves_no_statement_running(app: Any) -> None:
    from pipelines.skills.list_store import ListStore
    from pipelines.skills.reminders import ReminderService
    from pipelines.skills.timer_store import TimerStore

    service = ReminderService.from_app(app)
    failures: list[BaseException] = []
    stop = threading.Event()

    def check() -> None:
        while not stop.is_set():
            try:
                service.tick()
            except Exception as exc:  # what the scheduler's loop would log
                failures.append(exc)

    thread = threading.Thread(target=check)
    thread.start()
    try:
        for _ in range(8):
            TimerStore(app.db, ledger=app.ledger).start(600, "pasta")
            ListStore(app.db, ledger=app.ledger).add("shopping", ["eggs"])
            app.inventory.forget_all()
    finally:
        stop.set()
        thread.join()
    assert failures == []
