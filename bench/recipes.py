"""Recipe benchmark: parsing speed and agreement with the expected JSON of the real pages.

Run: ``python -m bench.recipes`` (needs ../shared/data/recipes). Writes the "recipes"
section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time

from bench.report import table, write_section

COMMAND = "python -m bench.recipes"
_LEADING = re.compile(
    r"^\s*(\d+\s*[½¼¾⅓⅔]|\d+\s+(?:and\s+)?\d+/\d+|\d+/\d+|\d+(?:\.\d+)?|[½¼¾⅓⅔])"
    r"(?=[\s-])"
)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


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


def _routing() -> str:
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


def main() -> int:
    from pipelines.core.paths import shared_dir

    shared = shared_dir()
    if shared is None or not (shared / "data" / "recipes").is_dir():
        print("../shared/data/recipes is not present; nothing to measure", file=sys.stderr)
        return 1
    from pipelines.core.storage import Database
    from pipelines.recipes.answers import RecipeQA
    from pipelines.recipes.importers import load_recipe_file
    from pipelines.recipes.ingredients import parse_ingredient_line
    from pipelines.recipes.library import RecipeLibrary
    from pipelines.recipes.nlp_parser import ingredient_parse_function
    from pipelines.recipes.quantities import parse_number
    from pipelines.recipes.session import SessionStore

    started = time.perf_counter()
    ingredient_parse_function()
    load_s = time.perf_counter() - started

    pages = sorted((shared / "data" / "recipes" / "html").glob("*/*.testhtml"))
    page_times: list[float] = []
    line_times: list[float] = []
    titles = counts = yields_ok = agree = numbered = 0
    recipes = []
    for page in pages:
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        for _ in range(3):
            t0 = time.perf_counter()
            recipe = load_recipe_file(page)[0]
            page_times.append(time.perf_counter() - t0)
        recipes.append(recipe)
        titles += recipe.title == expected["title"]
        counts += len(recipe.ingredients) == len(expected["ingredients"])
        number = float(expected["yields"].split()[0])
        y = recipe.yields
        yields_ok += y is not None and number in (y.amount, y.amount_max, y.serves)
        for line in expected["ingredients"]:
            t0 = time.perf_counter()
            item = parse_ingredient_line(line)
            line_times.append(time.perf_counter() - t0)
            lead = _LEADING.match(line)
            if lead:
                numbered += 1
                value = parse_number(lead.group(1))
                agree += (
                    item.amount is not None
                    and value is not None
                    and abs(item.amount.quantity - value) < 1e-6
                )

    db = Database(":memory:")
    library = RecipeLibrary(db)
    library.add_all(recipes)
    qa = RecipeQA(library, SessionStore(db))
    qa.answer("recipe_find", {"recipe": "frittata"})
    timings: dict[str, list[float]] = {"search": [], "ingredient": [], "next": [], "scale": []}
    for _ in range(50):
        for key, call in (
            ("search", lambda: library.search("broccoli cheese soup")),
            ("ingredient", lambda: qa.answer("recipe_ingredient_query", {"ingredient": "eggs"})),
            ("next", lambda: qa.answer("recipe_step_goto", {"step": 2})),
            ("scale", lambda: qa.answer("recipe_scale", {"factor": 2})),
        ):
            t0 = time.perf_counter()
            call()
            timings[key].append(time.perf_counter() - t0)

    n = len(pages)
    body = "\n\n".join(
        [
            table(
                ["what", "median ms", "samples"],
                [
                    ["load ingredient-parser model (first use, once)", _ms(load_s), 1],
                    [
                        "import one saved page (extract + parse all)",
                        _ms(statistics.median(page_times)),
                        len(page_times),
                    ],
                    [
                        "parse one ingredient line",
                        _ms(statistics.median(line_times)),
                        len(line_times),
                    ],
                    ["FTS5 search (14 recipes)", _ms(statistics.median(timings["search"])), 50],
                    ["answer 'how many eggs'", _ms(statistics.median(timings["ingredient"])), 50],
                    ["answer 'read step 2'", _ms(statistics.median(timings["next"])), 50],
                    ["answer 'double it'", _ms(statistics.median(timings["scale"])), 50],
                ],
            ),
            table(
                ["agreement with the pages' expected JSON (recipe-scrapers)", "result"],
                [
                    ["title", f"{titles}/{n}"],
                    ["ingredient count", f"{counts}/{n}"],
                    ["yield number", f"{yields_ok}/{n}"],
                    ["parsed quantity = the line's leading number", f"{agree}/{numbered}"],
                ],
            ),
            "Hand-checked quantities and units (3-5 per page) are asserted in "
            "`tests/recipes/test_recipe_real_pages.py`.",
        ]
    )
    body += "\n\n" + _routing()
    path = write_section("recipes", "Recipes: import, parsing and answers", COMMAND, body)
    print(body)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
