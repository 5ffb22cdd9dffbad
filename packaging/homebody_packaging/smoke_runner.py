"""How the smoke test runs the frozen app and judges what it prints (smoke_test.py).

Each check is an :class:`Outcome`. Commands run in :func:`clean_env` (a user's desktop session,
nothing pointing at the source tree) with a timeout; the ``expect_*`` helpers turn the app's
stdout into a problem description, empty when all is well.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import bundle_data

TIMEOUT_S = 300
PASSED_THROUGH_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP")


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str = ""
    seconds: list[float] = field(default_factory=list)


def clean_env(scratch: Path) -> dict[str, str]:
    """Only what a user's desktop session would have; nothing that points at the source tree."""
    env = {k: os.environ[k] for k in PASSED_THROUGH_ENV if k in os.environ}
    env.update(
        HOME=str(scratch / "user"),
        USERPROFILE=str(scratch / "user"),
        HOMEBODY_HOME=str(scratch / "homebody-home"),
        QT_QPA_PLATFORM="offscreen",
        XDG_RUNTIME_DIR=str(scratch / "runtime"),
    )
    env.setdefault("LANG", "C.UTF-8")
    for folder in ("user", "runtime"):
        (scratch / folder).mkdir(mode=0o700, exist_ok=True)
    return env


def timed(
    cmd: list[str], env: dict[str, str], cwd: Path, runs: int
) -> tuple[subprocess.CompletedProcess[str], list[float]]:
    """Run ``cmd`` ``runs`` times; return the first run's result and every run's seconds."""
    seconds: list[float] = []
    first: subprocess.CompletedProcess[str] | None = None
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        result = subprocess.run(
            cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S
        )
        seconds.append(time.perf_counter() - start)
        first = first or result
        if result.returncode != 0:
            break
    assert first is not None
    return first, seconds


def check_command(
    name: str,
    cmd: list[str],
    env: dict[str, str],
    cwd: Path,
    runs: int,
    check: Callable[[str], str],
) -> Outcome:
    try:
        result, seconds = timed(cmd, env, cwd, runs)
    except subprocess.TimeoutExpired:
        return Outcome(name, False, f"timed out after {TIMEOUT_S} s")
    except OSError as exc:
        return Outcome(name, False, f"could not start: {exc}")
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip()[-1500:]
        return Outcome(name, False, f"exit code {result.returncode}: {tail}", seconds)
    problem = check(result.stdout)
    return Outcome(name, not problem, problem or result.stdout.strip()[:200], seconds)


def check_refusal(name: str, cmd: list[str], env: dict[str, str], cwd: Path, says: str) -> Outcome:
    """``cmd`` must fail (non-zero exit, no crash) with a message containing ``says``."""
    try:
        result, seconds = timed(cmd, env, cwd, 1)
    except (subprocess.TimeoutExpired, OSError) as exc:
        return Outcome(name, False, f"did not run: {exc}")
    output = (result.stdout + result.stderr).strip()
    if result.returncode == 0:
        return Outcome(name, False, f"exit code 0: {output[-300:]}", seconds)
    if result.returncode < 0 or says not in output:
        return Outcome(name, False, f"exit code {result.returncode}: {output[-600:]}", seconds)
    return Outcome(name, True, output.splitlines()[-1][:200], seconds)


def expect_version(version: str) -> Callable[[str], str]:
    def check(out: str) -> str:
        wanted = f"{bundle_data.APP_NAME} {version}"
        return "" if out.strip() == wanted else f"printed {out.strip()!r}, expected {wanted!r}"

    return check


def last_json(out: str) -> dict[str, Any] | None:
    """The object on the last line of ``out`` (the app's ``--json`` output), or None."""
    try:
        data = json.loads(out.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return None
    return data if isinstance(data, dict) else None


def expect_time_answer(out: str) -> str:
    turn = last_json(out)
    if turn is None:
        return f"not JSON: {out[:300]!r}"
    if turn.get("intent") != "time_query":
        return (
            f"understood {turn.get('intent')!r}, expected 'time_query' "
            "(is the intent model bundled?)"
        )
    if not str(turn.get("response", "")).strip():
        return "empty answer"
    return ""


def expect_zone(zone: str) -> Callable[[str], str]:
    """A time answer for a place: the reply's card names ``zone``."""

    def check(out: str) -> str:
        problem = expect_time_answer(out)
        if problem:
            return problem
        card = json.loads(out.strip().splitlines()[-1]).get("response_detail", {}).get("card")
        found = (card or {}).get("zone")
        return "" if found == zone else f"zone {found!r}, expected {zone!r}: {out[-300:]!r}"

    return check


def check_output_line(
    name: str, cmd: list[str], env: dict[str, str], cwd: Path, pattern: str
) -> Outcome:
    """``cmd`` runs to the end (any exit status but a crash) and prints a line matching the
    regular expression ``pattern`` (``re.match`` on the line without its leading spaces)."""
    try:
        result, seconds = timed(cmd, env, cwd, 1)
    except (subprocess.TimeoutExpired, OSError) as exc:
        return Outcome(name, False, f"did not run: {exc}")
    lines = [line.strip() for line in (result.stdout + result.stderr).splitlines()]
    found = next((line for line in lines if re.match(pattern, line)), None)
    if result.returncode < 0 or found is None:
        tail = "\n".join(lines[-12:])
        return Outcome(
            name, False, f"exit code {result.returncode}, no {pattern!r}: {tail}", seconds
        )
    return Outcome(name, True, found[:200], seconds)


def expect_json_key(key: str) -> Callable[[str], str]:
    def check(out: str) -> str:
        try:
            data = json.loads(out.strip().splitlines()[-1])
        except (json.JSONDecodeError, IndexError):
            return f"not JSON: {out[:300]!r}"
        return "" if isinstance(data, dict) and key in data else f"no {key!r} in {out[:300]!r}"

    return check


def expect_json_value(key: str, value: object) -> Callable[[str], str]:
    def check(out: str) -> str:
        problem = expect_json_key(key)(out)
        if problem:
            return problem
        found = json.loads(out.strip().splitlines()[-1])[key]
        return "" if found == value else f"{key} is {found!r}, expected {value!r}"

    return check


def accept_anything(out: str) -> str:
    return ""


def non_empty(out: str) -> str:
    return "" if out.strip() else "printed nothing"
