"""Making a new list, read by :mod:`pipelines.language.list_rules` (golden
tests, own wording: SLURP devel sentences are evaluation data and never appear here)."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.language.list_rules import list_request
from pipelines.language.rules import match, tidy

from .test_scope_rules import TODAY, said_with_intents
from .test_scope_rules import _cache_home as _cache_home  # the same temporary home


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("make me a new list", "list_add", {}),
        ("could you make a fresh list for the camping trip", "list_add", {"list": "camping trip"}),
        ("create a packing list", "list_add", {"list": "packing"}),
        ("set up a new list called birthday presents", "list_add", {"list": "birthday presents"}),
    ],
)
def test_a_new_list_is_made(text: str, intent: str, slots: dict[str, Any]) -> None:
    found = match(text, TODAY)
    assert found is not None and found.name == intent and dict(found.slots) == slots


@pytest.mark.parametrize(
    "text",
    [
        "delete milk from my shopping list",  # an item: the model's list_remove with the item
        "erase my whole christmas list",  # list_clear, as the templates say
        "begin a fresh camping list",  # starting over: list_clear, as the templates say
        "open the to do list",
        "make milk on the list",
        "take the batteries off the list",
        "create a new playlist",  # music
        "make a shopping list for the lasagne recipe",
        "add a list of chores to my reminders",
        "what's on my list",
    ],
)
def test_items_and_playlists_are_left_alone(text: str) -> None:
    found = match(text, TODAY)
    assert found is None or found.name not in ("list_add", "list_remove")


def test_no_template_or_request_of_another_intent_is_made_a_list() -> None:
    """Every expansion of our templates and every round-2 request keeps its own intent."""
    claimed = [
        (text, intent)
        for text, intent in said_with_intents()
        if (got := list_request(text, tidy(text))) is not None and got.name != intent
    ]
    assert claimed == []
