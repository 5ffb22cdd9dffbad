"""Acceptance (issue 26): another account on the same computer cannot read what Homebody keeps.

A real second user (``useradd``) tries to read the database, its WAL, the ledger, the settings,
the camera crops, the voice profile and the recipe library of an install that answered a few
``homebody ask`` calls, watched an image-folder camera, imported a recipe page and enrolled a
voice. A control file beside the home proves the user can get that far; loosening the modes
(an old version, a restored backup) proves the same user *could* read them until the next
start tightens them again.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import make_runner

pytestmark = pytest.mark.slow


@pytest.fixture
def other_user() -> Iterator[str]:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("creating a second local user needs root (the CI runs tests as root)")
    if shutil.which("useradd") is None or shutil.which("userdel") is None:
        pytest.skip("useradd/userdel are not installed (apt install passwd)")
    name = f"hbother{os.getpid() % 100000}"
    subprocess.run(["userdel", name], capture_output=True)  # a leftover of a killed run
    made = subprocess.run(
        ["useradd", "--no-create-home", "--shell", "/bin/sh", name],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"useradd could not create a test user: {made.stderr.strip()}")
    try:
        yield name
    finally:
        subprocess.run(["userdel", name], capture_output=True)


@pytest.fixture
def reachable_dir() -> Iterator[Path]:
    """A folder every account may enter (pytest's own tmp folders are root-only, which
    would make every read fail for the wrong reason)."""
    folder = Path(tempfile.mkdtemp(prefix="homebody-accounts-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def read_as(user: str, path: Path) -> subprocess.CompletedProcess[str]:
    """``cat`` a file or ``ls`` a folder as ``user`` (no supplementary groups)."""
    command = ["ls", "-a", str(path)] if path.is_dir() else ["cat", str(path)]
    return subprocess.run(
        command,
        user=user,
        group=user,
        extra_groups=[],
        capture_output=True,
        text=True,
        errors="replace",
    )


def enrol_voice(run: Callable[..., str], wav_dir: Path) -> None:
    from pipelines.core.errors import ModelNotInstalledError
    from pipelines.speech.adaptation.sphinxtrain_tools import SphinxTrainTools

    try:
        SphinxTrainTools.find()
    except ModelNotInstalledError as exc:
        pytest.skip(exc.message)
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    from pipelines.audio.pcm import write_wav
    from pipelines.speech.adaptation.voice_profile import enrolment_prompts
    from pipelines.speech.tts.speaker import espeak_pcm

    gap = b"\0\0" * 16000
    pcm = gap + b"".join(espeak_pcm(t, "en-us+m3", 165) + gap * 2 for t in enrolment_prompts())
    wav = wav_dir / "enrolment.wav"
    write_wav(wav, pcm)
    run("voice", "enrol", "--wav", str(wav), "--method", "mllr")
    wav.unlink()


def test_another_account_cannot_read_anything_homebody_keeps(
    other_user: str, reachable_dir: Path, shared: Path, photos_folder: Path,
    recipe_page: Path,
) -> None:  # fmt: skip
    home = reachable_dir / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        '[mqtt]\nusername = "ann"\npassword = "broker-pw-42"\n', encoding="utf-8"
    )
    for path in (home, home / "config", home / "config" / "settings.toml"):
        os.chmod(path, 0o600 if path.is_file() else 0o700)  # the loose case comes below
    log: list[str] = []
    run = make_runner(home, log)
    for question in ("add oat milk to the shopping list", "set a timer for 5 minutes",
                     "what time is it"):  # fmt: skip
        run("ask", question)
    run("recipe", "import", str(recipe_page))
    run("models", "install", "yolox-nano", "--from", str(shared / "models"))
    run("vision", "watch", str(photos_folder), "--camera-name", "kitchen")
    enrol_voice(run, reachable_dir)
    everything = [home, *home.rglob("*")]  # as the commands left them: nothing loose
    loose = [p for p in everything if stat.S_IMODE(p.lstat().st_mode) & 0o077]
    assert loose == [], loose

    from pipelines.app_context import AppContext
    from pipelines.core.paths import AppPaths

    paths = AppPaths.under(home)
    app = AppContext.create(paths=paths, guard=False)  # running: the WAL and SHM exist
    try:
        app.ledger.record("data_written", "lists", items=1)
        db = paths.database
        stores = {
            "database": db,
            "WAL": Path(f"{db}-wal"),
            "SHM": Path(f"{db}-shm"),
            "ledger head": paths.ledger_head,
            "settings": paths.config_file,
            "passwords": paths.config_dir / "passwords.json",
            "crops": next((paths.data_dir / "thumbnails").glob("*.jpg")),
            "voice profile": paths.data_dir / "voice_profile",
            "voice profile file": next(
                p for p in (paths.data_dir / "voice_profile").rglob("*") if p.is_file()
            ),
            "models": paths.models_dir,
            "cache": paths.cache_dir,
        }
        assert app.db.scalar("SELECT COUNT(*) FROM recipes") == 1  # the recipe library
        assert "oat milk" in db.read_bytes().decode("latin-1") + Path(f"{db}-wal").read_bytes(
        ).decode("latin-1")  # fmt: skip
        control = reachable_dir / "control.txt"
        control.write_text("anyone may read this")
        os.chmod(control, 0o644)
        assert read_as(other_user, control).stdout == "anyone may read this"

        for label, path in stores.items():
            assert path.exists(), label
            result = read_as(other_user, path)
            assert result.returncode != 0, f"{other_user} read the {label}: {result.stdout[:80]}"
            assert "Permission denied" in result.stderr, (label, result.stderr)
    finally:
        app.close()

    # an old version's modes, or a backup restored with cp -r: the other account can read...
    for path in [home, *home.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert read_as(other_user, paths.database).returncode == 0
    # ...until the next start, which tightens everything and ledgers it once
    run("privacy", "report")
    for label, path in stores.items():
        if path.exists():
            assert read_as(other_user, path).returncode != 0, label
    report = run("privacy", "report", "--json", "--entries", "50")
    import json

    data = json.loads(report)
    assert data["protection"]["readable_only_by_you"] is True
    tightened = [r for r in data["ledger"]["recent"] if r["kind"] == "files_protected"]
    assert len(tightened) == 1 and tightened[0]["detail"]["reason"] == "start"
    assert tightened[0]["detail"]["files"] >= 8
