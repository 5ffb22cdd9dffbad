"""``homebody doctor``: what works here and what to install."""

from __future__ import annotations

import argparse
from typing import Any

from .common import open_app, print_json


def register(sub: Any) -> None:
    doctor = sub.add_parser("doctor", help="check microphone, cameras, models and system libraries")
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.doctor loads only when run_doctor() runs)
    from pipelines.doctor import run_checks

    app = open_app()
    try:
        checks = run_checks(app)
    finally:
        app.close()
    if args.json:
        print_json([c.to_dict() for c in checks])
        return 0
    area = ""
    for c in checks:
        if c.area != area:
            area = c.area
            print(f"\n{area.capitalize()}:")
        mark = "ok " if c.ok else "-- "
        line = f"  {mark} {c.name:<18} {c.detail}"
        print(line + (f"\n        fix: {c.fix}" if c.fix else ""))
    return 0
