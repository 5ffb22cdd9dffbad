"""Learn the household's commands from use, keeping only their words (never audio).

After a voice turn that the intent model was sure of (:data:`MIN_CONFIDENCE`, a request
Homebody acts on) and that the user then accepted — the next turn is not a correction
("no", "stop", "cancel that": :data:`CORRECTIONS`) within :data:`CORRECTION_S` — the recognised
text is kept in the ``heard_commands`` table: the text, its intent, the time. No audio and no
acoustic statistics are kept. Every :data:`ADAPT_EVERY` new accepted commands the command LM is
rebuilt with them added :data:`WEIGHT` times each (LM counts: the household's own phrasings
and names become likelier paths for PocketSphinx) and the recogniser switches to it without
stopping (:meth:`~pipelines.speech.asr.pocketsphinx_engine.PocketSphinxRecognizer.use_command_lm`).

The table is a data category of the privacy dashboard ("Commands heard"), with a retention
period like the conversation history, and ``homebody privacy forget heard_commands`` deletes
it; the next rebuild then goes back to the templates alone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...core.events import EventType, PipelineEvent
from ...core.intent import NO_ACTION_INTENTS
from ...core.storage import Database

log = logging.getLogger(__name__)

TABLE = "heard_commands"
MIGRATIONS = [
    f"""
    CREATE TABLE {TABLE} (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        intent TEXT NOT NULL,
        text TEXT NOT NULL
    );
    """
]
MIN_CONFIDENCE = 0.9
"""The intent model's confidence a turn needs before its words are learnt."""
CORRECTIONS = frozenset({"deny", "stop", "timer_cancel", "alarm_cancel", "reminder_cancel"})
"""A next turn with one of these intents, soon after, undoes or corrects the previous one."""
NOT_LEARNT = NO_ACTION_INTENTS | {"deny", "stop"}
"""Not worth learning: nothing done, or a correction (a cancel is a request of its own)."""
CORRECTION_S = 20.0
ADAPT_EVERY = 10
"""New accepted commands between two rebuilds of the command LM."""
WEIGHT = 20
"""Copies of each kept command in the LM's corpus (200,000 template sentences)."""
MAX_KEPT = 2000
"""The newest commands kept; older ones are dropped as new ones come."""


@dataclass(frozen=True)
class HeardCommand:
    text: str
    intent: str
    confidence: float
    at: float


class HeardCommands:
    """The ``heard_commands`` table (privacy category "Commands heard")."""

    def __init__(self, db: Database, ledger: Any = None) -> None:
        self.db = db
        self.ledger = ledger
        db.migrate("heard_commands", MIGRATIONS)

    def add(self, command: HeardCommand) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                f"INSERT INTO {TABLE} (ts, intent, text) VALUES (?, ?, ?)",
                (command.at, command.intent, command.text),
            )
            conn.execute(
                f"DELETE FROM {TABLE} WHERE id NOT IN "
                f"(SELECT id FROM {TABLE} ORDER BY id DESC LIMIT ?)",
                (MAX_KEPT,),
            )
        if self.ledger is not None:
            self.ledger.record("data_written", TABLE, action="command_learnt")

    def texts(self) -> list[str]:
        return [str(r[0]) for r in self.db.query(f"SELECT text FROM {TABLE} ORDER BY id")]

    def count(self) -> int:
        return int(self.db.scalar(f"SELECT COUNT(*) FROM {TABLE}") or 0)


def household_corpus(texts: list[str], weight: int = WEIGHT) -> list[str]:
    """The kept commands as LM training sentences: each ``weight`` times (a command said
    often counts more, as it is kept once per time it was accepted)."""
    return [t for t in texts if t.strip() for _ in range(weight)]


def accepted(turn: dict[str, Any], min_confidence: float = MIN_CONFIDENCE) -> bool:
    """A turn whose words are worth learning if the user lets it stand."""
    intent = str(turn.get("intent", ""))
    text = str(turn.get("transcript", "")).strip()
    sure = float(turn.get("confidence", 0.0)) >= min_confidence
    return bool(text) and sure and intent not in NOT_LEARNT


class SelfAdaptation:
    """Watches the voice loop's turns (``NOTICE``/``voice`` events) and keeps accepted ones.

    ``relearn(texts)`` is called on a worker thread every ``every`` new kept commands with all
    kept texts: it rebuilds the command LM and hands it to the recogniser."""

    def __init__(
        self,
        store: HeardCommands,
        relearn: Callable[[list[str]], None] | None = None,
        *,
        every: int = ADAPT_EVERY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.relearn = relearn
        self.every = every
        self.clock = clock
        self.pending: HeardCommand | None = None
        self.since_relearn = 0
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self.unsubscribe: Callable[[], None] | None = None

    def on_event(self, event: PipelineEvent) -> None:
        """The bus subscriber: voice turns only."""
        if event.type is EventType.NOTICE and event.stage == "voice" and "turn" in event.data:
            self.observe(event.data["turn"])

    def observe(self, turn: dict[str, Any]) -> None:
        now = self.clock()
        intent = str(turn.get("intent", ""))
        with self._lock:
            previous, self.pending = self.pending, None
        if previous is not None:
            corrected = intent in CORRECTIONS and now - previous.at <= CORRECTION_S
            if not corrected:
                self._keep(previous)
        if accepted(turn):
            text = " ".join(str(turn["transcript"]).split())
            with self._lock:
                self.pending = HeardCommand(text, intent, float(turn["confidence"]), now)

    def flush(self) -> None:
        """Listening ended: a pending turn nobody corrected is accepted."""
        with self._lock:
            previous, self.pending = self.pending, None
        if previous is not None:
            self._keep(previous)

    def close(self) -> None:
        """The voice loop closed: keep the last turn, stop watching."""
        if self.unsubscribe is not None:
            self.unsubscribe()
            self.unsubscribe = None
        self.flush()

    def _keep(self, command: HeardCommand) -> None:
        self.store.add(command)
        self.since_relearn += 1
        if self.relearn is not None and self.since_relearn >= self.every:
            self.since_relearn = 0
            self.adapt()

    def adapt(self, wait: bool = False) -> None:
        """Rebuild from every kept command now (on a worker thread unless ``wait``)."""
        if self.relearn is None:
            return
        texts = self.store.texts()
        if wait:
            self.relearn(texts)
            return
        if self._worker is not None and self._worker.is_alive():
            return  # the next batch will include these
        self._worker = threading.Thread(
            target=self._relearn_logged, args=(texts,), name="self-adaptation", daemon=True
        )
        self._worker.start()

    def _relearn_logged(self, texts: list[str]) -> None:
        assert self.relearn is not None
        try:
            self.relearn(texts)
        except Exception:  # listening goes on with the last good LM
            log.exception("self-adaptation: rebuilding the command LM failed")

    def join(self, timeout: float | None = None) -> None:
        if self._worker is not None:
            self._worker.join(timeout)
