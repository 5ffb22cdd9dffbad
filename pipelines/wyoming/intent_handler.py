"""Text in, understanding out: ``transcript`` -> ``handled``/``not-handled`` (the skills act)
and ``recognize`` -> ``intent``/``not-recognized`` (nothing acts).

A request counts as handled when a skill did what was asked; out-of-scope requests, ones
that need the internet and ones a skill could not carry out ("I don't know any lights yet")
are ``not-handled`` with the reply text, so Home Assistant can say why.
"""

from __future__ import annotations

from typing import Any

from wyoming.asr import Transcript
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.intent import Entity, NotRecognized, Recognize
from wyoming.intent import Intent as WyIntent

from ..core.errors import InputError
from ..core.intent import NO_ACTION_INTENTS
from .engines import LocalEngines

MAX_TEXT = 2000


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError("The event has no text.", code="no_text")
    if len(value) > MAX_TEXT:
        raise InputError(f"The text is longer than {MAX_TEXT} characters.", code="text_too_long")
    return value.strip()


class IntentHandler:
    def __init__(self, engines: LocalEngines, source: str = "wyoming") -> None:
        self.engines = engines
        self.source = source
        self.last_turn: Any = None

    async def handle_transcript(self, event: Event) -> Event:
        request = Transcript.from_event(event)
        turn = await self.engines.ask(_text(request.text), source=self.source)
        self.last_turn = turn
        response = turn.response
        spoken = response.spoken or response.text
        if turn.intent.name in NO_ACTION_INTENTS or not response.success:
            return NotHandled(text=spoken, context=request.context).event()
        return Handled(text=spoken, context=request.context).event()

    async def recognize(self, event: Event) -> Event:
        request = Recognize.from_event(event)
        intent = await self.engines.understand(_text(request.text))
        if (
            intent.name in NO_ACTION_INTENTS
            or intent.confidence < self.engines.confidence_threshold
        ):
            return NotRecognized(text=request.text, context=request.context).event()
        entities = [Entity(name=k, value=v) for k, v in intent.slots.items()]
        context = dict(request.context or {})
        context["confidence"] = round(float(intent.confidence), 4)
        return WyIntent(name=intent.name, entities=entities, context=context).event()
