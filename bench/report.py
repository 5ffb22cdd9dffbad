"""Write one benchmark's dated section into docs/BENCHMARKS.md, leaving the others alone.

Sections are delimited by ``<!-- bench:NAME -->`` ... ``<!-- /bench:NAME -->`` markers, so
each benchmark rewrites only its own section. Every section states the exact command, the
date and the machine, followed by the measured table.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
HEADER = (
    "# Benchmarks\n\n"
    "Measured on the project's shared CI-class machines (2 cores, no GPU). These machines are "
    "noisy: numbers are medians (and ratios measured in one run). Each section names the exact "
    "command that produced it; re-run it to update the section.\n"
)


def machine() -> str:
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
    except ImportError:
        mem = ""
    cpu = platform.processor() or platform.machine()
    system = f"{platform.system()} {platform.machine()} ({cpu})"
    return f"{system}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def invocation(command: str) -> str:
    """The command as actually run: ``python -m bench.X`` plus the options it was given."""
    script = Path(sys.argv[0])
    base = f"python -m bench.{script.stem}"
    if script.parent.name == "bench" and command == base and len(sys.argv) > 1:
        return base + " " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    return command


def write_section(name: str, title: str, command: str, body: str) -> Path:
    """Replace (or append) the section ``name`` with a dated block and ``body`` markdown."""
    command = invocation(command)
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    block = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"- Date: {stamp}\n- Command: `{command}`\n- Machine: {machine()}\n\n"
        f"{body.strip()}\n<!-- /bench:{name} -->\n"
    )
    BENCHMARKS.parent.mkdir(parents=True, exist_ok=True)
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else HEADER
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n?", re.S
    )
    text = (
        pattern.sub(lambda _m: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block
    )
    fd, tmp = tempfile.mkstemp(dir=BENCHMARKS.parent, suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)  # mkstemp makes files private; this one is documentation
    os.replace(tmp, BENCHMARKS)
    return BENCHMARKS


def table(headers: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)
