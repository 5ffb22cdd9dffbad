"""The recipe skill: open a recipe by voice, ask about it, step through it, scale it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.intent import Intent
from ..language.rules import CLOSE_RECIPE
from ..skills.base import Response, Skill, SkillContext
from ..skills.timers import STEP_TIMERS
from .intents import READ_KINDS, RECIPE_INTENTS
from .session import SessionStore

if TYPE_CHECKING:
    from .answer import Answer
    from .answers import RecipeQA

# The question answerer, the library and the reader (.answers, .library, .reader) are
# imported on first use, not here: every skill is set up for every `homebody ask`, and a
# request about a timer must not pay ~0.1 s for importing the recipe parser.

STEP_TIMER_KEY = "recipe_step_timer"
"""``ctx.conversation[STEP_TIMER_KEY]`` = {"seconds", "name"} of the step just read, when it
gives a duration: what "set a timer for this step" (timer_start without a duration) uses."""


STEP_SYNONYMS = {"media_next": "recipe_step_next", "media_previous": "recipe_step_previous"}
"""While a recipe is open, "next" / "go back" mean its steps, not a music track."""
UNANSWERED = frozenset({"out_of_scope", "unsupported_online", "unsupported"})
"""Intents no skill acts on: a cooking question heard as one of them is claimed."""
COOKING_CONTEXT_SECONDS = 3 * 3600
"""How long after the last recipe step a bare "next" still means the recipe."""
_MEDIA_WORDS = re.compile(r"\b(songs?|tracks?|tune|music|album|playlist|station|episode)\b")
_SHOPPING = re.compile(
    r"^(?:buy|get|add|put|pick up|order|grab)\b|\b(?:list|shop|shops|store|supermarket)\b"
)
"""Words of shopping, not cooking: such a sentence stays with the lists while a recipe is open."""
_NEED = re.compile(r"^(?:do|did|should) (?:i|we) (?:still |really )?need\b")
"""A "do I need milk" list question, which while cooking is about the open recipe."""


class RecipeSkill(Skill):
    name = "recipes"
    intents: ClassVar[frozenset[str]] = RECIPE_INTENTS

    def setup(self, ctx: SkillContext) -> None:
        # lazy: start-up speed (.schema loads only when setup() runs)
        from .schema import MIGRATIONS

        ctx.app.db.migrate("recipes", MIGRATIONS)  # the library's tables, as RecipeLibrary does
        self.sessions = SessionStore(ctx.app.db, ctx.clock)
        self._ctx = ctx
        self._qa: RecipeQA | None = None

    @property
    def qa(self) -> RecipeQA:
        """The question answerer over the library, built on first use."""
        if self._qa is None:
            # lazy: start-up speed (.answers, .library load only when qa() runs)
            from .answers import RecipeQA
            from .library import RecipeLibrary

            library = RecipeLibrary(self._ctx.app.db, self._ctx.app.ledger)
            self._qa = RecipeQA(library, self.sessions)
        return self._qa

    def reinterpret(self, intent: Intent, ctx: SkillContext) -> Intent | None:
        if CLOSE_RECIPE.match(" ".join(intent.text.lower().rstrip(".!").split())):
            # "close the recipe": cooking mode ends (or Homebody says nothing was open)
            return dataclasses.replace(intent, name="recipe_step_goto", slots={"close": "yes"})
        meant = STEP_SYNONYMS.get(intent.name)
        if meant is None:
            return self._cooking_question(intent, ctx)
        if not hasattr(self, "sessions"):
            self.setup(ctx)
        if _MEDIA_WORDS.search(intent.text.lower()):
            return None
        if not self.sessions.active_within(COOKING_CONTEXT_SECONDS):
            return None
        return dataclasses.replace(intent, name=meant, slots={})

    def _cooking_question(self, intent: Intent, ctx: SkillContext) -> Intent | None:
        """ "what temperature?" heard as unsupported_online while a recipe is open: its words
        are a question about the recipe, so the recipe skill answers it."""
        if not intent.text or intent.name in RECIPE_INTENTS:
            return None
        if not hasattr(self, "sessions"):
            self.setup(ctx)
        if not self.sessions.active_within(COOKING_CONTEXT_SECONDS):
            return None
        # lazy: start-up speed (.reader loads only when _cooking_question() runs)
        from .reader import read_question

        read = read_question(intent.text)
        if read is not None and read.kind == "scale" and read.factor == 1.0:
            # "undo the scaling" heard as timer_cancel while cooking: back to the original
            return dataclasses.replace(intent, name="recipe_scale", slots={"factor": 1.0})
        shopping = _SHOPPING.search(intent.text.lower())  # "buy oat milk instead of milk"
        if intent.name == "list_query" and _NEED.match(intent.text.lower()) and not shopping:
            item = intent.slots.get("item")  # "do I need milk" while cooking: for the recipe
            said = item[0] if isinstance(item, list) and item else ""
            return dataclasses.replace(
                intent, name="recipe_ingredient_query", slots={"ingredient": said} if said else {}
            )
        if read is not None and read.kind == "substitute" and not shopping:
            return dataclasses.replace(intent, name="recipe_ingredient_query", slots={})
        if intent.name not in UNANSWERED:
            return None
        if read is None or read.kind not in READ_KINDS:
            return None
        return dataclasses.replace(intent, name="recipe_ingredient_query", slots={})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        if not hasattr(self, "sessions"):
            self.setup(ctx)
        # lazy: start-up speed (.step_timer loads only when handle() runs)
        from .step_timer import step_timer_request

        if intent.slots.get("close") == "yes":
            current = self.sessions.current()
            self.sessions.close()
            if current is None:
                return ctx.reply(intent, "recipes.nothing_open", action="none")
            title = self.qa.library.get(current.recipe_id).title
            return ctx.reply(intent, "recipes.closed", action="recipe_closed", title=title)
        answer = self.qa.answer(intent.name, intent.slots, intent.text)
        if answer.key == "which_recipe":  # the answer ("the second one") opens that one
            held = dataclasses.replace(
                intent, slots={**intent.slots, "choices": answer.data["titles"]}
            )
            return ctx.ask_for_slot(held, "recipe", "recipes.which_recipe", **answer.values)
        request = step_timer_request(ctx.app.db)
        if request is None:
            ctx.conversation.pop(STEP_TIMER_KEY, None)
        else:
            ctx.conversation[STEP_TIMER_KEY] = {"seconds": request[0], "name": request[1]}
        return to_response(answer, intent.name, ctx.say)


def to_response(answer: Answer, intent: str, say: Callable[..., Any]) -> Response:
    text = say(f"recipes.{answer.key}", **answer.values)
    if answer.data.get("switched_to"):  # a question about another recipe opened that one
        text = f"{say('recipes.switched', title=answer.data['switched_to'])} {text}"
    return Response(
        text,
        intent=intent,
        success=answer.success,
        action=answer.action,
        card={"type": "recipe", **answer.data},
    )


SKILLS = (RecipeSkill,)


def _open_step_timer(db: Any) -> tuple[int, str] | None:
    """The open recipe's current step's timer (see :data:`pipelines.skills.timers.STEP_TIMERS`)."""
    from .step_timer import step_timer_request  # lazy for start-up speed, as above

    return step_timer_request(db)


if _open_step_timer not in STEP_TIMERS:  # loading this skill teaches timers "this step"
    STEP_TIMERS.append(_open_step_timer)
