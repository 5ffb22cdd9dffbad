"""``homebody recipe import|list|show|ask``: the recipe library and cooking questions."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import open_app, print_json


def register(sub: Any) -> None:
    recipe = sub.add_parser("recipe", help="import recipes, list them, ask about one")
    commands = recipe.add_subparsers(dest="recipe_command", metavar="ACTION", required=True)

    imp = commands.add_parser(
        "import",
        help="import recipe web pages (saved, or an https:// address to download), "
        ".jsonld/.json, .txt or .md files or folders",
    )
    imp.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    imp.add_argument(
        "--allow-redirects",
        action="store_true",
        help="if a page moves to another site, download from that site too (else you are asked)",
    )
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    imp.set_defaults(func=run_import)

    lst = commands.add_parser("list", help="list the recipes in your library")
    lst.add_argument("--search", metavar="WORDS", help="only recipes matching these words")
    lst.add_argument("--json", action="store_true", help="print the list as JSON")
    lst.set_defaults(func=run_list)

    show = commands.add_parser("show", help="show one recipe as Homebody parsed it")
    show.add_argument("recipe", metavar="ID_OR_TITLE")
    show.add_argument("--json", action="store_true", help="print the parsed recipe as JSON")
    show.set_defaults(func=run_show)

    delete = commands.add_parser("delete", help="delete one recipe from your library")
    delete.add_argument("recipe", metavar="ID_OR_TITLE")
    delete.add_argument("--json", action="store_true", help="print the result as JSON")
    delete.set_defaults(func=run_delete)

    ask = commands.add_parser("ask", help="ask about the open recipe, e.g. 'how many eggs?'")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--recipe", metavar="ID_OR_TITLE", help="the recipe to ask about")
    ask.add_argument("--json", action="store_true", help="print intent, slots, answer as JSON")
    ask.set_defaults(func=run_ask)


def _library(app: Any) -> Any:
    # lazy: start-up speed (pipelines.recipes.library loads only when _library() runs)
    from pipelines.recipes.library import RecipeLibrary

    return RecipeLibrary(app.db, app.ledger)


def run_import(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.recipes.fetch etc. load only when run_import() runs)
    from pipelines.recipes.fetch import is_url
    from pipelines.recipes.importers import read_files

    # lazy: start-up speed (pipelines.recipes.url_import loads only when run_import() runs)
    from pipelines.recipes.url_import import load_url

    app = open_app()
    try:
        library = _library(app)
        urls = [f for f in args.files if is_url(f)]
        files = [f for f in args.files if not is_url(f)]
        recipes, skipped = read_files(files) if files else ([], [])
        for url in urls:  # a download the user started: one page, its host only
            recipes += load_url(url, consent=_consent(args), ledger=app.ledger)
        results = library.add_all(recipes)
    finally:
        app.close()
    if args.json:
        print_json({"imported": [r.to_dict() for r in results], "skipped": skipped})
        return 0
    for note in skipped:
        print(note, file=sys.stderr)
    for r in results:
        if r.duplicate:
            print(f"already in your library as #{r.id}: {r.title} ({r.source_file})")
        else:
            note = f" - {r.note}" if r.note else ""
            print(f"imported #{r.id}: {r.title} ({r.source_file}){note}")
    return 0


def _consent(args: argparse.Namespace) -> Any:
    """Ask before following a page to another site (or allow it with --allow-redirects)."""

    def ask(host: str) -> bool:
        if args.allow_redirects:
            return True
        if not sys.stdin.isatty():
            print(
                f"The page moved to {host}; add --allow-redirects to download from there.",
                file=sys.stderr,
            )
            return False
        reply = input(f"The page moved to another site, {host}. Download it from there? [y/N] ")
        return reply.strip().lower() in ("y", "yes")

    return ask


def run_list(args: argparse.Namespace) -> int:
    app = open_app()
    try:
        library = _library(app)
        ids = library.search(args.search, limit=50) if args.search else None
        summaries = library.summaries(ids)
    finally:
        app.close()
    if args.json:
        print_json({"recipes": [s.to_dict() for s in summaries]})
        return 0
    if not summaries:
        print(
            "No recipes found."
            if args.search
            else "Your recipe library is empty. Add recipes with: homebody recipe import FILE"
        )
    for s in summaries:
        yields = f", makes {s.yields}" if s.yields else ""
        print(f"#{s.id}  {s.title}  ({s.ingredients} ingredients, {s.steps} steps{yields})")
    return 0


def run_show(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.recipes.lookup loads only when run_show() runs)
    from pipelines.recipes.lookup import amount_text

    app = open_app()
    try:
        library = _library(app)
        recipe_id = library.resolve(args.recipe)
        recipe = library.get(recipe_id)
    finally:
        app.close()
    if args.json:
        print_json({"id": recipe_id, **recipe.to_dict()})
        return 0
    print(f"#{recipe_id} {recipe.title}")
    if recipe.needs_check:
        print("(imported without structured data - check the ingredients and steps)")
    if recipe.yields:
        print(f"Makes {recipe.yields.describe()}")
    print("\nIngredients:")
    for item in recipe.ingredients:
        amount = " + ".join(amount_text(a) for a in item.amounts) or "-"
        extra = "; ".join(x for x in (item.preparation, item.comment) if x)
        print(f"  {amount:<22} {item.name}" + (f"  ({extra})" if extra else ""))
    print("\nSteps:")
    for step in recipe.steps:
        print(f"  {step.number}. {step.text}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    app = open_app()
    try:
        library = _library(app)
        recipe_id = library.resolve(args.recipe)
        title = library.get(recipe_id).title
        library.delete(recipe_id)
    finally:
        app.close()
    if args.json:
        print_json({"deleted": {"id": recipe_id, "title": title}})
    else:
        print(f"deleted #{recipe_id}: {title}")
    return 0


def run_ask(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.core.errors etc. load only when run_ask() runs)
    from pipelines.core.errors import ModelNotInstalledError
    from pipelines.language.loader import load_recognizer

    # lazy: start-up speed (pipelines.recipes.question loads only when run_ask() runs)
    from pipelines.recipes.question import answer_question, answer_text

    question = " ".join(args.question)
    app = open_app()
    try:
        # a cooking question is read from its words; anything else goes to the intent model
        result = answer_text(app, question, args.recipe)
        if result is not None:
            return _print_answer(args, question, result)
        recognizer = load_recognizer(app)
        recognizer.prepare()
        intent = recognizer.recognize(question)
        if intent.name == "out_of_scope" and recognizer.name == "none":
            raise ModelNotInstalledError(
                "No intent model is installed, so Homebody cannot understand questions yet. "
                "Install it with 'homebody models install' (see 'homebody models list'), "
                "then ask again."
            )
        result = answer_question(app, intent, args.recipe)
    finally:
        app.close()
    return _print_answer(args, question, result)


def _print_answer(args: argparse.Namespace, question: str, result: dict[str, Any]) -> int:
    if args.json:
        print_json({"question": question, **result})
    else:
        print(result["answer"])
    return 0 if result["success"] else 1
