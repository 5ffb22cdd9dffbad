"""Short-term conversation memory that lasts a couple of minutes, across processes.

"Set a pasta timer" ... "cancel it" must work whether both sentences reach the same GUI
process or two separate ``homebody ask`` runs, so the memory (last timer, pending yes/no
question) is one small JSON row in the database. It expires after ``ttl_s`` seconds of
silence and is never kept longer: it is not a history.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.storage import Database

if TYPE_CHECKING:
    from ..privacy.ledger import Ledger

DEFAULT_TTL_S = 180.0

_MIGRATIONS = [
    """
    CREATE TABLE IF NOT EXISTS conversation_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        data TEXT NOT NULL,
        updated_at REAL NOT NULL
    );
    """
]


class ConversationMemory:
    def __init__(
        self,
        db: Database,
        clock: Callable[[], float] = time.time,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        ledger: Ledger | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.ttl_s = ttl_s
        self.ledger = ledger
        self._last_saved = "{}"
        self._saved_at = 0.0
        db.migrate("conversation", _MIGRATIONS)

    def load(self) -> dict[str, Any]:
        rows = self.db.query("SELECT data, updated_at FROM conversation_state WHERE id = 1")
        if not rows:
            self._last_saved = "{}"
            return {}
        data, updated_at = str(rows[0][0]), float(rows[0][1])
        if self.clock() - updated_at > self.ttl_s:
            self.forget()
            return {}
        self._last_saved, self._saved_at = data, updated_at
        try:
            loaded = json.loads(data)
        except json.JSONDecodeError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def save(self, state: dict[str, Any]) -> None:
        data = json.dumps(state, sort_keys=True, default=str)
        if data == "{}":
            if self._last_saved != "{}":
                self.forget()
            return
        now = self.clock()
        if data == self._last_saved and now - self._saved_at < self.ttl_s / 4:
            return  # unchanged and fresh: spare the disk a synchronous write
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO conversation_state(id, data, updated_at) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                (data, now),
            )
        if self._last_saved == "{}" and self.ledger is not None:
            # one row when a context starts (and one when it is deleted), not one per turn
            self.ledger.record("data_written", "conversation", items=1)
        self._last_saved, self._saved_at = data, now

    def forget(self) -> None:
        with self.db.transaction() as conn:
            deleted = conn.execute("DELETE FROM conversation_state").rowcount
        if deleted and self.ledger is not None:
            self.ledger.record("data_deleted", "conversation", items=deleted)
        self._last_saved = "{}"
