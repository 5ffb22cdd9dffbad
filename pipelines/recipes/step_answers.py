"""Answers about the steps: how many, what a step needs, what comes after an action."""

from __future__ import annotations

import re

from .answer import Answer
from .equivalents import amount_line
from .lookup import fold, words
from .model import Ingredient, Recipe, Step
from .reader import Question
from .session import CookingSession
from .step_scaling import scale_step_text


def step_count(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    count = len(recipe.steps)
    values = {"steps": f"{count} step" + ("" if count == 1 else "s")}
    return Answer("step_count", values, "steps_counted", data={"count": count})


def _step_number(recipe: Recipe, session: CookingSession, q: Question) -> int | None:
    number = q.step if q.step != -1 else len(recipe.steps)
    if number is None and re.search(r"\b(?:this|current) step\b", fold(q.subject)):
        number = session.step
    return number if number is not None and 1 <= number <= len(recipe.steps) else None


def step_needs(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    number = _step_number(recipe, session, q)
    if number is None:
        return Answer("which_step", {"total": len(recipe.steps)}, "none", False)
    step = recipe.steps[number - 1]
    used = _named_most_fully(step, [i for i in recipe.ingredients if _uses(step, i)])
    if not used:
        values = {"step": number, "text": step.text}
        return Answer("step_needs_none", values, "step_needs_answered")
    items = [amount_line(i, session.factor) for i in used]
    values = {"step": number, "list": "; ".join(items)}
    return Answer("step_needs", values, "step_needs_answered", data={"ingredients": items})


def _named_most_fully(step: Step, used: list[Ingredient]) -> list[Ingredient]:
    """Of two sugars, the step that says "demerara sugar" uses the demerara one only."""
    said = set(words(step.text))
    by_head: dict[str, list[Ingredient]] = {}
    for item in used:
        by_head.setdefault(roots((words(item.name or item.text) or [""])[-1]), []).append(item)
    kept: list[Ingredient] = []
    for items in by_head.values():
        full = [i for i in items if set(words(i.name or i.text)) <= said]
        kept += full if full and len(items) > 1 else items
    return [i for i in used if i in kept]


def _uses(step: Step, item: Ingredient) -> bool:
    """The step names the ingredient: its main word ("seasoning", "sugar", "broccoli")."""
    name = [w for w in words(item.name or item.text) if len(w) > 2]
    if not name:
        return False
    in_step = {roots(w) for w in words(step.text)}
    return roots(name[-1]) in in_step or (len(name) > 1 and roots(name[0]) in in_step)


def after_step(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    """The step after the one the words describe ("after adding the garlic"), after step N
    ("after step 3"), or after the current one ("what's after that")."""
    numbered = re.fullmatch(r"(?:the\s+)?step\s+(\d+)", fold(q.subject).strip())
    if numbered or fold(q.subject).strip() in _THIS_STEP:
        number = int(numbered.group(1)) if numbered else max(session.step, 0)
        if number == 0:
            return _following(recipe, session, None)
        if not 1 <= number <= len(recipe.steps):
            return Answer("which_step", {"total": len(recipe.steps)}, "none", False)
        return _following(recipe, session, recipe.steps[number - 1])
    wanted = [w for w in words(q.subject) if len(w) > 1]
    best: tuple[int, Step] | None = None
    for step in recipe.steps:
        have = {roots(w) for w in words(step.text)}
        score = sum(1 if w.endswith("ing") else 2 for w in wanted if roots(w) in have)
        if score and (best is None or score > best[0]):
            best = (score, step)
    if best is None:
        return Answer("no_such_action", {"action": q.subject}, "none", False)
    return _following(recipe, session, best[1])


_THIS_STEP = frozenset({"that", "this", "this step", "that step", "that one", "the current step"})


def _following(recipe: Recipe, session: CookingSession, step: Step | None) -> Answer:
    """The step after ``step`` (the first one when nothing has been read yet)."""
    if step is None:  # nothing read yet: the first step
        first = recipe.steps[0]
        values = {
            "number": 1,
            "total": len(recipe.steps),
            "title": f", {first.title}" if first.title else "",
            "text": scale_step_text(first.text, session.factor),
            "note": "",
        }
        return Answer("step", values, "step_read", data={"step": 1})
    if step.number >= len(recipe.steps):
        return Answer("after_last", {"step": step.number, "title": recipe.title}, "none")
    following = recipe.steps[step.number]
    values = {
        "step": step.number,
        "next": following.number,
        "total": len(recipe.steps),
        "text": scale_step_text(following.text, session.factor),
    }
    return Answer("after_step", values, "step_read", data={"step": following.number})


def roots(word: str) -> str:
    """A rough root so "baking" ~ "bake", "shredding" ~ "shred", "simmers" ~ "simmer"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word.rstrip("e") if len(word) > 3 else word
