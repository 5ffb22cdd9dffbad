"""What the optional bundle-slimming steps share: a "does not apply here" signal and the
command-line wrapper each step module offers (``python packaging/<step>.py BUNDLE``)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


class Skipped(Exception):
    """The step does not apply here; the message says why."""


def step_main(
    argv: list[str] | None, description: str, label: str, step: Callable[[Path, str], int]
) -> int:
    """Run ``step(bundle, python)`` and print the bytes it saved (or why it was skipped)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--python", default=sys.executable, help="the build's Python")
    args = parser.parse_args(argv)
    try:
        saved = step(args.bundle, args.python)
    except Skipped as exc:
        print(f"{label}: skipped: {exc}")
        return 0
    print(f"{label}: saved {saved / 1e6:.1f} MB")
    return 0


def run_probe(command: list[str], what: str, **kwargs: object) -> dict[str, object]:
    """Run a build-time probe script; its last stdout line is a JSON object (the results)."""
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr[-800:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
