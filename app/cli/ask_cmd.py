"""``homebody ask`` and ``homebody nlu``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import open_app, print_json


def register(sub: Any) -> None:
    ask = sub.add_parser("ask", help="ask Homebody something in words; it understands and acts")
    ask.add_argument("text", nargs="+", help="what to ask, e.g. 'set a timer for 5 minutes'")
    ask.add_argument("--json", action="store_true", help="print intent, slots and answer as JSON")
    ask.set_defaults(func=run_ask)

    nlu = sub.add_parser(
        "nlu", help="understand utterances from stdin (one per line) as JSON lines; no actions"
    )
    nlu.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    nlu.set_defaults(func=run_nlu)


def run_ask(args: argparse.Namespace) -> int:
    from pipelines.assistant import Assistant

    app = open_app()
    try:
        turn = Assistant(app).ask(" ".join(args.text))
        if args.json:
            print_json(turn.to_dict())
        else:
            print(turn.response.text)
    finally:
        app.close()
    return 0


def run_nlu(args: argparse.Namespace) -> int:
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
                    "alternatives": data["alternatives"],
                }
            )
    finally:
        app.close()
    return 0
