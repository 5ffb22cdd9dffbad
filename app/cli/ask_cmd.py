"""``homebody ask`` (``homebody nlu`` lives in :mod:`app.cli.nlu_cmd`)."""

from __future__ import annotations

import argparse
import gc
import os
from typing import Any

from .common import open_app, print_json


def register(sub: Any) -> None:
    ask = sub.add_parser("ask", help="ask Homebody something in words; it understands and acts")
    ask.add_argument("text", nargs="+", help="what to ask, e.g. 'set a timer for 5 minutes'")
    ask.add_argument("--json", action="store_true", help="print intent, slots and answer as JSON")
    ask.set_defaults(func=run_ask)


def run_ask(args: argparse.Namespace) -> int:
    # One request does no BLAS work worth a thread pool: without this, numpy's OpenBLAS starts
    # a worker per core that spins idle for the rest of the process (CPU time for nothing).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # One short request leaves no cyclic garbage worth collecting while ~300 modules load
    # (Python's collector would walk them all a few times: ~10 ms).
    gc.disable()
    try:
        return _ask(args)
    finally:
        gc.enable()


def _ask(args: argparse.Namespace) -> int:
    # lazy: start-up speed (the recogniser loads only when a request is asked)
    from pipelines.language.loader import load_recognizer

    app = open_app()
    try:
        text = " ".join(args.text)
        recognizer = load_recognizer(app, on_demand=True)
        preload = getattr(recognizer, "preload", None)
        if preload is not None:
            # a request for the model: its session builds while the assistant is put
            # together below (the same model and answers, ~35 ms less to wait)
            preload(text.strip())
        # lazy: start-up speed (pipelines.assistant loads only when a request is asked, and
        # after the preload above: importing it overlaps the session's building)
        from pipelines.assistant import Assistant

        turn = Assistant(app, recognizer=recognizer, one_shot=True).ask(text)
        if args.json:
            print_json(turn.to_dict())
        else:
            print(turn.response.text)
    finally:
        app.close()
    return 0
