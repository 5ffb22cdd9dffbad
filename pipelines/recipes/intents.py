"""The recipe skill's intents and question kinds: constants only, so the skill registry can
read them without importing the recipe question answerer (``homebody ask`` start-up time)."""

from __future__ import annotations

RECIPE_INTENTS = frozenset(
    {
        "recipe_find",
        "recipe_ingredients",
        "recipe_ingredient_query",
        "recipe_step_next",
        "recipe_step_previous",
        "recipe_step_repeat",
        "recipe_step_goto",
        "recipe_scale",
    }
)

READ_KINDS = frozenset(
    {"amount", "ingredients", "servings", "time", "temperature", "step_count", "step_needs",
     "after", "substitute", "diet", "equipment"}
)  # fmt: skip
"""Questions answered from their words (:mod:`.reader`) whichever recipe intent carried them:
the intent model may route "how much half and half" to recipe_scale."""
