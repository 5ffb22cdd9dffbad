"""The assistant façade: text in, understood intent and answer out.

The CLI (``homebody ask``), the GUI's text box and the voice pipeline all call
:meth:`Assistant.ask`: the stages "understand" and "act" of the pipeline runner, so every turn
emits START/END/ERROR events with per-stage latency. A typed question is a run of its own
that enters the pipeline at "understand"; a spoken one runs them inside the voice pipeline's
run (speech/pipeline/voice.py), with the intent its choice between readings understood.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .app_context import AppContext
from .core.events import ActEnd, UnderstandEnd
from .core.intent import Intent
from .core.intent_cache import IntentCache
from .core.runner import Pipeline, PipelineRun, RunContext
from .language.base import IntentRecognizer
from .skills.base import Response, SkillContext
from .skills.dispatch import Dispatcher
from .skills.registry import SKILL_MODULES as OWN_SKILLS
from .skills.registry import SkillRegistry
from .skills.replies import Replies

SKILL_MODULES = (*OWN_SKILLS, "pipelines.recipes.skill", "pipelines.vision.skill")
"""Every skill the assistant offers: the skills package's own, then the capabilities' built
on it (recipes, vision; a capability whose module cannot load is left out with a warning)."""

_HISTORY = [
    """
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        intent TEXT NOT NULL,
        confidence REAL NOT NULL,
        slots TEXT NOT NULL,
        response TEXT NOT NULL
    );
    CREATE INDEX history_ts ON history(ts);
    """
]


@dataclass(frozen=True)
class Turn:
    text: str
    intent: Intent
    response: Response
    latencies_ms: dict[str, float] = field(default_factory=dict)
    run_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": self.intent.name,
            "confidence": round(float(self.intent.confidence), 4),
            "slots": dict(self.intent.slots),
            "alternatives": self.intent.to_dict()["alternatives"],
            "response": self.response.text,
            "response_detail": self.response.to_dict(),
            "latency_ms": self.latencies_ms,
            "run_id": self.run_id,
        }


@dataclass(frozen=True)
class Heard:
    """What the "understand" stage is given: the words, and the intent when the voice
    pipeline's choice between readings already understood them (never parsed again)."""

    text: str
    intent: Intent | None = None


class _Understand:
    name = "understand"

    def __init__(self, recognizer: IntentRecognizer) -> None:
        self.recognizer = recognizer

    def prepare(self) -> None:
        self.recognizer.prepare()

    def process(self, value: Heard, context: RunContext) -> Intent:
        intent = value.intent or self.recognizer.recognize(value.text)
        context.values["intent"] = intent
        return intent

    def payload(self, intent: Intent) -> UnderstandEnd:
        return UnderstandEnd(intent.text, intent.name, intent.confidence, dict(intent.slots))


class _Act:
    name = "act"

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher

    def prepare(self) -> None:
        self.dispatcher.prepare()

    def process(self, value: Intent, context: RunContext) -> Response:
        return self.dispatcher.handle(value)

    def payload(self, response: Response) -> ActEnd:
        return ActEnd(response.text, response.action)


class Assistant:
    def __init__(
        self,
        app: AppContext,
        recognizer: IntentRecognizer | None = None,
        dispatcher: Dispatcher | None = None,
        one_shot: bool = False,
    ) -> None:
        """``one_shot``: one request per process (``homebody ask``); the intent model loads
        only if the capability grammars do not read the request."""
        self.app = app
        self._turn = threading.RLock()
        """One turn at a time: skills and the conversation memory see turns in order."""
        if recognizer is None:
            # lazy: start-up speed (.language.loader loads only when __init__() runs)
            from .language.loader import load_recognizer

            recognizer = load_recognizer(app, on_demand=one_shot)
        # one text, one model run: the voice loop's endpointer and chooser ask first
        cache = recognizer if isinstance(recognizer, IntentCache) else IntentCache(recognizer)
        self.recognizer = cache
        if dispatcher is None:
            replies = Replies(cache_dir=app.paths.cache_dir / "replies")
            ctx = SkillContext(app=app, replies=replies)
            dispatcher = Dispatcher(ctx, SkillRegistry.default(SKILL_MODULES))
        self.dispatcher = dispatcher
        self.pipeline = Pipeline(
            "assist",
            [_Understand(cache), _Act(dispatcher)],
            bus=app.bus,
            history_size=app.settings.general.history_size,
        )
        app.db.migrate("history", _HISTORY)

    def prepare(self) -> None:
        self.pipeline.prepare()

    def ask(
        self,
        text: str,
        *,
        source: str = "text",
        intent: Intent | None = None,
        run: PipelineRun | None = None,
    ) -> Turn:
        """Understand ``text`` (unless ``intent`` is given) and act on it: a run of its own
        that enters the pipeline at "understand", or the stages of a voice turn's ``run``.
        A failing stage raises its HomebodyError after its ERROR event."""
        with self._turn:  # the GUI's text box and the voice loop share the process's assistant
            return self._ask(text, source, intent, run)

    def _ask(self, text: str, source: str, intent: Intent | None, run: PipelineRun | None) -> Turn:
        own = run is None
        active = self.pipeline.begin() if run is None else run
        before = len(active.records)
        response = active.process(Heard(text.strip(), intent), "understand", "act")
        if own:
            active.finish(response)
        if active.error is not None:
            raise active.error
        latencies = {r.stage: round(r.latency_ms, 3) for r in active.records[before:]}
        turn = Turn(text, active.values["intent"], response, latencies, active.run_id)
        self._remember(turn, source)
        return turn

    def understand(self, text: str) -> Intent:
        """Recognise only (``homebody nlu``): no skill runs, nothing is stored."""
        self.recognizer.prepare()
        return self.recognizer.recognize(text)

    def _remember(self, turn: Turn, source: str) -> None:
        if not self.app.settings.privacy.record_history:
            return
        with self.app.db.transaction() as conn:
            conn.execute(
                "INSERT INTO history(ts, source, text, intent, confidence, slots, response) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    source,
                    turn.text,
                    turn.intent.name,
                    float(turn.intent.confidence),
                    json.dumps(dict(turn.intent.slots)),
                    turn.response.text,
                ),
            )
