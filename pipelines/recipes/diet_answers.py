"""Answers to diet and allergen questions: "is it gluten free", "does it contain dairy",
"is it vegan". Safety first: a found ingredient is named ("No: it has flour and butter");
nothing found is "probably", never a promise, since only the ingredient names are read."""

from __future__ import annotations

from .allergens import WHAT, check_diet
from .answer import Answer
from .model import Recipe
from .reader import Question
from .session import CookingSession

_LABEL = {"vegan": "vegan", "vegetarian": "vegetarian"}


def _listed(names: tuple[str, ...]) -> str:
    """ "butter, whole milk and cheddar"; past four: "a, b, c, d and 2 more"."""
    shown = list(names[:4]) + ([f"{len(names) - 4} more"] if len(names) > 4 else [])
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" and {shown[-1]}"


def diet_answer(recipe: Recipe, session: CookingSession, q: Question) -> Answer:
    polarity, _, diet = q.subject.partition(":")
    if diet not in WHAT:
        polarity, diet = "free", "vegan"
    found = check_diet(recipe, diet)
    data = {"diet": diet, "found": list(found.found), "check": list(found.check)}
    label = _LABEL.get(diet, f"{diet.removesuffix('s')}-free")  # egg-free, nut-free
    if diet == "vegetarian" and polarity == "free":  # the golden replies of the first version
        if found.found:
            return Answer(
                "vegetarian_no", {"meat": _listed(found.found)}, "diet_answered", data=data
            )
        if found.check:
            values = {"check": "; ".join(found.check[:3])}
            return Answer("vegetarian_check", values, "diet_answered", data=data)
        return Answer("vegetarian_yes", {}, "diet_answered", data=data)
    check = f" Check: {'; '.join(found.check[:3])}." if found.check else ""
    values = {"label": label, "what": WHAT[diet], "found": _listed(found.found), "check": check}
    key = ("diet_has" if found.found else "diet_none") + (
        "_free" if polarity == "free" else "_contains"
    )
    return Answer(key, values, "diet_answered", data=data)
