"""``homebody nlu``: understand utterances (no actions), and teach new phrasings.

echo "set a timer for five minutes" | homebody nlu       # JSON lines
homebody nlu teach light_on "let there be light"          # stored locally, used at once
homebody nlu examples                                     # what you taught
homebody nlu forget 3                                     # remove a taught phrasing
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from .common import open_app, print_json


def register(sub: Any) -> None:
    nlu = sub.add_parser(
        "nlu",
        help="understand utterances from stdin (one per line) as JSON lines; no actions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    nlu.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    nlu.set_defaults(func=run_nlu)
    actions = nlu.add_subparsers(dest="nlu_action", metavar="ACTION")
    teach = actions.add_parser(
        "teach", help="teach a phrasing for an intent (stays on this device)"
    )
    teach.add_argument("intent", help="intent name, e.g. light_on (see docs/INTENTS.md)")
    teach.add_argument("phrase", nargs="+", help="the words you would say")
    teach.add_argument("--json", action="store_true", help="print the result as JSON")
    teach.set_defaults(func=run_teach)
    examples = actions.add_parser("examples", help="list the phrasings you taught")
    examples.add_argument("--json", action="store_true", help="print them as JSON")
    examples.set_defaults(func=run_examples)
    forget = actions.add_parser("forget", help="remove a taught phrasing by its id")
    forget.add_argument("id", type=int, help="the id shown by `homebody nlu examples`")
    forget.add_argument("--json", action="store_true", help="print the result as JSON")
    forget.set_defaults(func=run_forget)


def run_nlu(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.language.loader loads only when run_nlu() runs)
    from pipelines.language.loader import load_recognizer

    app = open_app()
    try:
        recognizer = load_recognizer(app)
        recognizer.prepare()
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            intent = recognizer.recognize(text)
            data = intent.to_dict()
            print_json(
                {
                    "text": text,
                    "intent": data["intent"],
                    "confidence": data["confidence"],
                    "slots": data["slots"],
                    "raw_slots": dict(intent.raw_slots),
                    "alternatives": data["alternatives"],
                }
            )
    finally:
        app.close()
    return 0


def run_teach(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.language.loader etc. load only when run_teach() runs)
    from pipelines.language.loader import load_recognizer
    from pipelines.language.taught import TaughtExamples

    app = open_app()
    try:
        example = TaughtExamples(app).add(args.intent, " ".join(args.phrase))
        started = time.perf_counter()
        recognizer = load_recognizer(app)
        recognizer.prepare()
        now = recognizer.recognize(example.text)
        seconds = time.perf_counter() - started
        result = {
            "id": example.id,
            "intent": example.intent,
            "phrase": example.text,
            "recognized_as": now.name,
            "confidence": round(float(now.confidence), 4),
            "adapted_in_s": round(seconds, 3),
            "recognizer": recognizer.name,
        }
        if args.json:
            print_json(result)
        elif recognizer.name == "none":
            print(f"Saved #{example.id}, but no intent model is installed, so it is not used yet.")
        else:
            print(
                f'Learned #{example.id}: "{example.text}" -> {example.intent} '
                f"(now recognised as {now.name}, ready in {seconds:.2f} s; stored on this device)"
            )
    finally:
        app.close()
    return 0


def run_examples(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.language.taught loads only when run_examples() runs)
    from pipelines.language.taught import TaughtExamples

    app = open_app()
    try:
        rows = TaughtExamples(app).all()
        if args.json:
            print_json([{"id": r.id, "intent": r.intent, "phrase": r.text} for r in rows])
        elif not rows:
            print('Nothing taught yet. Try: homebody nlu teach light_on "let there be light"')
        else:
            for row in rows:
                print(f"{row.id:4d}  {row.intent:24s} {row.text}")
    finally:
        app.close()
    return 0


def run_forget(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.core.errors etc. load only when run_forget() runs)
    from pipelines.core.errors import InputError
    from pipelines.language.taught import TaughtExamples

    app = open_app()
    try:
        if not TaughtExamples(app).remove(args.id):
            raise InputError(f"no taught phrasing with id {args.id}; see `homebody nlu examples`")
        if args.json:
            print_json({"removed": args.id})
        else:
            print(f"Forgot taught phrasing #{args.id}.")
    finally:
        app.close()
    return 0
