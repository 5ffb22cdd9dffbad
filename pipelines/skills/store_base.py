"""Shared plumbing of the skills' SQLite stores (timers, alarms, lists).

:class:`Store` owns the component's migrations, an injectable clock and content-free ledger
rows. :class:`RingingStore` adds the lifecycle timers and alarms share: an item whose due time
has passed turns "ringing" (:meth:`expire_due`) until the user says "stop"
(:meth:`dismiss_ringing`, which deletes it).
"""

from __future__ import annotations

import dataclasses
import time
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..core.storage import Database

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from ..privacy.ledger import Ledger

RINGING = "ringing"
Item = TypeVar("Item", bound="DataclassInstance")


class Store:
    component: ClassVar[str]
    """The migration component, the table family and the privacy-ledger category."""
    migrations: ClassVar[Sequence[str]]

    def __init__(
        self,
        db: Database,
        clock: Callable[[], float] = time.time,
        *,
        ledger: Ledger | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.ledger = ledger
        db.migrate(self.component, self.migrations)

    def _ledger(self, kind: str, **detail: Any) -> None:
        """A ledger row for this category: counts only, never names or items."""
        if self.ledger is not None:
            self.ledger.record(kind, self.component, **detail)


class RingingStore(Store, Generic[Item]):
    table: ClassVar[str]
    due_column: ClassVar[str]
    """Unix time at which a pending item starts ringing."""
    pending_state: ClassVar[str]

    @abstractmethod
    def _from_row(self, row: Any) -> Item:
        """Build the item dataclass from a database row."""

    def ringing(self) -> list[Item]:
        rows = self.db.query(
            f"SELECT * FROM {self.table} WHERE state = ? ORDER BY {self.due_column}", (RINGING,)
        )
        return [self._from_row(r) for r in rows]

    def expire_due(self) -> list[Item]:
        """Turn pending items whose due time passed into ringing ones; returns them."""
        now = self.clock()
        with self.db.transaction() as conn:
            rows = conn.execute(
                f"SELECT * FROM {self.table} WHERE state = ? AND {self.due_column} <= ? "
                f"ORDER BY {self.due_column}",
                (self.pending_state, now),
            ).fetchall()
            for r in rows:
                conn.execute(
                    f"UPDATE {self.table} SET state = ?, fired_at = ? WHERE id = ?",
                    (RINGING, now, r["id"]),
                )
        return [
            dataclasses.replace(self._from_row(r), state=RINGING, fired_at=now)  # type: ignore[type-var,unused-ignore]
            for r in rows
        ]

    def dismiss_ringing(self) -> list[Item]:
        """On "stop": silence every ringing item (they are deleted)."""
        ringing = self.ringing()
        if ringing:
            with self.db.transaction() as conn:
                conn.execute(f"DELETE FROM {self.table} WHERE state = ?", (RINGING,))
            self._ledger("data_deleted", items=len(ringing))
        return ringing
