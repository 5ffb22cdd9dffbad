"""``homebody bench [NAME...]``: run the benchmarks under bench/ and update docs/BENCHMARKS.md."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from pipelines.core.paths import project_root

from .common import EXIT_ERROR


def available() -> list[str]:
    folder = project_root() / "bench"
    return sorted(
        p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "report", "common")
    )


def register(sub: Any) -> None:
    bench = sub.add_parser(
        "bench", help="measure speed and accuracy; writes dated tables to docs/BENCHMARKS.md"
    )
    bench.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    bench.add_argument("--list", action="store_true", help="list the benchmarks")
    bench.set_defaults(func=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    names = available()
    if args.list:
        print("\n".join(names))
        return 0
    if not (project_root() / "bench").is_dir():
        print("homebody: benchmarks need a source checkout (bench/ is not here)", file=sys.stderr)
        return EXIT_ERROR
    unknown = [n for n in args.names if n not in names]
    if unknown:
        print(
            f"homebody: unknown benchmark(s) {', '.join(unknown)}; have {', '.join(names)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    failed = []
    for name in args.names or names:
        print(f"== bench.{name}", flush=True)
        done = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=project_root())
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"homebody: failed: {', '.join(failed)}", file=sys.stderr)
    return EXIT_ERROR if failed else 0
