"""Answers to read questions (:mod:`.reader`) about one recipe: every answer from the page.

Amounts keep the page's own words ("an 8-ounce block of cheddar", "2 cans (400 g each)
chickpeas") and add a metric or US equivalent; a name that fits several ingredients
("pepper": bell pepper and black pepper) is answered with a question back.
"""

from __future__ import annotations

import re
from typing import Any

from .answer import Answer
from .equipment import equipment_in, spoken
from .equivalents import amount_line, equivalent
from .fact_answers import temperature_answer, unit_answer
from .lookup import find_ingredients, fold, words
from .model import Recipe, Step
from .quantities import format_quantity
from .reader import Question
from .session import CookingSession
from .step_answers import after_step, roots, step_count, step_needs
from .step_facts import Duration, spoken_duration
from .substitutions import substitute_for

_PRODUCTS = frozenset(
    [
        "broth",
        "stock",
        "oil",
        "juice",
        "powder",
        "sauce",
        "paste",
        "extract",
        "seasoning",
        "zest",
        "flake",
        "syrup",
        "vinegar",
        "milk",
        "cream",
        "butter",
        "water",
    ]
)
"""Words that make another ingredient of a name: beef -> beef broth, lemon -> lemon juice."""
_UTENSILS = re.compile(
    r"\b(?:baking|cooking|frying|roasting|mixing)\s+(?:sheets?|dish(?:es)?|pans?|trays?|soda|"
    r"powder|paper|mats?|spray|liquid|bowls?)\b"
)
_TIME_FILLER = frozenset(
    [
        "long",
        "time",
        "take",
        "takes",
        "taking",
        "how",
        "much",
        "many",
        "minute",
        "hour",
        "it",
        "they",
        "them",
        "do",
        "does",
        "i",
        "we",
        "should",
        "need",
        "make",
        "total",
        "prep",
        "preparation",
        "cook",
        "cooking",
        "whole",
        "recipe",
        "when",
        "done",
        "ready",
        "be",
    ]
)


_WHOLE_RECIPE = re.compile(r"\b(?:it|recipe|whole|total|all|altogether|make|ready|done)\b")
"""Words that make "how long" about the recipe, not the step in hand: "how long does it take"."""


def answer_read(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    factor = _factor(recipe, q)
    if factor is None:
        people = format_quantity(q.people or 0)
        return Answer("no_servings", {"people": people}, "none", False)
    if q.factor is not None or (q.people is None and q.makes is None):
        factor *= session.factor  # "if I double it" is on top of the scaling in effect
    scaled = CookingSession(session.recipe_id, session.step, factor)
    handler = {
        "amount": _amount,
        "ingredients": _ingredients,
        "servings": _servings,
        "time": _time,
        "temperature": _temperature,
        "step_count": step_count,
        "step_needs": step_needs,
        "after": after_step,
        "substitute": _substitute,
        "diet": _diet,
        "equipment": _equipment,
    }[q.kind]
    return handler(recipe, scaled, q)


def _diet(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    # lazy: start-up speed (.diet_answers and the allergen tables load only for a diet
    # question, not for every question about a recipe)
    from .diet_answers import diet_answer

    return diet_answer(recipe, session, q)


def _factor(recipe: Recipe, q: Question) -> float | None:
    if q.people is not None:
        servings = recipe.yields.servings if recipe.yields else None
        return q.people / servings if servings else None
    if q.makes is not None and recipe.yields is not None:
        number, what = q.makes
        if _same_word(what, recipe.yields.unit) or recipe.yields.unit == "servings":
            return number / recipe.yields.amount
    if q.makes is not None:  # "how much flour for 4 eggs": as the eggs scale
        number, what = q.makes
        matches, _ = find_ingredients(recipe, what)
        given = [i.amount.quantity for i in matches if i.amount and i.amount.quantity]
        if given:
            return number / given[0]
    return q.factor or 1.0


def _same_word(a: str, b: str) -> bool:
    """ "loaves" ~ "loaf", "cookies" ~ "cookie", "crepes" ~ "crêpes"."""

    def forms(text: str) -> set[str]:
        return {_singular(w) for w in re.findall(r"[a-z]+", fold(text))}

    return bool(forms(a) & forms(b))


def _singular(word: str) -> str:
    return word[:-3] + "f" if word.endswith("ves") else word.rstrip("s")


def _scaled_note(session: CookingSession) -> str:
    return "" if session.factor == 1 else f" (scaled by {format_quantity(session.factor)})"


def _amount(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    if not q.subject:
        return Answer("which_ingredient", action="none", success=False)
    matches, _ = find_ingredients(recipe, q.subject)
    if not matches:
        values = {"ingredient": q.subject, "title": recipe.title}
        return Answer("not_in_recipe", values, "none", False, data={"found": []})
    exact = [i for i in matches if set(words(i.name)) == set(words(q.subject))]
    if len(matches) > 1 and not exact:  # "beef": the ground beef, not the beef broth
        head = words(q.subject)[-1:]
        exact = [i for i in matches if words(i.name or i.text)[-1:] == head] or [
            i for i in matches if not set(words(i.name or i.text)[-1:]) & _PRODUCTS - set(head)
        ]
    if len(matches) > 1 and len(exact) != 1 and not q.unit:
        options = [i.name or i.text for i in matches]
        listed = ", the ".join(options[:-1]) + f" or the {options[-1]}"
        values = {"ingredient": q.subject, "options": f"the {listed}"}
        return Answer("which_one", values, "none", False, data={"options": options})
    chosen = exact if len(exact) == 1 else matches
    data: dict[str, Any] = {"ingredient": q.subject, "found": [i.text for i in chosen]}
    if q.unit:
        return unit_answer(chosen, q.unit, q.subject, session, data)
    lines = [amount_line(i, session.factor) + equivalent(i, session.factor) for i in chosen]
    data["answer"] = lines
    if all(i.amount is None for i in chosen) and session.factor == 1:
        values = {"ingredient": q.subject, "line": chosen[0].text}
        return Answer("no_amount", values, "ingredient_answered", data=data)
    values = {"answer": " and ".join(lines), "scaled": _scaled_note(session)}
    return Answer("ingredient_amount", values, "ingredient_answered", data=data)


def _ingredients(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    items = [amount_line(i, session.factor) for i in recipe.ingredients]
    values = {"title": recipe.title, "count": len(items), "list": "; ".join(items)}
    return Answer("ingredients", values, "ingredients_listed", data={"ingredients": items})


def _servings(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    if recipe.yields is None:
        return Answer("no_yield", {"title": recipe.title}, "none", False)
    makes = recipe.yields.describe(session.factor)
    return Answer("servings", {"makes": makes}, "yield_answered", data={"makes": makes})


def _time(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    text = fold(q.subject)
    for kind, seconds in (("prep", recipe.prep_seconds), ("cook", recipe.cook_seconds)):
        if re.search(rf"\b{kind}(?:ing|aration)? time\b", text) and seconds:
            values = {"kind": kind, "duration": spoken_duration(seconds)}
            return Answer("time_kind", values, "time_answered", data={"seconds": seconds})
    topic = {roots(w) for w in words(text) if w not in _TIME_FILLER}
    if topic and "total" not in text:
        asked = {w for w in words(text) if w not in _TIME_FILLER}
        found = _step_duration(recipe, topic, asked)
        if found is not None:
            return _step_time(*found)
    current = recipe.steps[session.step - 1] if 1 <= session.step <= len(recipe.steps) else None
    whole = _WHOLE_RECIPE.search(text) and not re.search(r"\b(?:this|that) step\b", text)
    if not topic and not whole and current is not None and current.durations:
        # "how long?" / "how long is this step?" while cooking: the step in hand
        return _step_time(current, current.durations[0])
    total = recipe.total_seconds
    if not total:
        return Answer("no_time", {"title": recipe.title}, "none", data={})
    parts = [
        f"{spoken_duration(s)} {name}"
        for s, name in ((recipe.prep_seconds, "prep"), (recipe.cook_seconds, "cooking"))
        if s
    ]
    values = {
        "duration": spoken_duration(total),
        "parts": f" ({', '.join(parts)})" if len(parts) == 2 else "",
    }
    return Answer("time_all", values, "time_answered", data={"seconds": total})


def _step_time(step: Step, duration: Duration) -> Answer:
    values = {"step": step.number, "duration": duration.text}
    data = {"step": step.number, "seconds": duration.seconds, "max_seconds": duration.max_seconds}
    return Answer("time", values, "time_answered", data=data)


def _step_duration(
    recipe: Recipe, topic: set[str], asked: set[str]
) -> tuple[Step, Duration] | None:
    """The duration in a sentence about the asked action, earliest step first; a sentence
    that starts with it wins ("Bake the cookies for 13-15 minutes")."""
    best: tuple[int, Step, Duration] | None = None
    for step in recipe.steps:
        if not topic & {roots(w) for w in words(step.text)}:
            continue
        for sentence in re.split(r"(?<=[.!?;])\s+", fold(step.text)):
            sentence = _UTENSILS.sub(" ", sentence)  # "baking sheet" is not baking
            said = [roots(w) for w in words(sentence)]
            if not topic & set(said):
                continue
            for duration in step.durations:
                if fold(duration.text) in sentence:
                    score = 2 + (3 if said[:1] and said[0] in topic else 0)
                    score += bool(asked & set(words(sentence)))  # "bake" itself, not "baked"
                    if best is None or score > best[0]:
                        best = (score, step, duration)
    return None if best is None else (best[1], best[2])


def _temperature(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    return temperature_answer(recipe, session, q.unit)


def _substitute(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    subject, _, other = q.subject.partition(">")  # "spinach>kale": kale for the spinach
    q = Question(q.kind, subject, q.unit)
    matches, _ = find_ingredients(recipe, q.subject) if q.subject else ([], False)
    found = substitute_for(q.subject)
    if found is None and matches:
        found = substitute_for(matches[0].name or matches[0].text)
    if found is None:
        return Answer("no_substitute", {"ingredient": q.subject}, "none", False)
    uses = f" (the recipe uses {amount_line(matches[0], session.factor)})" if matches else ""
    values = {"ingredient": q.subject, "uses": uses, "swap": found[1], "other": other}
    data = {"swap": found[1], "asked": other}
    if other:
        key = "substitute_yes" if set(words(other)) <= set(words(found[1])) else "substitute_other"
        return Answer(key, values, "substitute_answered", data=data)
    return Answer("substitute", values, "substitute_answered", data=data)


def _equipment(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    items = equipment_in(recipe)
    data = {"equipment": [{"name": e.name, "step": e.step} for e in items]}
    if not items:
        return Answer("no_equipment", {"title": recipe.title}, "equipment_answered", data=data)
    asked = re.search(r"\b(mixer|blender|food processor|thermometer|slow cooker)\b", q.subject)
    if asked and not any(asked.group(1) in e.name.lower() for e in items):
        values = {"tool": asked.group(1), "list": spoken(items)}
        return Answer("equipment_without", values, "equipment_answered", data=data)
    return Answer("equipment", {"list": spoken(items)}, "equipment_answered", data=data)
