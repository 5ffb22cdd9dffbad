"""Making and deleting whole lists, read by :mod:`pipelines.language.list_rules` (golden
tests, own wording: SLURP devel sentences are evaluation data and never appear here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pipelines.language.rules import match

TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOMEBODY_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("make me a new list", "list_add", {}),
        ("could you start a fresh list for the camping trip", "list_add", {"list": "camping trip"}),
        ("create a packing list", "list_add", {"list": "packing"}),
        ("set up a new list called birthday presents", "list_add", {"list": "birthday presents"}),
        ("delete my packing list", "list_remove", {"list": "packing", "scope": "list"}),
        ("get rid of the whole list", "list_remove", {"scope": "list"}),
        ("throw away the list of chores", "list_remove", {"list": "chores", "scope": "list"}),
        ("I don't need this list anymore", "list_remove", {"scope": "list"}),
    ],
)
def test_a_list_itself_is_made_or_deleted(text: str, intent: str, slots: dict[str, Any]) -> None:
    found = match(text, TODAY)
    assert found is not None and found.name == intent and dict(found.slots) == slots


@pytest.mark.parametrize(
    "text",
    [
        "delete milk from my shopping list",  # an item: the model's list_remove with the item
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
