"""``homebody ask`` per process, before and after, side by side in one run. Writes the
``nlu-ask`` section of docs/BENCHMARKS.md.

    python -m bench.nlu_ask [--before REV] [--runs 7] [--fresh 3] [--realtime]

``--before`` (default ``main``) is exported with ``git archive`` into a temporary folder and
run with the same interpreter and virtualenv as this checkout; each side gets its own
``HOMEBODY_HOME``, warmed by one run of every request first (pint's definitions and its
factors between spoken units, the place table and the optimised ONNX copy are cached there
after a home's first request, as for a user). Bytecode
is cached the way an installed package has it (``PYTHONPYCACHEPREFIX`` in a temporary
folder; this machine's ``PYTHONDONTWRITEBYTECODE=1`` would otherwise recompile every module
in every process). Runs alternate before/after, so machine load hits both alike. Reported:
median wall time and median CPU time (user + system) of the process. ``--fresh N`` also
times each request as the first one in N brand-new homes per side (what a new user's first
request costs: the cached copies are built then).

``--realtime`` runs each process under ``chrt -f 50`` (Linux, root): real-time priority puts
it ahead of the parallel work that shares the machine, so its wall time stands in for a
quiet machine's (a process of ~0.3 s, well inside the kernel's real-time budget).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REQUESTS = (
    "what time is it",
    "set a timer for 5 minutes",
    "what time is it in Tokyo",
    "convert 5 miles to km",
    "add milk to my shopping list",
    "what temperature for banana bread",
)
ROOT = Path(__file__).resolve().parent.parent


def export(rev: str, folder: Path) -> Path:
    archive = folder / "src.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev], stdout=handle, check=True)
    target = folder / "src"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def env_for(source: Path, home: Path, pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(source), HOMEBODY_HOME=str(home), PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("HOMEBODY_BUNDLED_MODELS", None)
    return env


def one(env: dict[str, str], text: str, prefix: tuple[str, ...] = ()) -> tuple[float, float]:
    """(wall ms, CPU ms) of one ``homebody ask`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [*prefix, sys.executable, "-m", "app.cli.main", "ask", text],
        env=env, capture_output=True, check=True, timeout=120, cwd=env["PYTHONPATH"],
    )  # fmt: skip
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="main")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--realtime", action="store_true", help="run under chrt -f 50")
    parser.add_argument(
        "--fresh", type=int, default=3, help="first requests in a new home, per request and side"
    )
    args = parser.parse_args(argv)
    prefix = ("chrt", "-f", "50") if args.realtime else ()
    with tempfile.TemporaryDirectory(prefix="homebody-ask-") as tmp:
        base = Path(tmp)
        sides = {
            "before": env_for(export(args.before, base), base / "home-b", base / "pyc-b"),
            "after": env_for(ROOT, base / "home-a", base / "pyc-a"),
        }
        for env in sides.values():
            for text in REQUESTS:  # warm: bytecode, pint cache, ORT copy, databases
                one(env, text)
        samples: dict[str, dict[str, list[tuple[float, float]]]] = {
            side: {text: [] for text in REQUESTS} for side in sides
        }
        for _ in range(args.runs):
            for text in REQUESTS:
                for side, env in sides.items():
                    samples[side][text].append(one(env, text, prefix))
        fresh = first_requests(sides, base, args.fresh, prefix)
    result = summarise(samples)
    result_fresh = summarise(fresh) if args.fresh else {}
    for text, row in result_fresh.items():
        print(f"new home: {text:22} " + "  ".join(f"{k} {v:7.0f}" for k, v in row.items()))
    for text, row in result.items():
        print(f"{text:32} " + "  ".join(f"{k} {v:7.0f}" for k, v in row.items()))
    if not args.no_write:
        write(result, result_fresh, args)
    return 0


def first_requests(
    sides: dict[str, dict[str, str]], base: Path, runs: int, prefix: tuple[str, ...]
) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """Each request as the first one in a brand-new home (bytecode cached): the optimised
    ONNX copy, pint's factors, the place table and the derived files are built then."""
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        side: {text: [] for text in REQUESTS} for side in sides
    }
    for run in range(runs):
        for number, text in enumerate(REQUESTS):
            for side, env in sides.items():
                home = base / f"new-{side}-{run}-{number}"
                samples[side][text].append(one({**env, "HOMEBODY_HOME": str(home)}, text, prefix))
    return samples


def summarise(samples: dict[str, dict[str, list[tuple[float, float]]]]) -> dict[str, Any]:
    out: dict[str, dict[str, float]] = {}
    for text in REQUESTS:
        out[text] = {
            f"{side}_{kind}": statistics.median(s[i] for s in samples[side][text])
            for side in ("before", "after")
            for i, kind in enumerate(("wall", "cpu"))
        }
    return out


def _rows(result: dict[str, Any]) -> list[list[str]]:
    return [
        [f"`{text}`", f"{r['before_wall']:.0f} ms", f"{r['after_wall']:.0f} ms",
         f"{r['before_cpu']:.0f} ms", f"{r['after_cpu']:.0f} ms",
         f"{r['after_cpu'] / r['before_cpu']:.2f}"]
        for text, r in result.items()
    ]  # fmt: skip


def write(result: dict[str, Any], fresh: dict[str, Any], args: argparse.Namespace) -> None:
    from bench.report import table, write_section

    header = ["request", "wall before", "wall after", "CPU before", "CPU after", "CPU after/before"]
    load = os.getloadavg()[0]
    if args.realtime:
        how = (
            "Each process ran under `chrt -f 50` (real-time priority, ahead of the parallel "
            "work on the machine), so its wall time stands in for a quiet machine's"
        )
    elif load < 1.5:
        how = "The machine was otherwise quiet (the load is this benchmark's own processes)"
    else:
        how = "Wall times are inflated by that load; CPU time is what the process itself costs"
    body = (
        f"Median of {args.runs} fresh processes per request and side, alternating "
        f"(`{args.before}` = before, this checkout = after), target <= 300 ms per process. "
        f"Load average at the end: {load:.1f} on 2 cores. {how}.\n\n" + table(header, _rows(result))
    )
    if fresh:
        body += (
            f"\n\nThe first request in a brand-new home (median of {args.fresh} new homes per "
            "request and side; bytecode cached): it also builds the optimised ONNX copy, pint's "
            "factors, the place table and the cached tokenizer and replies.\n\n"
            + table(header, _rows(fresh))
        )
    write_section(
        "nlu-ask",
        "`homebody ask` per process",
        f"python -m bench.nlu_ask --before {args.before} --runs {args.runs} --fresh {args.fresh}"
        + (" --realtime" if args.realtime else ""),
        body,
    )


if __name__ == "__main__":
    raise SystemExit(main())
