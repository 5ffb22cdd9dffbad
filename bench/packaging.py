"""Frozen build: size, where the bytes go, build time and start-up times.

    ./scripts/build-linux && python -m bench.packaging [--bundle dist/homebody] [--runs 5]

Times ``homebody --version``, ``homebody ask "what time is it" --json`` and ``homebody
--self-test`` of the frozen build (first run, then the median of the rest) next to the same
commands from source, reads the build's own timing (dist/homebody-build.json, written by
packaging/build_bundle.py) and sizes the packages in dist/. Writes the "packaging" section of
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.report import ROOT, table, write_section

# The build tools are the package packaging/homebody_packaging (not importable as `packaging`,
# which is PyPI's library): put its folder on the path, as scripts/build-linux does.
sys.path.insert(0, str(ROOT / "packaging"))
from homebody_packaging import size_report, smoke_runner, smoke_test

COMMANDS = (
    ("--version", ["--version"]),
    ('ask "what time is it" --json', ["ask", "what time is it", "--json"]),
    ("--self-test", ["--self-test"]),
)
MB = size_report.MB


def _times(prefix: list[str], args: list[str], runs: int) -> tuple[float, float, bool]:
    with tempfile.TemporaryDirectory(prefix="homebody-bench-") as tmp:
        env = smoke_runner.clean_env(Path(tmp))
        if prefix[0] == sys.executable:  # from source: the checkout must be importable
            env["PYTHONPATH"] = str(ROOT)
        result, seconds = smoke_runner.timed([*prefix, *args], env, Path(tmp), runs)
    rest = seconds[1:] or seconds
    return seconds[0], statistics.median(rest), result.returncode == 0


def run(bundle: Path, runs: int) -> str:
    exe = smoke_test.executable(bundle)
    if not exe.is_file():
        raise SystemExit(f"{exe} is missing: build it first with ./scripts/build-linux")
    rows = []
    for label, args in COMMANDS:
        frozen = _times([str(exe)], args, runs)
        source = _times([sys.executable, "-m", "app.cli.main"], args, runs)
        rows.append(
            [
                f"`homebody {label}`",
                f"{frozen[0]:.2f}",
                f"{frozen[1]:.2f}" + ("" if frozen[2] else " (failed)"),
                f"{source[1]:.2f}" + ("" if source[2] else " (failed)"),
            ]
        )
    body = [
        f"Start-up, seconds ({runs} runs each; first run, then the median of the others; from "
        "source = `python -m app.cli.main` in the development environment):",
        "",
        table(["command", "frozen, first", "frozen, median", "from source, median"], rows),
        "",
        f"The machine was shared with parallel work (1-minute load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end): the times are upper "
        "bounds; frozen and from source were measured in the same run.",
        "",
    ]
    info_file = bundle.parent / "homebody-build.json"
    if info_file.is_file():
        info = json.loads(info_file.read_text(encoding="utf-8"))
        env_note = "kept" if info.get("reused_environment") else "fresh"
        body += [
            f"Build: {info['total_s']:.0f} s ({info['environment_s']:.0f} s for the {env_note} "
            f"build environment with a warm pip cache, {info['pyinstaller_s']:.0f} s "
            "PyInstaller and the spec's drops; built with Python "
            f"{info.get('python', '?')}).",
            "",
        ]
    total = size_report.tree_size(bundle)
    packages = sorted(bundle.parent.glob("*.tar.gz")) + sorted(bundle.parent.glob("*.deb"))
    sizes = [[f"`{bundle.name}/` unpacked", f"{total / MB:.1f}"]]
    sizes += [[f"`{p.name}`", f"{p.stat().st_size / MB:.1f}"] for p in packages]
    budget = size_report.DEFAULT_BUDGET_MB
    verdict = "within" if total <= budget * MB else "**over**"
    body += [
        f"Size, MB ({verdict} the {budget:.0f} MB budget):",
        "",
        table(["what", "MB"], sizes),
        "",
        "Where the bytes go, by component:",
        "",
        table(
            ["component", "MB", "share"],
            [
                [label, f"{size / MB:.1f}", f"{100 * size / total:.1f}%"]
                for label, size in size_report.components(bundle)
            ],
        ),
        "",
        "Largest top-level entries of `_internal/`:",
        "",
        table(
            ["entry", "MB", "share"],
            [
                [f"`{name}`", f"{size / MB:.1f}", f"{100 * size / total:.1f}%"]
                for name, size in size_report.breakdown(bundle)[:15]
            ],
        ),
    ]
    return "\n".join(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "homebody")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    body = run(args.bundle.resolve(), args.runs)
    print(body)
    write_section(
        "packaging",
        "Frozen build (PyInstaller, Linux)",
        f"./scripts/build-linux && python -m bench.packaging --runs {args.runs}",
        body,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
