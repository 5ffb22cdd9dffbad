"""Asking for something to cook, read by :mod:`pipelines.language.recipe_suggest_rules`
(golden tests, own wording: SLURP devel sentences are evaluation data and never appear here)."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.language.recipe_suggest_rules import suggestion
from pipelines.language.rules import match, tidy

from .test_scope_rules import TODAY, said_with_intents
from .test_scope_rules import _cache_home as _cache_home  # the same temporary home


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("what should I cook for dinner?", {"suggest": "dinner"}),
        ("Any ideas for lunch?", {"suggest": "lunch"}),
        ("what's for tea tonight", {"suggest": "dinner"}),
        ("I'm starving", {"suggest": "any"}),
        ("what can I make in 20 minutes", {"suggest": "any", "duration": 1200}),
        ("what can we cook in under half an hour", {"suggest": "any", "duration": 1800}),
        ("give me a quick dinner idea", {"suggest": "dinner", "quick": "yes"}),
        ("suggest a vegetarian recipe", {"suggest": "any", "diet": "vegetarian"}),
        ("any meat free supper ideas", {"suggest": "dinner", "diet": "vegetarian"}),
        ("recommend a gluten free dessert", {"suggest": "dessert", "diet": "gluten"}),
        ("dinner ideas using up the leftover rice",
         {"suggest": "dinner", "ingredient": "rice"}),
        ("I have leftover rice", {"suggest": "any", "ingredient": "rice"}),
        ("leftover chicken", {"suggest": "any", "ingredient": "chicken"}),
        ("what can I do with leftover broccoli", {"suggest": "any", "ingredient": "broccoli"}),
        ("we've got some leftover cheese in the fridge",
         {"suggest": "any", "ingredient": "cheese"}),
        ("how can I use up leftover pasta", {"suggest": "any", "ingredient": "pasta"}),
        ("I have some extra eggs", {"suggest": "any", "ingredient": "eggs"}),
        ("I have some broccoli left over", {"suggest": "any", "ingredient": "broccoli"}),
        ("what should I make for lunch with eggs", {"suggest": "lunch", "ingredient": "eggs"}),
        ("recommend a spicy thai recipe", {"suggest": "any", "style": "spicy thai"}),
        ("help me decide what to bake", {"suggest": "any"}),
    ],
)  # fmt: skip
def test_a_request_for_an_idea_is_read_with_its_wishes(text: str, slots: dict[str, Any]) -> None:
    found = match(text, TODAY)
    assert found is not None and found.name == "recipe_find"
    assert dict(found.slots) == slots


@pytest.mark.parametrize(
    "text",
    [
        "what can I do",  # help
        "what should we do tonight",
        "any ideas",
        "suggest something",
        "suggest a song for the party",
        "recommend a good movie",
        "any ideas how to make the lights brighter",
        "what should I make next",
        "let's make smash burgers",  # opens that recipe (rules._COOK)
        "remind me to cook dinner at six",
        "set a timer for 20 minutes",
        "any gift ideas for mum",
        "i'm hungry, where's good to eat in leeds",  # a restaurant search (online)
        "suggest a place for lunch near me",
        "add leftover rice to the shopping list",
        "remove leftover rice from my list",
        "show me my recipes",  # the whole library, listed
        "what recipes do i have",
    ],
)
def test_other_requests_are_not_read_as_asking_for_an_idea(text: str) -> None:
    found = match(text, TODAY)
    assert found is None or "suggest" not in found.slots


def test_a_wish_that_is_no_time_is_refused() -> None:
    assert suggestion("what can i cook in zero minutes", "what can i cook in zero minutes") is None


def test_no_template_or_request_of_another_intent_is_read_as_an_idea() -> None:
    """Every expansion of our templates and every round-2 request keeps its own intent."""
    claimed = [
        (text, intent)
        for text, intent in said_with_intents()
        if suggestion(text, tidy(text)) is not None and intent != "recipe_find"
    ]
    assert claimed == []
