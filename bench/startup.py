"""Start-up time of the CLI and the installed size of Homebody's runtime dependencies.

    python -m bench.startup [--runs 10]

Measures, in fresh processes (each with a new empty HOMEBODY_HOME after a warm-up):
``homebody --version`` and ``homebody ask "what time is it"`` (median and p90 of N runs), and
sums the installed files of Homebody and its runtime dependency closure (no extras).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import table, write_section


def _time(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the file cache
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _requirements(dist: str) -> list[str]:
    names = []
    for req in md.requires(dist) or []:
        if "extra ==" in req:
            continue
        names.append(re.split(r"[\s<>=!~;\[(]", req, maxsplit=1)[0])
    return names


def runtime_closure(root: str = "homebody") -> dict[str, int]:
    seen: dict[str, int] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        size = 0
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                size += path.stat().st_size
        seen[key] = size
        todo.extend(_requirements(name))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    exe = [sys.executable, "-m", "app.cli.main"]
    rows = []
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOMEBODY_HOME=home)
        for label, cmd in (
            ("homebody --version", [*exe, "--version"]),
            ('homebody ask "what time is it"', [*exe, "ask", "what time is it"]),
        ):
            times = _time(cmd, args.runs, env)
            rows.append(
                [
                    label,
                    f"{statistics.median(times):.0f} ms",
                    f"{sorted(times)[int(0.9 * (len(times) - 1))]:.0f} ms",
                    len(times),
                ]
            )
    sizes = runtime_closure()
    total = sum(sizes.values())
    top = sorted(sizes.items(), key=lambda kv: -kv[1])[:8]
    load = os.getloadavg()[0]
    body = (
        table(["command", "median", "p90", "runs"], rows)
        + f"\n\nThe machine was shared with parallel work (1-minute load average {load:.1f} on "
        f"{os.cpu_count()} cores at the end): the times are upper bounds."
        + f"\n\nInstalled size of Homebody and its runtime dependencies (no extras): "
        f"**{total / 1e6:.0f} MB** over {len(sizes)} distributions. Largest:\n\n"
        + table(["distribution", "MB"], [[n, f"{s / 1e6:.1f}"] for n, s in top])
    )
    write_section(
        "startup",
        "Start-up time and installed size",
        f"python -m bench.startup --runs {args.runs}",
        body,
    )
    print(body)


if __name__ == "__main__":
    main()
