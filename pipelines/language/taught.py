"""Phrasings the user taught ("teach me"): stored locally in the ``nlu_examples`` table.

Nothing leaves the machine. The recogniser embeds them with the intent model and matches new
utterances by cosine similarity (a nearest-neighbour head over the sentence embedding).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import InputError
from ..core.intent import INTENTS

if TYPE_CHECKING:
    from ..app_context import AppContext

MIGRATIONS = [
    """
    CREATE TABLE nlu_examples (
        id INTEGER PRIMARY KEY,
        created REAL NOT NULL,
        intent TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (intent, text)
    );
    """
]


@dataclass(frozen=True)
class TaughtExample:
    id: int
    intent: str
    text: str
    created: float


def clean_phrase(text: str) -> str:
    return " ".join(text.lower().strip().strip(".!?").split())


class TaughtExamples:
    """The ``nlu_examples`` data category (see pipelines/privacy/inventory.py)."""

    def __init__(self, app: AppContext) -> None:
        self.app = app
        app.db.migrate("nlu", MIGRATIONS)

    def add(self, intent: str, text: str) -> TaughtExample:
        if intent not in INTENTS:
            raise InputError(
                f"unknown intent {intent!r}; choose one of: {', '.join(INTENTS)}"
                " (see docs/INTENTS.md)"
            )
        phrase = clean_phrase(text)
        if not phrase:
            raise InputError("the phrase to teach is empty; give the words you would say")
        if len(phrase) > 300:
            raise InputError("the phrase is longer than 300 characters; teach a shorter one")
        now = time.time()
        with self.app.db.transaction() as conn:
            conn.execute("DELETE FROM nlu_examples WHERE text = ?", (phrase,))
            cursor = conn.execute(
                "INSERT INTO nlu_examples (created, intent, text) VALUES (?, ?, ?)",
                (now, intent, phrase),
            )
            row_id = int(cursor.lastrowid or 0)
        self.app.ledger.record("data_written", "nlu_examples", action="taught_phrase")
        return TaughtExample(row_id, intent, phrase, now)

    def all(self) -> list[TaughtExample]:
        rows = self.app.db.query("SELECT id, intent, text, created FROM nlu_examples ORDER BY id")
        return [TaughtExample(int(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]

    def remove(self, example_id: int) -> bool:
        with self.app.db.transaction() as conn:
            removed = conn.execute("DELETE FROM nlu_examples WHERE id = ?", (example_id,))
            count = removed.rowcount
        if count:
            self.app.ledger.record("data_deleted", "nlu_examples", count=count)
        return bool(count)
