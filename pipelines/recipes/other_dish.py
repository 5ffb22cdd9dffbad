"""A time or temperature question about a dish that is not the open recipe.

"How long does the frittata take?" while Smash Burgers is open used to be answered with the
burgers' time. The question's own words decide: when none of the things it names appears in
the open recipe (title, ingredient lines or steps), it is about another dish — answered from
the library's recipe for it when there is one, otherwise with a plain "Smash Burgers doesn't
mention pasta". Questions that name nothing ("how long in the oven?", "how long to bake it?")
or name something the recipe has ("how long do I rest the steak?") stay with the open recipe.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from .answer import Answer
from .lookup import fold, stem
from .model import Recipe
from .question_answers import answer_read
from .reader import read_question

if TYPE_CHECKING:
    from .answers import RecipeQA

_QUESTION_TEXT = """
    a about all am an and any are as at bake baked baking be bit boil boiled boiling braise
    brown can cook cooked cooking could degree degrees do does doing done each everything for
    fry fried frying get go going grill grilled grilling have heat hot hour hours how i in is it
    its keep leave let long many minute minutes much my need needs of on one ones oven pan
    per prep preparation put ready recipe rest roast roasted roasting set should simmer
    simmering so stay steam stove take takes taking temperature temp that the them then there
    these they thing things this those time to total until wait want was we what whats when
    which whole will with would you your dish meal food mixture batter dough filling topping
    crust base glaze dressing side first next last step stage part roughly approximately
    around altogether overall cool cooling chill chilling rise rising prove proving marinate
    marinating soak soaking thaw defrost setting firm stand standing sit sitting resting left
    sides usually normally typically exactly longer shorter more less extra entire dishes
    again now still yet about before after done does long enough properly right correct
"""
_QUESTION_WORDS = frozenset(_QUESTION_TEXT.split())
"""Words of the question itself and generic cooking nouns ("the mixture", "the dough"):
they never name another dish."""


def named_things(text: str) -> list[str]:
    """The content words a time/temperature question names: "how much time to cook pasta"
    -> ["pasta"]; "what temperature for roast potatoes" -> ["potatoes"]."""
    plain = fold(text).replace("'", "")
    return [
        w for w in _words(plain) if w not in _QUESTION_WORDS and len(w) > 2 and not w.endswith("ly")
    ]


def mentions_any(recipe: Recipe, things: list[str]) -> bool:
    """Whether the recipe's title, ingredient lines or steps mention any of ``things``."""
    have = set(_stems(recipe.title))
    for item in recipe.ingredients:
        have.update(_stems(item.text))
    for step in recipe.steps:
        have.update(_stems(step.text))
    return any(stem(thing) in have for thing in things)


def _stems(text: str) -> list[str]:
    return [stem(w) for w in _words(fold(text))]


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalpha() else " " for ch in text).split()


def about_other_dish(qa: RecipeQA, recipe: Recipe | None, kind: str, text: str) -> Answer | None:
    """A time or temperature question about a dish ``recipe`` (the open one, or None when
    none is open) does not mention: answered from the library's recipe for it (which opens),
    or said plainly; None when it is about ``recipe``, or names no recipe and none is open."""
    if kind not in ("time", "temperature"):
        return None
    things = named_things(text)
    if not things or (recipe is not None and mentions_any(recipe, things)):
        return None
    said = " ".join(things)
    hits = qa.library.search(said, limit=1, column="title")
    if not hits:
        if recipe is None:
            return None
        return Answer("other_dish", {"title": recipe.title, "thing": said}, "none", False)
    qa.switch_to(hits[0])
    session = qa.sessions.current()
    read = read_question(text)
    assert session is not None and read is not None  # just opened; a time/temperature question
    if kind == "time":  # "how long does the frittata take": the whole recipe's time
        read = dataclasses.replace(read, subject="total time")
    other = qa.library.get(hits[0])
    answer = answer_read(other, session, read)
    return dataclasses.replace(answer, data={**answer.data, "switched_to": other.title})
