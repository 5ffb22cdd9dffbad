# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Making a new list: "create a new list for school supplies", "make me a list", "set up a
packing list".

The intent model learnt lists from item requests ("add milk to the shopping list") and
clearing ("erase my party list"), so a request to *make* a list read to it as clearing one:
"create a new list" offered to empty a list. Found as the largest cluster of missed list
requests on SLURP devel's dev part (the 70% that is not the reporting bucket; devel is never
training data). Making a list is ``list_add`` with the list's name and no item: the skill
asks what to put on it (a list exists once something is on it). "Start a fresh / begin a
new camping list" and "open the to-do list" are left to the model: the templates read them
as starting over (``list_clear``) and reading one (``list_query``). Deleting a whole list stays
``list_clear``, as Homebody's templates say ("erase my whole christmas list"; SLURP files it
under removing).

A playlist is not a list ("create a new playlist" is music, left to the model); recipes'
shopping lists ("make a shopping list for the lasagne") are left to the model too.
"""

from __future__ import annotations

import re

from ..core.intent import Intent, SlotValue
from .normalize import strip_item_article

_NAME = r"(?P<name>[a-z][a-z' -]*?)"
_AFTER = rf"(?: (?:for|of|called|named|titled|with the name|for my|of my|for the|of the) {_NAME})?(?: (?:of|for))?"
_MAKE = re.compile(
    r"^(?:(?:can|could|would|will) you |let's |lets |i want to |i'd like to |i need to |we need to |help me )?"
    r"(?:create|make|set up|build)(?: me| us)? (?:a |an |another |one more )?(?:new |fresh |separate |empty )?"
    rf"(?:(?P<before>[a-z][a-z' -]*?) )?list{_AFTER}$"
)  # fmt: skip
_NOT_LISTS = re.compile(
    r"\b(?:recipes?|ingredients?|timers?|alarms?|reminders?|songs?|music|tracks?|play)\b"
)
_ITEM_WORDS = re.compile(r"\b(?:from|off|on|onto|out of|into|add|remove|delete|clear|erase)\b")
"""An item being put on a list ("make milk on the list") or a garbled command: no name."""
_FILLER = re.compile(r"^(?:my|the|our|a|an|all|all the|all my|some) ")


_NEED = re.compile(
    r"^(?:do|did|should) (?:i|we) (?:still |really )?need(?: to (?:buy|get|pick up|order))? "
    r"(?:any |some |more |any more )?(?P<item>[a-z][a-z' -]*?)"
    r"(?: (?:from|at) the (?:shops?|store|supermarket|market))?$"
)
""" "do I need milk": is it on a list. While a recipe is open the recipe skill
claims it as a question about that recipe's ingredients (``recipes.skill``)."""
_NOT_NEEDS = re.compile(
    r"\b(?:umbrella|coat|jacket|sunscreen|sun cream|gloves|scarf|raincoat|timer|alarm|reminder|"
    r"help|you|it|that|this|them|anything|something|to|my|your|glasses|keys|phone|wallet)\b"
)


def needs_item(text: str, clean: str) -> Intent | None:
    """ "do I need milk", "do we still need to buy eggs": ``list_query`` for that item."""
    found = _NEED.match(clean)
    if found is None or _NOT_NEEDS.search(found.group("item")):
        return None  # "do I need an umbrella" is the weather (the model says it is online)
    said = re.sub(
        r" (?:again|too|as well|any more|anymore|for (?:the|my|a|dinner|lunch|breakfast)\b.*)$",
        "",
        found.group("item"),
    )
    items = [strip_item_article(i) for i in re.split(r",? (?:or|and) |, ", said) if i]
    return Intent("list_query", {"item": items}, 0.99, text=text, raw_slots={"item": said})


def list_request(text: str, clean: str) -> Intent | None:
    """``list_add`` with the new list's name (if said) and no item, or None."""
    found = _MAKE.match(clean)
    if found is None or _NOT_LISTS.search(clean):
        return None
    said = found.group("before") or found.group("name") or ""
    if _ITEM_WORDS.search(said):
        return None
    said = _FILLER.sub("", said.strip())
    if not said or said == "new":
        return Intent("list_add", {}, 0.99, text=text)
    slots: dict[str, SlotValue] = {"list": said}
    return Intent("list_add", slots, 0.99, text=text, raw_slots={"list": said})
