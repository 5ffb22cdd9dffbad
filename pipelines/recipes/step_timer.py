"""A timer for the step being cooked: "set a timer for this step".

The intent arrives as ``timer_start`` without a duration while a recipe is open; the timer
skill asks :func:`step_timer_request` for the step's duration and name::

    request = step_timer_request(ctx.app.db)
    if request is not None:
        seconds, name = request
        store.start(seconds, name, source="recipe")
"""

from __future__ import annotations

from ..core.storage import Database
from .library import RecipeLibrary
from .session import SessionStore


def step_timer_request(db: Database) -> tuple[int, str] | None:
    """(seconds, timer name) for the current step of the open recipe, or None when no recipe
    is open, no step has been read yet, or the step gives no duration.

    For a range ("8 to 10 minutes") the timer is set for the shorter time, so the cook checks
    early rather than late; the name says the step ("step 2: In a small saucepan, bring").
    """
    library = RecipeLibrary(db)
    session = SessionStore(db).current()
    if session is None or session.step < 1:
        return None
    recipe = library.get(session.recipe_id)
    if session.step > len(recipe.steps):
        return None
    step = recipe.steps[session.step - 1]
    if not step.durations:
        return None
    return step.durations[0].seconds, step.short_name
