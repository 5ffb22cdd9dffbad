"""The skill contract: a skill handles some intents and returns a :class:`Response`."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.intent import Intent

if TYPE_CHECKING:
    from ..app_context import AppContext
    from .replies import Replies


@dataclass(frozen=True)
class Response:
    text: str
    """What is shown on screen (and spoken, unless ``speech`` says otherwise)."""
    intent: str = ""
    speech: str | None = None
    card: Mapping[str, Any] = field(default_factory=dict)
    """Structured data for the GUI: {"type": "timer", ...}, {"type": "sighting", ...}."""
    expects_reply: bool = False
    """The assistant asked a question (confirmation, "did you mean"): keep listening."""
    success: bool = True
    action: str = ""
    """A short machine name of what was done ("timer_started", "none"), for tests and logs."""

    @property
    def spoken(self) -> str:
        return self.text if self.speech is None else self.speech

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "success": self.success}
        if self.speech is not None:
            out["speech"] = self.speech
        if self.card:
            out["card"] = dict(self.card)
        if self.action:
            out["action"] = self.action
        if self.expects_reply:
            out["expects_reply"] = True
        return out


@dataclass
class SkillContext:
    """Everything a skill may use. Skills never reach for globals."""

    app: AppContext
    replies: Replies
    clock: Callable[[], float] = time.time
    conversation: dict[str, Any] = field(default_factory=dict)
    """Short-term memory across turns (last timer, pending confirmation...). JSON values only:
    the dispatcher keeps it for a few minutes, across processes (``homebody ask`` twice)."""
    confirmed: bool = False
    """True while the dispatcher re-runs an intent the user just confirmed with "yes"."""
    handled_intents: frozenset[str] = frozenset()
    """Every intent some registered skill handles (for "what can you do?")."""

    def say(self, key: str, **values: Any) -> str:
        return self.replies.render(key, **values)

    def phrase(self, key: str, **values: Any) -> str:
        """Part of a sentence from a template, not capitalised ("the pasta timer")."""
        return self.replies.fragment(key, **values)

    def reply(self, intent: Intent, key: str, *, action: str = "", **values: Any) -> Response:
        """A successful :class:`Response` rendered from the template ``key``."""
        return Response(self.say(key, **values), intent=intent.name, action=action or "none")

    def ask_confirmation(self, intent: Intent, key: str, **values: Any) -> Response:
        """Ask a yes/no question; on "yes" the dispatcher re-runs ``intent`` with
        ``confirmed=True``, on "no" (or anything else) nothing happens."""
        self.conversation["pending"] = {"kind": "confirm", "intent": intent_to_json(intent)}
        return Response(
            self.say(key, **values),
            intent=intent.name,
            expects_reply=True,
            action="confirmation_requested",
        )

    def ask_for_slot(self, intent: Intent, slot: str, key: str, **values: Any) -> Response:
        """Ask for a missing slot ("For how long?"); the answer is merged into ``intent``."""
        self.conversation["pending"] = {
            "kind": "slot",
            "slot": slot,
            "intent": intent_to_json(intent),
        }
        return Response(
            self.say(key, **values),
            intent=intent.name,
            expects_reply=True,
            action="slot_requested",
        )


def intent_to_json(intent: Intent) -> dict[str, Any]:
    return {
        "name": intent.name,
        "slots": {
            k: list(v) if isinstance(v, list | tuple) else v for k, v in intent.slots.items()
        },
        "text": intent.text,
    }


def intent_from_json(data: Mapping[str, Any]) -> Intent:
    return Intent(
        str(data["name"]), dict(data.get("slots", {})), 1.0, text=str(data.get("text", ""))
    )


class Skill(ABC):
    """One capability. Subclasses set ``name`` and ``intents`` and implement :meth:`handle`."""

    name: ClassVar[str]
    intents: ClassVar[frozenset[str]]

    def setup(self, ctx: SkillContext) -> None:  # noqa: B027 - optional hook
        """Create tables, connect to services. Called once before the first intent."""

    def reinterpret(self, intent: Intent, ctx: SkillContext) -> Intent | None:
        """Claim an ambiguous intent while this skill's context is active.

        "next one" is ``media_next`` to the language model but means the next recipe step
        while a recipe is open: the recipe skill returns the intent it should become. The
        default claims nothing.
        """
        return None

    @abstractmethod
    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        """Act on ``intent`` and return the reply."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (connections, threads)."""
