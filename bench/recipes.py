"""Recipe benchmark: import accuracy and speed on real and real-layout pages, and the cooking
questions of tests/data/recipes/questions.txt answered through `homebody recipe ask`'s path.

Run: ``python -m bench.recipes`` (needs ../shared/data/recipes). Pages: every saved page in
../shared/data/recipes/html (expected fields from recipe-scrapers) and tests/data/recipes/pages
(20 recipes in real-site layouts, 9 without structured data, and 3 pages that are not
recipes). Writes the "recipes" section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.recipes_questions import TRYOUT_QUESTIONS, is_right, load_questions, resolve_page
from bench.report import table, write_section

COMMAND = "python -m bench.recipes"
OWN_PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "recipes" / "pages"
FIELDS = ("title", "yield", "ingredients", "steps")
UNTUNED = "163/182 = 89.6% right, import fields 138/139"
"""The first run of these questions and pages, before the code was tuned on them (history:
the code of that run no longer exists, so this line is quoted, not measured)."""


_VULGAR = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8"}
_HEADING_STEP = re.compile(r"^(?:preparation|instructions|directions|method|steps)$")


def _norm(text: str) -> str:
    """Case, spacing, dashes and "½" vs "1/2" do not count as differences."""
    from pipelines.recipes.ingredients import clean_line

    text = clean_line(text).lower().replace("–", "-").replace("’", "'")
    for glyph, ascii_form in _VULGAR.items():
        text = re.sub(rf"(\d)?\s*{glyph}", lambda m, a=ascii_form: f"{m.group(1) or ''} {a}", text)
    return " ".join(text.split())


def field_checks(recipe: Any, expected: dict[str, Any]) -> dict[str, bool]:
    """Which of title, yield, ingredients and steps match the page's expected values."""
    from pipelines.recipes.ingredients import without_prices
    from pipelines.recipes.yields import parse_yields

    want = parse_yields(expected["yields"])
    got = recipe.yields
    top = got.amount_max if got and got.amount_max is not None else (got.amount if got else 0)
    headings = {_norm(s.title) for s in recipe.steps} | {_norm(s.section) for s in recipe.steps}
    steps = [
        _norm(s)
        for s in expected["instructions_list"]
        if _norm(s) not in headings and not _HEADING_STEP.match(_norm(s))
    ]  # recipe-scrapers lists some section headings ("Preparation") as steps
    return {
        "title": _norm(recipe.title) == _norm(expected["title"]),
        "yield": bool(want and got and got.amount <= want.amount <= top),
        # the page's lines less the shop prices Homebody drops on purpose ("($6.99)")
        "ingredients": [_norm(i.text) for i in recipe.ingredients]
        == [_norm(without_prices(i)) for i in expected["ingredients"]],
        "steps": [_norm(s.text) for s in recipe.steps] == steps,
    }


def _import_pages(pages: list[Path]) -> tuple[dict[Path, Any], list[list[str]], dict[str, Any]]:
    from pipelines.core.errors import InputError
    from pipelines.recipes.importers import load_recipe_file

    recipes: dict[Path, Any] = {}
    rows: list[list[str]] = []
    times: dict[str, Any] = {"first": 0.0, "shared": [], "own": []}
    right = total = 0
    for index, page in enumerate(pages):
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        try:
            recipe: Any = load_recipe_file(page)[0]
            error = ""
        except InputError as exc:
            recipe, error = None, exc.message
        spent = time.perf_counter() - started
        if index == 0:
            times["first"] = spent
        else:
            times["shared" if page.suffix == ".testhtml" else "own"].append(spent)
        if expected.get("refuse"):
            ok = recipe is None and "does not look like a recipe" in error
            right, total = right + ok, total + 1
            rows.append([page.name, "refused" if ok else "**imported**", "", ""])
            continue
        if recipe is None:
            total += len(FIELDS)
            rows.append([page.name, f"**refused**: {error[:80]}", "", ""])
            continue
        recipes[page] = recipe
        checks = field_checks(recipe, expected)
        right, total = right + sum(checks.values()), total + len(checks)
        wrong = [name for name, ok in checks.items() if not ok]
        rows.append(
            [
                page.name,
                recipe.source_format,
                f"{sum(checks.values())}/{len(checks)}",
                ", ".join(wrong),
            ]
        )
    times["right"], times["total"] = right, total
    return recipes, rows, times


def _stripped_pages(pages: list[Path]) -> tuple[int, int]:
    """The page-text reader alone on the saved pages with their JSON-LD and microdata cut
    out: real sites' layouts and chrome, no structured data (strict text comparison)."""
    from pipelines.core.errors import InputError
    from pipelines.recipes.build import build_recipe
    from pipelines.recipes.page_text import raw_from_page_text

    right = total = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<script[^>]*ld\+json[^>]*>.*?</script>", "", html, flags=re.S | re.I)
        html = re.sub(r"\sitem(?:prop|scope|type)(?:=\"[^\"]*\")?", "", html)
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        total += len(FIELDS)
        try:
            raw = raw_from_page_text(html, where=page.name)
            recipe = build_recipe(raw, source_file=page.name, source_format="page-text")
        except InputError:
            continue
        right += sum(field_checks(recipe, expected).values())
    return right, total


def _ask_all(
    recipes: dict[Path, Any], shared_recipes: Path, path: Path | None = None
) -> tuple[int, int, list[list[str]]]:
    from pipelines.core.storage import Database
    from pipelines.recipes.answers import RecipeQA
    from pipelines.recipes.asking import ask
    from pipelines.recipes.library import RecipeLibrary
    from pipelines.recipes.session import SessionStore
    from pipelines.skills.replies import Replies

    db = Database(":memory:")
    library = RecipeLibrary(db)
    ids = {page: library.add(recipe).id for page, recipe in recipes.items()}
    qa = RecipeQA(library, SessionStore(db))
    replies = Replies()
    wrong: list[list[str]] = []
    questions = load_questions(path) if path is not None else load_questions()
    for q in questions:
        page = resolve_page(q.page, shared_recipes, OWN_PAGES)
        if page not in ids:
            wrong.append([q.page, q.text, "(page not imported)", _wanted(q)])
            continue
        qa.open(ids[page])
        answer = ask(qa, q.text)
        said = (
            "(not read as a cooking question)"
            if answer is None
            else replies.render(f"recipes.{answer.key}", **answer.values)
        )
        if not is_right(q, said):
            wrong.append([q.page, q.text, said.replace("|", "/"), _wanted(q)])
    return len(questions) - len(wrong), len(questions), wrong


def _wanted(q: Any) -> str:
    text = "; ".join(" or ".join(group) for group in q.expect)
    return text + (f"; not {', '.join(q.forbid)}" if q.forbid else "")


def _cli_seconds(*args: str) -> float:
    """Wall time of one `homebody recipe import ...` process on a fresh home."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOMEBODY_HOME": home}
        code = "import sys; from app.cli.main import main; sys.exit(main(sys.argv[1:]))"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, "recipe", "import", *args],
            env=env, capture_output=True, check=False, timeout=300,
        )  # fmt: skip
        return time.perf_counter() - started


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}" if values else "-"


def main() -> int:
    from pipelines.core.paths import shared_dir

    shared = shared_dir()
    if shared is None or not (shared / "data" / "recipes").is_dir():
        print("../shared/data/recipes is not present; nothing to measure", file=sys.stderr)
        return 1
    shared_recipes = shared / "data" / "recipes"
    pages = sorted((shared_recipes / "html").glob("*/*.testhtml")) + sorted(
        OWN_PAGES.glob("*.html")
    )
    with tempfile.TemporaryDirectory() as empty:
        cli_empty = _cli_seconds(empty)
    cli_page = _cli_seconds(str(OWN_PAGES / "banana-bread.html"))
    recipes, rows, times = _import_pages(pages)
    right, total, wrong = _ask_all(recipes, shared_recipes)
    t_right, t_total, t_wrong = _ask_all(recipes, shared_recipes, TRYOUT_QUESTIONS)
    stripped = _stripped_pages([p for p in pages if p.suffix == ".testhtml"])
    after_first = times["shared"] + times["own"]
    body = "\n\n".join(
        [
            f"Machine loaded by parallel work (other engineers' tests). {len(pages)} pages: "
            f"{sum(1 for p in pages if p.suffix == '.testhtml')} saved pages from ../shared, "
            f"{sum(1 for p in pages if p.suffix == '.html')} written in real-site layouts "
            "(tests/data/recipes/pages, 3 of them not recipes).",
            table(
                ["import latency (one process, each page once)", "ms", "pages"],
                [
                    [
                        "first page (loads recipe-scrapers and the ingredient parser)",
                        f"{times['first'] * 1000:.0f}",
                        1,
                    ],
                    ["median after the first, all pages", _ms(after_first), len(after_first)],
                    [
                        "median, ../shared saved pages (300-900 kB each)",
                        _ms(times["shared"]),
                        len(times["shared"]),
                    ],
                    ["median, tests/data pages", _ms(times["own"]), len(times["own"])],
                    [
                        "`homebody recipe import EMPTY_FOLDER` (whole process)",
                        f"{cli_empty * 1000:.0f}",
                        0,
                    ],
                    [
                        "`homebody recipe import banana-bread.html` (whole process, cold)",
                        f"{cli_page * 1000:.0f}",
                        1,
                    ],
                ],
            ),
            f"Import fields right (title, yield, ingredients, steps per recipe; refusal per "
            f"non-recipe): **{times['right']}/{times['total']} = "
            f"{100 * times['right'] / max(1, times['total']):.1f}%**",
            table(["page", "read as", "fields right", "wrong"], rows),
            f"The page-text reader alone on the {stripped[1] // len(FIELDS)} saved "
            f"pages with their JSON-LD and microdata cut out (real sites' layouts without "
            f"structured data; visible text compared strictly with the schema's): "
            f"**{stripped[0]}/{stripped[1]}** fields. Its first run on them gave 4/56 (the "
            "page <body> was dropped as chrome for a 'sidebar' class); the reader was then "
            "tuned on these pages, so this is not an unseen-page figure.",
            f"Cooking questions (tests/data/recipes/questions.txt, written and committed "
            f"before tuning), answered by `recipe ask`'s path: **{right}/{total} = "
            f"{100 * right / max(1, total):.1f}%** right. Out of the box, before any tuning "
            f"on them (the first run, 2026-12-07): {UNTUNED}; the fixes are listed in "
            "docs/recipes.md.",
            table(["page", "question", "answer", "expected"], wrong) if wrong else "None wrong.",
            f"Tryout set (tests/data/recipes/questions_tryout.txt: diet and allergen safety, "
            f"total time, equipment, scaled amounts; written with their fixes, so a "
            f"regression set, not an unseen figure): **{t_right}/{t_total}** right.",
            table(["page", "question", "answer", "expected"], t_wrong)
            if t_wrong
            else "None wrong.",
        ]
    )
    from bench.recipes_routing import routing

    body += "\n\n" + routing()
    path = write_section("recipes", "Recipes: import, parsing and answers", COMMAND, body)
    print(body)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
