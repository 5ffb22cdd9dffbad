"""``homebody talk``: push-to-talk from anywhere.

Bind it to a key in your desktop's keyboard settings and the open Homebody window starts
listening without the wake word (Qt has no portable global shortcut; the desktop does).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import EXIT_ERROR


def register(sub: Any) -> None:
    talk = sub.add_parser(
        "talk", help="make the open Homebody window listen now (bind to a global shortcut)"
    )
    talk.set_defaults(func=run_talk)


def run_talk(_args: argparse.Namespace) -> int:
    # lazy: start-up speed (app.talk_address, pipelines.core.paths load only when run_talk() runs)
    from app.talk_address import send_talk
    from pipelines.core.paths import AppPaths

    try:
        answer = send_talk(AppPaths.from_environment())
    except OSError:
        print("homebody: Homebody isn't open; start it first (homebody).", file=sys.stderr)
        return EXIT_ERROR
    print(f"Homebody: {answer}")
    return 0 if answer in ("listening", "stopped listening") else EXIT_ERROR
