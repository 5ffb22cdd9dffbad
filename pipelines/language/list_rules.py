# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Making and deleting whole lists: "create a new list for school supplies", "delete my
to-do list", "I don't want this list any more".

The intent model learnt lists from item requests ("add milk to the shopping list"), so a
request about a *list itself* reads to it as clearing one: "create a new list" emptied a
list, "remove the list of things to do" asked which items to take off. Found as the largest
cluster of missed list requests on SLURP devel's dev part (the 70% that is not the reporting
bucket; devel is never training data).

- Making a list is ``list_add`` with the list's name and no item: the skill asks what to put
  on it (a list exists once something is on it).
- Deleting a list is ``list_remove`` with ``scope="list"``: the skill asks to confirm and
  empties it, as for "clear my shopping list".

A playlist is not a list ("create a new playlist" is music, left to the model); recipes'
shopping lists ("make a shopping list for the lasagne") are left to the model too.
"""

from __future__ import annotations

import re

from ..core.intent import Intent, SlotValue

_NAME = r"(?P<name>[a-z][a-z' -]*?)"
_AFTER = rf"(?: (?:for|of|called|named|titled|with the name|for my|of my|for the|of the) {_NAME})?(?: (?:of|for))?"
_MAKE = re.compile(
    r"^(?:(?:can|could|would|will) you |let's |lets |i want to |i'd like to |i need to |we need to |help me )?"
    r"(?:create|make|start|begin|set up|open|build)(?: me| us)? (?:a |an |another |one more )?(?:new |fresh |separate |empty )?"
    rf"(?:(?P<before>[a-z][a-z' -]*?) )?list{_AFTER}$"
)  # fmt: skip
_DELETE = re.compile(
    r"^(?:(?:can|could|would|will) you |i want to |i'd like to |i need to |let's |lets )?"
    r"(?:delete|remove|erase|get rid of|throw away|throw out|scrap|trash|discard|bin)"
    r"(?: (?:my|the|a|an|this|that|our|entire|whole|complete|old|existing))* "
    rf"(?:(?P<before>[a-z][a-z' -]*?) )?list{_AFTER}(?: (?:completely|entirely|altogether|for good))?$"
)  # fmt: skip
_UNWANTED = re.compile(
    r"^i (?:don't|do not|no longer) (?:want|need) (?:this|that|the|my) (?:(?P<before>[a-z][a-z' -]*?) )?list(?: any ?more| anymore)?$"
)  # fmt: skip
_NOT_LISTS = re.compile(
    r"\b(?:recipes?|ingredients?|timers?|alarms?|reminders?|songs?|music|tracks?|play)\b"
)
_ITEM_WORDS = re.compile(r"\b(?:from|off|on|onto|out of|into|add|remove|delete|clear|erase)\b")
"""An item being moved ("delete milk from my list") or a garbled command: not a list name."""
_FILLER = re.compile(r"^(?:my|the|our|a|an|all|all the|all my|some) ")


def list_request(text: str, clean: str) -> Intent | None:
    """``list_add`` (make a list) or ``list_remove`` with ``scope="list"`` (delete one)."""
    if _NOT_LISTS.search(clean):
        return None
    for pattern, name in (
        (_MAKE, "list_add"),
        (_DELETE, "list_remove"),
        (_UNWANTED, "list_remove"),
    ):
        found = pattern.match(clean)
        if found is None:
            continue
        said = found.group("before") or found.groupdict().get("name") or ""
        if _ITEM_WORDS.search(said):
            return None
        said = _FILLER.sub("", said.strip())
        slots: dict[str, SlotValue] = {"list": said} if said and said != "new" else {}
        raw = dict(slots) if said else {}
        if name == "list_remove":
            slots["scope"] = "list"
        return Intent(name, slots, 0.99, text=text, raw_slots={k: str(v) for k, v in raw.items()})
    return None
