"""``homebody``: the command-line entry point. Without a subcommand it opens the desktop app.

Each subcommand lives in its own module under :mod:`app.cli` with a ``register(subparsers)``
function; modules are imported only when building the parser, and each module imports its
heavy dependencies inside its command function, so ``homebody --version`` stays fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from pipelines import __version__

COMMANDS: dict[str, str] = {
    "ask": "app.cli.ask_cmd",
    "nlu": "app.cli.nlu_cmd",
    "models": "app.cli.models_cmd",
    "privacy": "app.cli.privacy_cmd",
    "doctor": "app.cli.doctor_cmd",
    "bench": "app.cli.bench_cmd",
    "recipe": "app.cli.recipe_cmd",
    "detect": "app.cli.vision_cmd",
    "vision": "app.cli.vision_cmd",
    "where": "app.cli.vision_cmd",
    "listen": "app.cli.voice_cmd",
    "transcribe": "app.cli.voice_cmd",
    "voice": "app.cli.voice_profile_cmd",
    "serve": "app.cli.serve_cmd",
    "setup": "app.cli.setup_cmd",
    "talk": "app.cli.talk_cmd",
}
"""Each subcommand and the module that registers it (tests/cli checks the two agree)."""

COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or only of ``command``'s module when it names one:
    importing all 13 modules and building their parsers costs ~25 ms that `homebody ask`
    need not pay (start-up speed); help and unknown commands get the full parser."""
    parser = argparse.ArgumentParser(
        prog="homebody",
        description="Homebody, the home assistant that stays home. "
        "Run without a command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"homebody {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="load every bundled model offline, open the window offscreen for a second, exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # lazy: start-up speed (pipelines.core.private_fs, .common etc. load only when main() runs)
    from pipelines.core.private_fs import private_process

    private_process()  # first thing: everything created from here on is owner-only
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list in (["--version"], ["-V"]):  # fast path: no parser, no imports
        print(f"homebody {__version__}")
        return 0
    if args_list == ["--vision-decoder"]:  # a camera stream's decoder child (frozen builds)
        from pipelines.vision.decoder import main as decoder

        return decoder()
    parser = build_parser(args_list[0] if args_list else None)
    args = parser.parse_args(args_list)
    # lazy: start-up speed (.common loads only when main() runs)
    from .common import run_command

    if args.self_test:
        # lazy: start-up speed (.selftest loads only when main() runs)
        from .selftest import self_test

        return run_command(self_test, args)
    if args.command is None:
        # lazy: start-up speed (.common loads only when main() runs)
        from .common import open_gui

        return run_command(open_gui, args)
    code = run_command(args.func, args)
    if argv is None:  # the program itself, about to exit
        # its objects go back with the process: spare Python's final garbage collection
        # over everything loaded (~20 ms of a `homebody ask` with the intent model)
        gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(main())
