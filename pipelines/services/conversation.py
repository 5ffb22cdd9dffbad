"""The conversation history the assistant keeps, read for the conversation view.

The assistant writes one row per turn into its ``history`` table; pages read it through
:meth:`pipelines.services.Services.history` and never run SQL themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..core.storage import Database


@dataclass(frozen=True)
class HistoryTurn:
    """One past turn: what was said (or typed), how it was understood and the answer."""

    id: int
    ts: float
    source: str
    text: str
    intent: str
    confidence: float
    slots: dict[str, Any]
    response: str

    def __getitem__(self, key: str) -> Any:
        """``turn["response"]``: the conversation view reads turns like the rows it had."""
        return getattr(self, key)


def recent_turns(db: Database, limit: int) -> list[HistoryTurn]:
    """The last ``limit`` turns, oldest first (empty before the first turn)."""
    if "history" not in db.tables():
        return []
    rows = db.query("SELECT * FROM history ORDER BY id DESC LIMIT ?", (limit,))
    return [
        HistoryTurn(
            int(r["id"]),
            float(r["ts"]),
            str(r["source"]),
            str(r["text"]),
            str(r["intent"]),
            float(r["confidence"]),
            json.loads(r["slots"] or "{}"),
            str(r["response"]),
        )
        for r in reversed(rows)
    ]
