"""One recognised question about recipes -> the answer text and facts (for ``recipe ask``).

The skill path (voice, GUI) goes through the dispatcher; this is the same logic for one
question from the command line, including "set a timer for this step" (``timer_start``
without a duration while a recipe is open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.intent import Intent
from ..skills.replies import Replies
from .answer import Answer
from .answers import RecipeQA
from .intents import RECIPE_INTENTS
from .library import RecipeLibrary
from .session import SessionStore
from .step_facts import spoken_duration
from .step_timer import step_timer_request

if TYPE_CHECKING:
    from ..app_context import AppContext


def answer_question(
    app: AppContext, intent: Intent, recipe: str | None = None, replies: Replies | None = None
) -> dict[str, Any]:
    """Answer ``intent`` about ``recipe`` (an id or title; default: the open recipe)."""
    replies = replies or Replies()
    library = RecipeLibrary(app.db, app.ledger)
    qa = RecipeQA(library, SessionStore(app.db))
    recipe_id = library.resolve(recipe) if recipe else None
    if intent.name in RECIPE_INTENTS:
        answer = qa.answer(intent.name, intent.slots, intent.text, recipe_id=recipe_id)
    elif intent.name == "timer_start" and not intent.slot("duration"):
        if recipe_id is not None:
            qa.answer("recipe_step_repeat", {}, recipe_id=recipe_id)
        answer = _step_timer(app)
    else:
        spoken = intent.name.replace("_", " ")
        answer = Answer("not_a_recipe_question", {"intent": spoken}, "none", False)
    return {
        "intent": intent.name,
        "confidence": round(float(intent.confidence), 4),
        "slots": dict(intent.slots),
        "answer": replies.render(f"recipes.{answer.key}", **answer.values),
        "action": answer.action,
        "success": answer.success,
        "data": dict(answer.data),
        "recipe_id": _open_recipe(app),
    }


def answer_text(
    app: AppContext, text: str, recipe: str | None = None, replies: Replies | None = None
) -> dict[str, Any] | None:
    """Answer a cooking question from its words alone (no intent model); None when the words
    are not a question about a recipe."""
    # lazy: start-up speed (.asking loads only when answer_text() runs)
    from .asking import ask

    library = RecipeLibrary(app.db, app.ledger)
    qa = RecipeQA(library, SessionStore(app.db))
    answer = ask(qa, text, library.resolve(recipe) if recipe else None)
    if answer is None:
        return None
    return {
        "intent": "recipe_question",
        "confidence": 1.0,
        "slots": {},
        "answer": (replies or Replies()).render(f"recipes.{answer.key}", **answer.values),
        "action": answer.action,
        "success": answer.success,
        "data": dict(answer.data),
        "recipe_id": _open_recipe(app),
    }


def _step_timer(app: AppContext) -> Answer:
    # lazy: start-up speed (..skills.timer_store loads only when _step_timer() runs)
    from ..skills.timer_store import TimerStore

    request = step_timer_request(app.db)
    if request is None:
        session = SessionStore(app.db).current()
        if session is None:
            return RecipeQA(RecipeLibrary(app.db), SessionStore(app.db)).no_recipe()
        key = "no_step_yet" if session.step < 1 else "no_step_timer"
        return Answer(key, action="none", success=False)
    seconds, name = request
    timer = TimerStore(app.db, ledger=app.ledger).start(seconds, name, source="recipe")
    return Answer(
        "step_timer",
        {"duration": spoken_duration(seconds), "name": timer.name or name},
        "timer_started",
        data={"timer_id": timer.id, "seconds": seconds, "name": timer.name},
    )


def _open_recipe(app: AppContext) -> int | None:
    session = SessionStore(app.db).current()
    return session.recipe_id if session else None
