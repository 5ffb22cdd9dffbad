# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Asking for something to cook: "what should I make for dinner", "any ideas for a quick
vegetarian lunch", "what can I cook in 20 minutes", "suggest something with chicken".

Read into ``recipe_find`` without a recipe name (the skill then suggests from the user's own
library instead of opening one), with the wishes as slots:

- ``suggest``: the meal asked about ("dinner", "lunch"...) or "any";
- ``duration``: the most time it may take, in seconds ("in 20 minutes", "under an hour");
- ``quick``: "yes" when asked for something quick (the skill puts the fastest first);
- ``diet``: "vegetarian" or "vegan";
- ``ingredient``: what it should use ("with chicken", "using up the eggs");
- ``style``: other words to look for in the recipes ("mexican", "soup").

Only requests that ask for an idea are read here; "let's make smash burgers" (open a recipe)
and "what can I make with eggs" stay with :data:`~.rules._COOK` and the model.
"""

from __future__ import annotations

import re

from ..core.intent import Intent, SlotValue
from .normalize import parse_duration

_REAL_MEAL = r"(?:breakfast|brunch|lunch|dinner|supper|tea|dessert|pudding|a snack|snack)"
_MEAL = rf"(?:{_REAL_MEAL}|tonight|today)"
_VERB = r"(?:cook|make|have|eat|bake|prepare|fix|do)"
_ABOUT_FOOD = rf"\b(?:cook|make|bake|prepare|eat|eating|hungry|starving|peckish|{_REAL_MEAL})\b"
_ASK = [
    p
    for p in (
        rf"^what (?:should|shall|can|could|do|might) (?:i|we) {_VERB}\b(?P<rest>.*)$",
        rf"^what (?:to|would you) {_VERB}\b(?P<rest>.*)$",
        rf"^what(?:'s| is| are| do i have| should we have| shall we have) (?:for|we having for|i having for) (?P<rest>{_REAL_MEAL}\b.*)$",
        r"^(?:give me |got |have you got |do you have |i need |i want |any |some )*(?:some |any |a few |an )?(?P<rest>.*?)\b(?:ideas?|suggestions?|inspiration)\b(?P<rest2>.*)$",
        r"^(?:suggest|recommend|pick|choose)(?: me| us)? (?P<rest>.*)$",
        r"^what (?:do|would|can|could) you (?:recommend|suggest)(?P<rest>.*)$",
        r"^what(?:'s| is) (?:a |an )?(?:good|nice|quick|easy|healthy|tasty|simple) (?P<rest>.*)$",
        r"^(?:give me|find me|show me|get me|i want|i'd like|i need|have you got|do you have) (?:a |an |some |any )?(?P<plain>(?:[a-z-]+ ){1,3}(?:recipes?|meals?|dishes|dinners?|lunch|breakfast|desserts?))(?: ideas?)?$",
        r"^(?:something|anything) (?P<rest>.*)$",
        r"^(?:i'm|i am|we're|we are) (?:hungry|starving|peckish)\b(?P<rest>.*)$",
        rf"^(?:i|we) (?:don't|do not|can't|cannot) (?:know|decide) what to {_VERB}\b(?P<rest>.*)$",
        rf"^help me (?:decide|choose|pick) what to {_VERB}\b(?P<rest>.*)$",
    )
]  # fmt: skip
_FOOD_NOUN = r"\b(?:recipes?|dinners?|lunch(?:es)?|breakfasts?|brunch|suppers?|meals?|dish(?:es)?|food|foods|something to (?:cook|make|eat)|cook|cooking|desserts?|snacks?)\b"
"""An idea or a suggestion must be about food: "any ideas for dinner", not "any ideas"."""
_NOT_FOOD = r"\b(?:song|music|film|movie|book|gift|present|name|game|tv|series|podcast|timer|alarm|list|reminder|playlist|restaurant|place|takeaway|delivery|light|lamp|volume|room|house|garden|trip|holiday|vacation|weekend|order|nearby|near me|around here|in town|eat out|eating out)s?\b|\b(?:eat|food|eats|dinner|lunch|breakfast) (?:in|at|near|around) (?!under|about|less|\d|half|an? |one |two |ten |fifteen |twenty |thirty |forty |fifty )"

_MINUTES = r"(?:in|under|within|below|less than|no more than|at most|max(?:imum)?|taking|that takes?|that take|takes?|ready in)(?: (?:about|around|just|only))? (?P<dur>(?:an?|one|half an?|\d+(?:\.\d+)?|[a-z]+(?:[- ][a-z]+)?) (?:and a half )?(?:minutes?|mins?|hours?|hrs?)(?: and (?:a half|a quarter|\d+ (?:minutes?|mins?)))?)(?: or (?:less|under|so))?"
_QUICK = r"\b(?:quick|quickly|fast|speedy|rapid|in a hurry|in a rush|no time)\b"
_DIET = (
    (r"\bvegan\b|\bplant based\b|\bplant-based\b", "vegan"),
    (r"\bgluten[- ]free\b|\bwithout gluten\b|\bno gluten\b|\bcoeliac\b|\bceliac\b", "gluten"),
    (r"\bdairy[- ]free\b|\bwithout dairy\b|\bno dairy\b|\blactose[- ]free\b", "dairy"),
    (r"\bnut[- ]free\b|\bwithout nuts\b|\bno nuts\b", "nuts"),
    (r"\begg[- ]free\b|\bwithout eggs?\b|\bno eggs?\b", "eggs"),
    (r"\bvegetarian\b|\bveggie\b|\bmeatless\b|\bmeat[- ]free\b|\bwithout (?:any )?meat\b|\bno meat\b", "vegetarian"),
)  # fmt: skip
_WITHOUT = r"\b(?:without|with no|but no|not|isn't|aren't|nothing) (?:any |an? |the |too |very )?(?P<x>[a-z' -]+?)(?= (?:in|under|within|for|tonight|today|that|which)\b|$)"
"""What the recipe must not have ("without chicken", "that isn't spicy", "without an oven")."""
_WITH = r"\b(?:with|using|using up|that uses?|to use up|from|containing|made with|out of)\b (?:some |the |my |our |a |an |up |leftover |left over |leftovers of |remaining |spare |extra )*(?P<ing>[a-z' -]+?)(?= (?:in|under|within|for|tonight|today|that|which)\b|$)"
_LEFTOVER = r"^(?:(?:i|we) (?:have|'ve got|have got|got)|i've got|we've got|got|there's|there is|there are|what (?:can|could|should|shall|do) (?:i|we) (?:do|make|cook) with|how (?:can|do|should|could) (?:i|we) use(?: up)?|help me use(?: up)?|use up|using up|ideas for) (?:some |the |my |our |a lot of |lots of |a bit of )?(?:leftover|left over|leftovers of|spare|extra|remaining|old) (?P<ing>[a-z' -]+?)(?: to use up| in the fridge| left| left over)?$|^(?:some )?(?:leftover|left over) (?P<bare>[a-z' -]+?)(?: to use up)?$|^(?:(?:i|we) (?:have|'ve got|have got|got)|i've got|we've got|got) (?:some )?(?P<after>[a-z' -]+?) (?:left over|leftover|to use up|that needs using up|that need using up)$"
"""Leftovers to use up: "I have leftover rice", "what can I do with leftover chicken",
"leftover rice" -> ideas with that ingredient (never a list or another recipe)."""
_MY_RECIPES = r"^(?:show|list|read|tell|give)(?: me| us)?(?: all)?(?: of)? (?:my|our|the) (?:saved |own )?recipes$|^what recipes (?:do (?:i|we) have|have (?:i|we) got)$"
_FILLER_WORDS = """
a an and any anything are bake be breakfast brunch can cook
cooking could date delicious dessert desserts different dinner dinners dish dishes do
easy eat family fast fix food foods for good got great have
healthy i idea ideas in inspiration is kids kind light lunch lunches
make me meal meals my new nice night of on or our
please prepare quick quickly really recipe recipes shall should simple snack snacks
some something sort special speedy suggestion suggestions supper tasty tea that the
there thing things to today tonight type us was we were what
what's whats best which with would you yummy friend friends guests people party
everyone tomorrow monday tuesday wednesday thursday friday saturday sunday weekend week
evening morning afternoon main starter course courses recommend suggest
"""
_FILLER = frozenset(_FILLER_WORDS.split())


def suggestion(text: str, clean: str) -> Intent | None:
    """``recipe_find`` with the wishes as slots when ``clean`` asks for something to cook."""
    if re.match(_MY_RECIPES, clean):
        return None  # "show me my recipes": the whole library, listed by the model's intent
    found = re.match(_LEFTOVER, clean)
    if found is not None:
        ingredient = (found.group("ing") or found.group("bare") or found.group("after")).strip()
        return Intent(
            "recipe_find", {"suggest": "any", "ingredient": ingredient}, 0.99, text=text,
            raw_slots={"ingredient": ingredient},
        )  # fmt: skip
    asked = _asked(clean)
    if asked is None:
        return None
    rest, plain = asked
    slots: dict[str, SlotValue] = {"suggest": _meal(clean)}
    raw: dict[str, str] = {}
    found = re.search(_MINUTES, rest)
    if found:
        seconds = parse_duration(found.group("dur"))
        if seconds is None or seconds <= 0:
            return None
        slots["duration"], raw["duration"] = seconds, found.group("dur")
        rest = rest.replace(found.group(0), " ")
    if re.search(_QUICK, rest):
        slots["quick"] = "yes"
        rest = re.sub(_QUICK, " ", rest)
    for pattern, diet in _DIET:
        if re.search(pattern, rest):
            slots["diet"] = diet
            rest = re.sub(pattern, " ", rest)
            break
    found = re.search(_WITHOUT, rest)
    if found:
        slots["exclude"], raw["exclude"] = found.group("x").strip(), found.group("x").strip()
        rest = rest[: found.start()] + " " + rest[found.end() :]
    found = re.search(_WITH, rest)
    if found:
        ingredient = found.group("ing").strip()
        if ingredient and ingredient not in _FILLER:
            slots["ingredient"], raw["ingredient"] = ingredient, ingredient
        rest = rest[: found.start()] + " " + rest[found.end() :]
    style = " ".join(w for w in rest.split() if w not in _FILLER and len(w) > 1)
    if plain and style:
        return None  # "give me a lasagne recipe": a recipe to find by name (the model)
    if style:
        slots["style"], raw["style"] = style, style
    return Intent("recipe_find", slots, 0.99, text=text, raw_slots=raw)


def _asked(clean: str) -> tuple[str, bool] | None:
    """The words after the asking phrase, and whether it was a plain "give me a ... recipe"
    (then only wishes may follow); None when ``clean`` does not ask for food."""
    if re.search(_NOT_FOOD, clean):
        return None
    if not (re.search(_FOOD_NOUN, clean) or re.search(_ABOUT_FOOD, clean)):
        return None  # "what should I do", "any ideas", "suggest something"
    for pattern in _ASK:
        found = re.match(pattern, clean)
        if found is not None:
            rest = " ".join(g for g in found.groups() if g).strip()
            return None if _plainly_other(rest) else (rest, "plain" in found.groupdict())
    return None


def _plainly_other(rest: str) -> bool:
    """ "what should I make next", "what can I do now": not about food."""
    return bool(
        re.match(r"^(?:now|next|about|of|it|this|that|them|here|then|instead|first|to)\b", rest)
    )


def _meal(clean: str) -> str:
    found = re.search(rf"\b{_MEAL}\b", clean)
    if found is None:
        return "any"
    meal = found.group(0).removeprefix("a ")
    return {"tonight": "dinner", "supper": "dinner", "tea": "dinner", "pudding": "dessert"}.get(
        meal, "any" if meal == "today" else meal
    )
