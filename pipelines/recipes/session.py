"""The cooking session: which recipe is open, which step you are on, how much it is scaled.

Kept in the database (table ``recipe_session``, one row) so that the voice assistant, the GUI
and separate ``homebody recipe ask`` runs all continue the same session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..core.storage import Database


@dataclass(frozen=True)
class CookingSession:
    recipe_id: int
    step: int
    """The step last read out, 1-based; 0 before the first step."""
    factor: float = 1.0
    """Scale applied to every quantity ("double it" -> 2.0)."""


class SessionStore:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock

    def current(self) -> CookingSession | None:
        rows = self.db.query("SELECT recipe_id, step, factor FROM recipe_session WHERE id = 1")
        if not rows:
            return None
        row = rows[0]
        return CookingSession(int(row["recipe_id"]), int(row["step"]), float(row["factor"]))

    def active_within(self, seconds: float) -> bool:
        """Whether a recipe is open and was used in the last ``seconds``."""
        updated = self.db.scalar("SELECT updated_at FROM recipe_session WHERE id = 1")
        return updated is not None and self.clock() - float(updated) <= seconds

    def save(self, session: CookingSession) -> CookingSession:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO recipe_session(id, recipe_id, step, factor, updated_at) "
                "VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET recipe_id = "
                "excluded.recipe_id, step = excluded.step, factor = excluded.factor, "
                "updated_at = excluded.updated_at",
                (session.recipe_id, session.step, session.factor, self.clock()),
            )
        return session

    def open(self, recipe_id: int) -> CookingSession:
        return self.save(CookingSession(recipe_id, 0, 1.0))

    def close(self) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM recipe_session")
