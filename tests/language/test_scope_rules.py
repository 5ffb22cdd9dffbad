"""What Homebody cannot do, read by :mod:`pipelines.language.scope_rules` (golden tests, own
wording: SLURP devel sentences are evaluation data and never appear here)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipelines.language.rules import match, tidy
from pipelines.language.scope_rules import cannot_do

TODAY = dt.date(2026, 11, 18)
REQUESTS = Path(__file__).parents[2] / "bench" / "data" / "requests_round2.jsonl"


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOMEBODY_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # games: nothing to act on, online or not
        ("Let's play chess", "out_of_scope"),
        ("can we play a game of scrabble together", "out_of_scope"),
        ("play tic tac toe with me", "out_of_scope"),
        ("hey homebody, I'm bored, let's play a quiz", "out_of_scope"),
        ("would you like to play twenty questions with the kids", "out_of_scope"),
        # a calendar (Homebody keeps reminders, not events or meetings)
        ("what's on my calendar this afternoon?", "out_of_scope"),
        ("Do I have any meetings on Thursday", "out_of_scope"),
        ("schedule a meeting with the plumber for friday", "out_of_scope"),
        ("show me my upcoming appointments", "out_of_scope"),
        ("when is my next dentist appointment", "out_of_scope"),
        ("have I got anything booked for the weekend", "out_of_scope"),
        ("accept the meeting invite from Jo", "out_of_scope"),
        # what is planned for a day: a calendar, not the date
        ("what do we have going on this weekend", "out_of_scope"),
        ("what's on for friday afternoon", "out_of_scope"),
        ("what have I got planned for the twelfth", "out_of_scope"),
        # the library of the song that plays
        ("add this song to my favourites", "out_of_scope"),
        ("save the current track to my liked songs", "out_of_scope"),
        ("give this song a thumbs up", "out_of_scope"),
        # the weather, the song that plays
        ("do I need an umbrella tomorrow", "unsupported_online"),
        ("is it going to snow this weekend", "unsupported_online"),
        ("how cold is it outside", "unsupported_online"),
        ("who sings this song", "unsupported_online"),
        ("what song is playing", "unsupported_online"),
        # a dictionary
        ("define petrichor", "unsupported_online"),
        ("what does ubiquitous mean?", "unsupported_online"),
        ("what's a synonym for happy", "unsupported_online"),
        ("use gregarious in a sentence", "unsupported_online"),
        # general knowledge: an encyclopedia
        ("tell me about the great barrier reef", "unsupported_online"),
        ("describe an aardvark", "unsupported_online"),
        ("what do you know about saturn's rings", "unsupported_online"),
        ("give me some facts about volcanoes", "unsupported_online"),
        # ordering food or a ride
        ("order a large pizza with extra cheese", "unsupported_online"),
        ("get me a taxi to the station", "unsupported_online"),
        # shops and places near here
        ("where can I buy buckwheat flour", "unsupported_online"),
        ("where's the nearest pharmacy", "unsupported_online"),
        ("is there a late night bakery near me", "unsupported_online"),
        # a named song after this one; tuning a station
        ("after this song play bohemian rhapsody", "unsupported_online"),
        ("queue up dancing queen next", "unsupported_online"),
        ("tune it to frequency ninety seven point three", "unsupported_online"),
        ("I want to hear some jazz", "unsupported_online"),  # media_rules: "hear" forms
        ("I like to listen to reggae", "unsupported_online"),
    ],
)
def test_what_homebody_cannot_do_is_never_an_action(text: str, intent: str) -> None:
    found = match(text, TODAY)
    assert found is not None and found.name == intent and not found.slots


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("remind me about my meeting at 3pm", "reminder_set"),
        ("remind me to play chess with dad tomorrow", "reminder_set"),
        ("what time is it in tokyo", "time_query"),
        ("how many days until christmas", "date_query"),
        ("what's the date and time", "time_query"),  # both: the clock says both
        ("tell me the time and date for today", "time_query"),
    ],
)
def test_capability_grammars_read_first(text: str, intent: str) -> None:
    found = match(text, TODAY)
    assert found is not None and found.name == intent


@pytest.mark.parametrize(
    "text",
    [
        "where can I find my glasses",  # object_locate
        "where can I get a recipe for pancakes",
        "what date is it on the calendar",
        "do we have anything on the shopping list",
        "set a timer for the meeting",
        "cancel the meeting alarm",
        "set a meeting timer for ten minutes",
        "I don't like this song",  # a skip, like the media templates
        "what does that mean",
        "define yourself",
        "play the next song",
        "play something else next",
        "turn on the radio",  # a radio on a smart plug is a device
        "turn the radio up",
        "I want to hear a joke",
        "add pizza to the shopping list",
        "find me a recipe for pizza",
        "I want to hear the time",
        "let's hear my to do list",
        "how is the timer doing",
        "how hot should the oven be for the bread",
        "add an umbrella to the packing list",
        "what's the temperature of the fridge",
        "what's the meaning of life",
        "what's on my shopping list",
        "what is tomorrow",
        "what's for dinner on friday",
        "tell me about yourself",
        "tell me about the recipe",
        "describe the next step",
        "tell me about my meeting this week",
        "explain how the timer works",
        "what's on the shopping",
        "what have I got on the packing",
    ],
)
def test_the_rest_is_left_alone(text: str) -> None:
    assert cannot_do(tidy(text)) is None
    found = match(text, TODAY)
    assert found is None or found.name not in ("unsupported_online", "out_of_scope")


def test_rooms_are_not_named_content() -> None:
    found = match("play music in the kitchen after this", TODAY)
    assert found is None or found.name != "unsupported_online"


def said_with_intents() -> list[tuple[str, str]]:
    """Every expansion of our templates (8 each) and every round-2 request, with its intent."""
    from pipelines.language.templates import load_templates
    from training.data import _template_examples

    tset = load_templates()
    examples = _template_examples(tset, {t.id for t in tset.templates}, 8, seed=7)
    said = [(e.text, e.intent) for e in examples]
    for line in REQUESTS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        said.append((row["text"], row["intent"]))
    return said


def test_no_template_or_request_of_another_intent_is_claimed() -> None:
    """Every expansion of our templates and every round-2 request keeps its own intent: the
    clusters claim only what their own templates (the negatives) say too."""
    claimed = [
        (text, intent, got)
        for text, intent in said_with_intents()
        if (got := cannot_do(tidy(text))) is not None and got != intent
    ]
    assert claimed == []
