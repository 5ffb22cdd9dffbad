"""Helpers shared by the subcommands: building the app context, JSON output, errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from app.gui.fmt import human_size  # Qt-free: one size unit (KiB, MiB) in the CLI and the GUI
from pipelines.core.errors import HomebodyError

__all__ = ["EXIT_ERROR", "EXIT_OK", "human_size", "open_app", "print_json", "run_command"]

EXIT_OK = 0
EXIT_ERROR = 2


def open_app(guard: bool = True) -> Any:
    """The app context every command uses (installs the egress guard first)."""
    # lazy: start-up speed (pipelines.app_context loads only when open_app() runs)
    from pipelines.app_context import AppContext

    return AppContext.create(guard=guard)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return int(func(args) or 0)
    except HomebodyError as exc:
        if getattr(args, "json", False):
            print_json({"error": exc.to_dict()})
        else:
            print(f"homebody: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def open_gui(args: argparse.Namespace) -> int:
    # lazy: start-up speed (app.gui.launch loads only when open_gui() runs)
    from app.gui.launch import launch

    return launch()


def fraction(text: str) -> float:
    """An argparse type for a score or probability: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, not {text!r}") from None
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {text}")
    return value


def setting_flag(dotted: str) -> Callable[[str], Any]:
    """An argparse type for a flag that stands for setting ``dotted``: the value is checked by
    the settings schema (type, range, choices), so ``--min-confidence -1`` is refused with the
    same rule and wording as ``min_confidence = -1`` in settings.toml."""

    def parse(text: str) -> Any:
        # lazy for start-up speed: the schema loads pydantic (~0.2 s), which `--help` and
        # commands without such a flag need not pay for
        from pipelines.core.errors import SettingsError
        from pipelines.core.settings import parse_setting

        try:
            return parse_setting(dotted, text)
        except SettingsError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None

    parse.__name__ = dotted  # argparse names the type in some messages
    return parse


def positive_int(text: str) -> int:
    """An argparse type for a count that must be at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value
