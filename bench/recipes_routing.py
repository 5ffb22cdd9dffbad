"""How the installed intent model routes typical cooking questions (the voice path).

`homebody recipe ask` reads cooking questions from their words; spoken questions still pass
the intent model first, so bench.recipes reports its routing beside the answers.
"""

from __future__ import annotations

from bench.report import table

COOKING_QUESTIONS = [
    ("let's make the pumpkin pie", "recipe_find"),
    ("let's make the frittata", "recipe_find"),
    ("open the broccoli soup recipe", "recipe_find"),
    ("what do i need", "recipe_ingredients"),
    ("what are the ingredients", "recipe_ingredients"),
    ("how many eggs do i need", "recipe_ingredient_query"),
    ("how much flour do i need", "recipe_ingredient_query"),
    ("how many grams of flour do i need", "recipe_ingredient_query"),
    ("what temperature should the oven be", "recipe_ingredient_query"),
    ("how long does it bake", "recipe_ingredient_query"),
    ("what's next", "recipe_step_next"),
    ("next step", "recipe_step_next"),
    ("go back", "recipe_step_previous"),
    ("previous step", "recipe_step_previous"),
    ("repeat that", "recipe_step_repeat"),
    ("say that again", "recipe_step_repeat"),
    ("read step 3", "recipe_step_goto"),
    ("go to the last step", "recipe_step_goto"),
    ("double it", "recipe_scale"),
    ("double the recipe", "recipe_scale"),
    ("make it for six people", "recipe_scale"),
    ("cut the recipe in half", "recipe_scale"),
    ("set a timer for this step", "timer_start"),
]


def routing() -> str:
    """How the installed intent model routes typical cooking questions (if it is installed)."""
    from pipelines.app_context import AppContext
    from pipelines.language.loader import load_recognizer

    app = AppContext.create(guard=False)
    try:
        recognizer = load_recognizer(app)
        if recognizer.name == "none":
            return "Intent routing of cooking questions: not measured (no intent model)."
        recognizer.prepare()
        rows = []
        right = 0
        for text, wanted in COOKING_QUESTIONS:
            got = recognizer.recognize(text)
            right += got.name == wanted
            rows.append(
                [
                    text,
                    wanted,
                    got.name,
                    f"{got.confidence:.2f}",
                    "yes" if got.name == wanted else "**no**",
                ]
            )
    finally:
        app.close()
    return (
        f"Intent routing of {len(rows)} typical cooking questions by the installed intent "
        f"model: {right}/{len(rows)} to the intended intent.\n\n"
        + table(["question", "wanted", "got", "confidence", "ok"], rows)
    )
