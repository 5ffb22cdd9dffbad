"""The recipe skill through the real dispatcher and skill registry, and the step timer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipelines.assistant import SKILL_MODULES
from pipelines.core.intent import Intent
from pipelines.recipes.library import RecipeLibrary
from pipelines.recipes.skill import STEP_TIMER_KEY
from pipelines.recipes.step_timer import step_timer_request
from pipelines.skills.base import SkillContext
from pipelines.skills.dispatch import Dispatcher
from pipelines.skills.registry import SkillRegistry
from pipelines.skills.replies import Replies
from pipelines.skills.timer_store import TimerStore

PIE = """# Pumpkin Pie
Serves 8

## Ingredients
- 1 (15 oz) can pumpkin puree
- 2 large eggs
- ¾ cup granulated sugar

## Instructions
1. Preheat the oven to 425°F.
2. Whisk the pumpkin, eggs and sugar until smooth.
3. Pour into the crust and bake for 15 minutes.
"""


@pytest.fixture
def say(app: Any, tmp_path: Path) -> Any:
    path = tmp_path / "pie.md"
    path.write_text(PIE, encoding="utf-8")
    RecipeLibrary(app.db, app.ledger).import_files([path])
    ctx = SkillContext(app=app, replies=Replies(), clock=lambda: 1000.0)
    dispatcher = Dispatcher(ctx, SkillRegistry.default(SKILL_MODULES))

    def talk(name: str, text: str = "", **slots: Any) -> Any:
        return dispatcher.handle(Intent(name, slots, 1.0, text=text))

    talk.ctx = ctx  # type: ignore[attr-defined]
    talk.dispatcher = dispatcher  # type: ignore[attr-defined]
    return talk


def test_skill_is_registered_for_every_recipe_intent() -> None:
    registry = SkillRegistry.default(SKILL_MODULES)
    for intent in (
        "recipe_find",
        "recipe_ingredients",
        "recipe_ingredient_query",
        "recipe_step_next",
        "recipe_step_previous",
        "recipe_step_repeat",
        "recipe_step_goto",
        "recipe_scale",
    ):
        skill = registry.for_intent(intent)
        assert skill is not None and skill.name == "recipes"


def test_lets_make_the_pumpkin_pie(say: Any) -> None:
    response = say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    assert response.action == "recipe_opened" and "Pumpkin Pie" in response.text
    response = say("recipe_ingredient_query", "how many eggs", ingredient="eggs")
    assert "2 large eggs" in response.text  # the page's own words
    assert response.card["type"] == "recipe"
    response = say("recipe_scale", "for four people", quantity=4)
    assert response.success and "makes 4 servings" in response.text
    response = say("recipe_ingredient_query", "how much sugar", ingredient="sugar")
    assert "3/8 cup granulated sugar" in response.text
    response = say("recipe_step_goto", "read step 3", step=3)
    assert response.text.startswith("Step 3 of 3") and response.action == "step_read"


def test_no_recipe_open(say: Any) -> None:
    response = say("recipe_step_next", "what's next")
    assert not response.success and "No recipe is open" in response.text


def test_step_timer_request(app: Any, say: Any) -> None:
    assert step_timer_request(app.db) is None  # no recipe open
    say("recipe_find", recipe="pumpkin pie")
    assert step_timer_request(app.db) is None  # no step read yet
    say("recipe_step_next")
    assert step_timer_request(app.db) is None  # step 1 gives no duration
    say("recipe_step_goto", step=3)
    seconds, name = step_timer_request(app.db)  # type: ignore[misc]
    assert seconds == 15 * 60
    assert name.startswith("step 3:")
    timer = TimerStore(app.db, clock=lambda: 1000.0).start(seconds, name, source="recipe")
    assert timer.duration_s == 900 and timer.name and "step 3" in timer.name


def test_step_timer_offered_through_the_conversation(say: Any) -> None:
    say("recipe_find", recipe="pumpkin pie")
    say("recipe_step_next")
    assert STEP_TIMER_KEY not in say.ctx.conversation
    say("recipe_step_goto", step=3)
    offered = say.ctx.conversation[STEP_TIMER_KEY]
    assert offered["seconds"] == 900 and offered["name"].startswith("step 3:")
    say("recipe_step_previous")
    assert STEP_TIMER_KEY not in say.ctx.conversation


def test_assistant_turn_reaches_the_recipe_skill(app: Any, say: Any) -> None:
    from pipelines.assistant import Assistant

    class Scripted:
        name = "scripted"

        def prepare(self) -> None:
            return None

        def recognize(self, text: str) -> Intent:
            table = {
                "let's make the pumpkin pie": Intent("recipe_find", {"recipe": "pumpkin pie"}),
                "how many eggs": Intent("recipe_ingredient_query", {"ingredient": "eggs"}),
            }
            return table[text]

    assistant = Assistant(app, recognizer=Scripted())
    assert "Pumpkin Pie" in assistant.ask("let's make the pumpkin pie").response.text
    turn = assistant.ask("how many eggs")
    assert "2 eggs" in turn.response.text and turn.response.success
    assert set(turn.latencies_ms) >= {"understand", "act"}


def test_set_a_timer_for_this_step_by_voice(say: Any) -> None:
    """ "set a timer for this step" arrives as timer_start with no duration while cooking."""
    say("recipe_find", recipe="pumpkin pie")
    say("recipe_step_goto", step=3)
    response = say("timer_start", "set a timer for this step")
    assert response.action == "timer_started", response.text
    timer = response.card["timer"]
    assert timer["duration_s"] == 900 and "step 3" in timer["name"]
    # without "this step" and without a duration, the timer skill still asks how long
    response = say("timer_start", "set a timer")
    assert response.expects_reply and response.action != "timer_started"


def test_next_and_back_mean_recipe_steps_only_while_cooking(app: Any, tmp_path: Path) -> None:
    path = tmp_path / "pie.md"
    path.write_text(PIE, encoding="utf-8")
    RecipeLibrary(app.db, app.ledger).import_files([path])
    now = [1000.0]
    ctx = SkillContext(app=app, replies=Replies(), clock=lambda: now[0])
    dispatcher = Dispatcher(ctx, SkillRegistry.default(SKILL_MODULES))

    def say(name: str, text: str, **slots: Any) -> Any:
        return dispatcher.handle(Intent(name, slots, 1.0, text=text))

    assert say("media_next", "next one").intent == "media_next"  # nothing is cooking
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    response = say("media_next", "next one")
    assert response.intent == "recipe_step_next" and response.text.startswith("Step 1 of 3")
    assert say("media_next", "skip this song").intent == "media_next"  # names the music
    say("media_next", "next")
    response = say("media_previous", "go back")
    assert response.intent == "recipe_step_previous" and response.text.startswith("Step 1 of 3")
    now[0] += 4 * 3600  # the recipe was left open yesterday
    assert say("media_next", "next one").intent == "media_next"


def test_cooking_question_heard_as_unsupported_is_answered_while_cooking(say: Any) -> None:
    heard = say("unsupported_online", "what temperature should the oven be")
    assert heard.intent == "unsupported_online"  # nothing is open: not claimed
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    response = say("unsupported_online", "what temperature should the oven be")
    assert response.intent == "recipe_ingredient_query" and "425" in response.text
    response = say("out_of_scope", "how many servings does this make")
    assert "8" in response.text
    response = say("recipe_scale", "how much half and half", factor=0.5)
    assert "scaled" not in response.text.lower()


def test_do_i_need_eggs_is_the_list_until_a_recipe_is_open(say: Any) -> None:
    heard = say("list_query", "do i need eggs", item=["eggs"])
    assert heard.intent == "list_query"  # nothing is open: the shopping list
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    response = say("list_query", "do i need eggs", item=["eggs"])
    assert response.intent == "recipe_ingredient_query" and "2 large eggs" in response.text
    assert say("list_query", "is milk on my list", item=["milk"]).intent == "list_query"
    shop = say("list_query", "do i need eggs from the shop", item=["eggs"])
    assert shop.intent == "list_query"  # shopping words: the list, even while cooking
    assert say("list_add", "buy oat milk instead of milk", item=["oat milk"]).intent == "list_add"


def test_undo_the_scaling_heard_as_timer_cancel_resets_the_recipe(say: Any) -> None:
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    say("recipe_scale", "double it", factor=2)
    response = say("timer_cancel", "undo the scaling")
    assert response.intent == "recipe_scale", response
    assert response.text.startswith("Okay, back to the original amounts"), response.text
    assert "timer" not in response.text.lower()


def test_close_the_recipe_ends_cooking_mode(say: Any) -> None:
    assert "No recipe is open" in say("recipe_step_next", "close the recipe").text
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    closed = say("media_next", "close the recipe")  # the model's reading does not matter
    assert closed.action == "recipe_closed" and "Pumpkin Pie" in closed.text
    assert say("media_next", "next one").intent == "media_next"  # nothing is open any more
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    assert say("out_of_scope", "I'm done cooking").action == "recipe_closed"


def test_a_substitute_question_while_cooking_is_never_a_clarifying_question(say: Any) -> None:
    say("recipe_find", "let's make the pumpkin pie", recipe="pumpkin pie")
    unsure = Intent("list_add", {"item": ["eggs"]}, 0.4, text="what can i use instead of eggs",
                    alternatives=(("recipe_find", 0.3),))  # fmt: skip
    response = say.dispatcher.handle(unsure)
    assert response.intent == "recipe_ingredient_query" and "Did you mean" not in response.text
