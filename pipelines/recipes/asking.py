"""A cooking question in words -> an answer about the open recipe, no intent model needed.

``homebody recipe ask`` and the benchmark call :func:`ask` first: the words are read
(:mod:`.reader`) and answered from the recipe; steps and scaling go through the same
handlers as the recipe intents. Words that are not a cooking question return None (the
caller then asks the intent model).
"""

from __future__ import annotations

from typing import Any

from .answer import Answer
from .answers import RecipeQA
from .intents import READ_KINDS
from .question_answers import answer_read
from .reader import Question, read_question

_STEP_INTENTS = {
    "next": "recipe_step_next",
    "previous": "recipe_step_previous",
    "repeat": "recipe_step_repeat",
    "goto": "recipe_step_goto",
}


def ask(qa: RecipeQA, text: str, recipe_id: int | None = None) -> Answer | None:
    """The answer to ``text`` about ``recipe_id`` (default: the open recipe), or None."""
    read = read_question(text)
    if read is None:
        return None
    if recipe_id is not None:
        current = qa.sessions.current()
        if current is None or current.recipe_id != recipe_id:
            qa.library.get(recipe_id)  # a clear error for an unknown id
            qa.sessions.open(recipe_id)
    session = qa.sessions.current()
    if session is None:
        return qa.no_recipe()
    if read.kind in READ_KINDS:
        recipe = qa.library.get(session.recipe_id)
        return qa.keep_place(session, answer_read(recipe, session, read))
    if read.kind == "scale":
        return qa.answer("recipe_scale", _scale_slots(qa, session.recipe_id, read), "")
    slots: dict[str, Any] = {}
    if read.kind == "goto" and read.step is not None:
        total = len(qa.library.get(session.recipe_id).steps)
        slots["step"] = total if read.step == -1 else read.step
    return qa.answer(_STEP_INTENTS[read.kind], slots, text)


def _scale_slots(qa: RecipeQA, recipe_id: int, read: Question) -> dict[str, Any]:
    if read.people is not None:
        return {"quantity": read.people}
    if read.makes is not None:
        yields = qa.library.get(recipe_id).yields
        if yields is not None:
            return {"factor": read.makes[0] / yields.amount}
    return {"factor": read.factor} if read.factor is not None else {}
