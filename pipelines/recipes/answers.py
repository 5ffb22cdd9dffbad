"""Answers about the active recipe, as a function of (intent name, slots).

Every answer comes from the parsed recipe; when the recipe does not say (no temperature, no
amount for "salt to taste"), the answer says so. Answers are reply-template keys plus values
(templates in ``assets/replies/recipes.toml``) and structured ``data`` for JSON and tests.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Mapping
from typing import Any

from .answer import Answer
from .equivalents import amount_line
from .fact_answers import temperature_answer, time_answer, unit_answer
from .finding import browse, find_by_name
from .intents import READ_KINDS
from .library import RecipeLibrary
from .lookup import (
    find_ingredients,
    ingredient_text,
)
from .model import Recipe
from .other_dish import about_other_dish
from .quantities import format_quantity
from .question_answers import answer_read
from .reader import read_question
from .session import CookingSession, SessionStore
from .slots import mentions_people, slot_number, slot_text
from .step_scaling import scale_step_text
from .utterance import factor_in, step_in, topic_in

TEMPERATURE_TOPICS = frozenset(
    {"temperature", "oven", "oven temperature", "heat", "degrees", "temp", "how hot"}
)
TIME_TOPICS = frozenset(
    {
        "time",
        "how long",
        "cooking time",
        "baking time",
        "minutes",
        "long",
        "total time",
        "cook time",
    }
)
MIN_FACTOR, MAX_FACTOR = 0.1, 20.0
_ASKED_WHILE_COOKING = frozenset({"substitute", "amount", "diet", "equipment", "temperature"})
_READABLE_INTENTS = frozenset({"recipe_ingredient_query", "recipe_ingredients", "recipe_scale"})
_DEGREE_SCALES = frozenset({"celsius", "fahrenheit", "centigrade"})


class RecipeQA:
    def __init__(self, library: RecipeLibrary, sessions: SessionStore) -> None:
        self.library = library
        self.sessions = sessions

    def answer(
        self, intent: str, slots: Mapping[str, Any], text: str = "", *, recipe_id: int | None = None
    ) -> Answer:
        """Answer one recipe intent; ``recipe_id`` (or a ``recipe`` slot) picks the recipe."""
        if intent == "recipe_find" and slots.get("suggest"):
            # lazy: start-up speed (.suggest loads only when answer() runs)
            from .suggest import suggest

            today = _dt.date.fromtimestamp(self.sessions.clock())
            return suggest(self.library, slots, today)
        if intent == "recipe_find" and self._question_while_cooking(slots, text):
            intent = "recipe_ingredient_query"  # "what can I use instead of cheddar"
        if intent == "recipe_find":
            return self._find(slot_text(slots.get("recipe")), slot_text(slots.get("ingredient")))
        if recipe_id is not None:
            self.switch_to(recipe_id)
        elif slots.get("recipe"):
            hits = self.library.search(str(slots["recipe"]), limit=1)
            if not hits:
                return Answer("not_found", {"name": slots["recipe"]}, "none", False)
            if self.switch_to(hits[0]):  # the question named another recipe: say it opened
                answer = self._about_open(intent, slots, text)
                title = self.library.get(hits[0]).title
                return dataclasses.replace(answer, data={**answer.data, "switched_to": title})
        return self._about_open(intent, slots, text)

    def _about_open(self, intent: str, slots: Mapping[str, Any], text: str) -> Answer:
        session = self.sessions.current()
        if session is None:
            read = read_question(text) if text else None
            found = about_other_dish(self, None, read.kind, text) if read else None
            return found or self.no_recipe()  # "how long does the frittata take": opens it
        recipe = self.library.get(session.recipe_id)
        if text and intent in _READABLE_INTENTS:
            read = read_question(text)
            if read is not None and read.kind in READ_KINDS:
                elsewhere = about_other_dish(self, recipe, read.kind, text)
                if elsewhere is not None:
                    return elsewhere
                return self.keep_place(session, answer_read(recipe, session, read))
        handler = {
            "recipe_ingredients": self._ingredients,
            "recipe_ingredient_query": self._query,
            "recipe_step_next": self._next,
            "recipe_step_previous": self._previous,
            "recipe_step_repeat": self._repeat,
            "recipe_step_goto": self._goto,
            "recipe_scale": self._scale,
        }.get(intent)
        if handler is None:
            return Answer("not_a_recipe_question", {"intent": intent}, "none", False)
        return handler(recipe, session, slots, text)

    def keep_place(self, session: CookingSession, answer: Answer) -> Answer:
        """A step read out ("what's after adding the garlic") becomes the current step, so
        "next" goes on from there."""
        step = answer.data.get("step")
        if answer.action == "step_read" and isinstance(step, int):
            self.sessions.save(CookingSession(session.recipe_id, step, session.factor))
        return answer

    def no_recipe(self) -> Answer:
        """Nothing is open: name a few of the user's own recipes to open."""
        titles = [s.title for s in self.library.summaries()][:5]
        if not titles:
            return Answer("no_recipe_empty", action="none", success=False)
        values = {"titles": "; ".join(titles), "example": titles[0]}
        return Answer("no_recipe", values, "none", False, data={"titles": titles})

    # -- opening -----------------------------------------------------------------------------
    def open(self, recipe_id: int) -> Answer:
        recipe = self.library.get(recipe_id)
        self.sessions.open(recipe_id)
        values = {
            "title": recipe.title,
            "ingredients": len(recipe.ingredients),
            "steps": len(recipe.steps),
            "yields": recipe.yields.describe() if recipe.yields else "an unstated amount",
        }
        return Answer("opened", values, "recipe_opened", data={"recipe_id": recipe_id, **values})

    def _find(self, name: str, ingredient: str = "") -> Answer:
        if not name.strip():
            return browse(self.library, ingredient)
        found = find_by_name(self.library, name)
        return found if isinstance(found, Answer) else self.open(found)

    def _question_while_cooking(self, slots: Mapping[str, Any], text: str) -> bool:
        """ "What can I use instead of cheddar" heard as recipe_find (an ingredient, no recipe
        named) while a recipe is open: a question about it, not a search of the library."""
        if slots.get("recipe") or not text or self.sessions.current() is None:
            return False
        read = read_question(text)
        return read is not None and read.kind in _ASKED_WHILE_COOKING

    def switch_to(self, recipe_id: int) -> bool:
        """Make ``recipe_id`` the open recipe; True when it was not open before."""
        current = self.sessions.current()
        if current is None or current.recipe_id != recipe_id:
            self.library.get(recipe_id)  # raises a clear error for an unknown id
            self.sessions.open(recipe_id)
            return True
        return False

    # -- ingredients -------------------------------------------------------------------------
    def _ingredients(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        items = [ingredient_text(i, session.factor) for i in recipe.ingredients]
        return Answer(
            "ingredients",
            {"title": recipe.title, "count": len(items), "list": "; ".join(items)},
            "ingredients_listed",
            data={"ingredients": items, "factor": session.factor},
        )

    def _query(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        topic = slot_text(slots.get("ingredient")).lower() or topic_in(text)
        unit = slot_text(slots.get("unit"))
        scale = unit.lower().replace("degrees", "").replace("degree", "").strip()
        if topic in TEMPERATURE_TOPICS or scale != unit.lower() or scale in _DEGREE_SCALES:
            return temperature_answer(recipe, session, scale)
        if topic in TIME_TOPICS or (not topic and slots.get("duration") is not None):
            return time_answer(recipe, session, text)
        if not topic:
            return Answer("which_ingredient", action="none", success=False)
        matches, by_name = find_ingredients(recipe, topic)
        if not matches:
            return Answer(
                "not_in_recipe",
                {"ingredient": topic, "title": recipe.title},
                "none",
                False,
                data={"ingredient": topic, "found": []},
            )
        # several parsed names ("salted or almonds") or a match outside the name: read the line
        lines = [
            ingredient_text(i, session.factor, whole_line=not by_name or " or " in i.name)
            for i in matches
        ]
        data: dict[str, Any] = {
            "ingredient": topic,
            "found": [i.text for i in matches],
            "answer": lines,
            "factor": session.factor,
        }
        if unit:
            return unit_answer(matches, unit, topic, session, data)
        if all(i.amount is None for i in matches):
            return Answer(
                "no_amount",
                {"ingredient": topic, "line": matches[0].text},
                "ingredient_answered",
                data=data,
            )
        scaled = "" if session.factor == 1 else f" (scaled by {format_quantity(session.factor)})"
        return Answer(
            "ingredient_amount",
            {"answer": " and ".join(lines), "scaled": scaled},
            "ingredient_answered",
            data=data,
        )

    # -- steps -------------------------------------------------------------------------------
    def _read(self, recipe: Recipe, session: CookingSession, number: int, key: str) -> Answer:
        step = recipe.steps[number - 1]
        self.sessions.save(CookingSession(session.recipe_id, number, session.factor))
        note = (
            "" if session.factor == 1 else f", amounts scaled by {format_quantity(session.factor)}"
        )
        return Answer(
            key,
            {
                "number": number,
                "total": len(recipe.steps),
                "text": scale_step_text(step.text, session.factor),
                "note": note,
                "title": f", {step.title}" if step.title else "",
            },
            "step_read",
            data={
                "step": number,
                "title": step.title,
                "section": step.section,
                "text": step.text,
                "durations": [d.seconds for d in step.durations],
                "temperatures": [t.to_dict() for t in step.temperatures],
            },
        )

    def _next(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        if session.step >= len(recipe.steps):
            return Answer("finished", {"title": recipe.title}, "none", data={"step": session.step})
        return self._read(recipe, session, session.step + 1, "step")

    def _previous(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        if session.step <= 1:
            return Answer("at_start", {"text": recipe.steps[0].text}, "step_read", data={"step": 1})
        return self._read(recipe, session, session.step - 1, "step")

    def _repeat(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        return self._read(recipe, session, max(1, session.step), "step")

    def _goto(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        number = slots.get("step")
        if number is None:
            number = step_in(text, len(recipe.steps))
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if not isinstance(number, int) or isinstance(number, bool):
            return Answer("which_step", {"total": len(recipe.steps)}, "none", False)
        if not 1 <= number <= len(recipe.steps):
            return Answer(
                "no_such_step", {"number": number, "total": len(recipe.steps)}, "none", False
            )
        return self._read(recipe, session, number, "step")

    # -- scaling -----------------------------------------------------------------------------
    def _scale(
        self, recipe: Recipe, session: CookingSession, slots: Mapping[str, Any], text: str
    ) -> Answer:
        factor = slot_number(slots.get("factor")) or factor_in(text)
        people = slot_number(slots.get("quantity"))
        if people is not None and (factor is None or mentions_people(text)):
            servings = recipe.yields.servings if recipe.yields else None
            if servings is None:
                return Answer("no_servings", {"people": format_quantity(people)}, "none", False)
            factor = people / servings
        if factor is None:
            return Answer("which_factor", action="none", success=False)
        if not MIN_FACTOR <= factor <= MAX_FACTOR:
            return Answer("bad_factor", {"factor": format_quantity(factor)}, "none", False)
        self.sessions.save(CookingSession(session.recipe_id, session.step, factor))
        makes = recipe.yields.describe(factor) if recipe.yields else "a scaled amount"
        if factor == 1:
            data = {"factor": factor, "makes": makes}
            return Answer("scale_reset", {"makes": makes}, "recipe_scaled", data=data)
        sample = [amount_line(i, factor) for i in recipe.ingredients if i.amount][:2]
        return Answer(
            "scaled",
            {"factor": format_quantity(factor), "makes": makes, "example": "; ".join(sample)},
            "recipe_scaled",
            data={"factor": factor, "makes": makes, "example": sample},
        )
