"""``homebody``: the command-line entry point. Without a subcommand it opens the desktop app.

Each subcommand lives in its own module under :mod:`app.cli` with a ``register(subparsers)``
function; modules are imported only when building the parser, and each module imports its
heavy dependencies inside its command function, so ``homebody --version`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pipelines import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.ask_cmd",
    "app.cli.nlu_cmd",
    "app.cli.models_cmd",
    "app.cli.privacy_cmd",
    "app.cli.doctor_cmd",
    "app.cli.bench_cmd",
    "app.cli.recipe_cmd",
    "app.cli.vision_cmd",
    "app.cli.voice_cmd",
    "app.cli.voice_profile_cmd",
    "app.cli.serve_cmd",
    "app.cli.setup_cmd",
    "app.cli.talk_cmd",
)


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
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
    parser = build_parser()
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
    return run_command(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
