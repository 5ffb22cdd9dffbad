"""Answers to "Which one: A, B or C?" (:mod:`pipelines.skills.choice_answer`)."""

from __future__ import annotations

import pytest

from pipelines.skills.choice_answer import pick

SOUPS = [
    "Broccoli Soup with Coconut Milk",
    "Basic + Awesome Broccoli Cheese Soup",
    "One-Pot Chicken and Rice Soup",
]


@pytest.mark.parametrize(
    ("said", "chosen"),
    [
        ("the first one", SOUPS[0]),
        ("number two", SOUPS[1]),
        ("the 3rd one", SOUPS[2]),
        ("the last one", SOUPS[2]),
        ("the coconut one", SOUPS[0]),
        ("the chicken one please", SOUPS[2]),
        ("Basic + Awesome Broccoli Cheese Soup", SOUPS[1]),
    ],
)
def test_an_answer_picks_one_option(said: str, chosen: str) -> None:
    assert pick(SOUPS, said) == chosen


@pytest.mark.parametrize("said", ["the broccoli one", "soup", "the fourth one", "lasagne", "the"])
def test_an_answer_that_fits_several_or_none_picks_nothing(said: str) -> None:
    assert pick(SOUPS, said) is None
