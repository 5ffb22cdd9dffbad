"""The user's voice profile: PocketSphinx's acoustic model adapted to the user's voice.

``homebody voice enrol`` records the user reading the sentences of
assets/speech/enrolment-prompts.txt; :func:`enrol_voice` adapts the model
(:mod:`.voice_adaptation`) and keeps only the adapted model and a small ``profile.json``
under ``<data dir>/voice_profile`` — never the recordings. The recogniser loads the profile
when there is one (:func:`active_acoustic_model`). Replacing a profile is crash-safe: the new
one is built beside the old, and a folder left half-swapped is put back on the next load.
It is a privacy-dashboard category ("Voice profile") and deletable there or with
``homebody voice forget``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ...core.errors import InputError, ModelError
from ...core.paths import assets_dir
from ...language.spoken_form import extra_dictionary
from ...privacy.ledger import Ledger
from .sphinx_model_files import model_dir
from .voice_adaptation import MODEL_FILES, EnrolmentUtterance, adapt_acoustic_model

log = logging.getLogger(__name__)

PROFILE_DIR = "voice_profile"
"""Below the data directory; the privacy inventory names the same folder."""
PROFILE_FILE = "profile.json"
OWNER_FILE = "owner.pid"
"""In the folder a profile is built in: the process building it."""
_ACTIVE: set[Path] = set()
"""Build folders of enrolments running in this process."""


@dataclass(frozen=True)
class VoiceProfile:
    folder: Path
    created: float
    method: str
    utterances: int
    seconds_of_speech: float
    skipped: int

    @property
    def model(self) -> Path:
        return self.folder / "model"

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.created))
        return (
            f"Voice profile from {when}: {self.utterances} sentences "
            f"({self.seconds_of_speech:.0f} s of speech), adapted with {self.method.upper()}."
        )


def enrolment_prompts() -> list[str]:
    """The sentences to read, in order (comment lines skipped)."""
    path = assets_dir() / "speech" / "enrolment-prompts.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def pair_with_prompts(prompts: Sequence[str], heard: Sequence[bytes]) -> list[EnrolmentUtterance]:
    """The read sentences matched to their prompts; InputError when the counts differ."""
    if len(heard) != len(prompts):
        raise InputError(
            f"Heard {len(heard)} sentences but there are {len(prompts)} prompts: read each "
            "prompt once, in order, with a pause of about a second after each."
        )
    return [EnrolmentUtterance(t, pcm) for t, pcm in zip(prompts, heard, strict=True)]


def profile_dir(data_dir: Path) -> Path:
    return data_dir / PROFILE_DIR


def load_profile(data_dir: Path) -> VoiceProfile | None:
    """The saved profile, or None. A damaged one is reported in the log and ignored."""
    folder = profile_dir(data_dir)
    _recover(folder)
    if not folder.exists():
        return None
    try:
        meta = json.loads((folder / PROFILE_FILE).read_text(encoding="utf-8"))
        missing = [n for n in MODEL_FILES if not (folder / "model" / n).is_file()]
        if missing:
            raise ModelError(f"it lacks {', '.join(missing)}")
        return VoiceProfile(
            folder=folder,
            created=float(meta["created"]),
            method=str(meta["method"]),
            utterances=int(meta["utterances"]),
            seconds_of_speech=float(meta["seconds_of_speech"]),
            skipped=int(meta.get("skipped", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError, ModelError) as exc:
        log.warning(
            "The voice profile in %s is damaged (%s); using the standard voice model. "
            "`homebody voice enrol` makes a new one.",
            folder,
            exc,
        )
        return None


def active_acoustic_model(data_dir: Path) -> Path | None:
    """The adapted model folder the recogniser should load, or None for the wheel's."""
    profile = load_profile(data_dir)
    return profile.model if profile is not None else None


def enrol_voice(
    data_dir: Path,
    utterances: Sequence[EnrolmentUtterance],
    *,
    method: str = "mllr",
    base_model: Path | None = None,
    dictionaries: Sequence[Path] | None = None,
    ledger: Ledger | None = None,
) -> VoiceProfile:
    """Adapt the model to these read sentences and make it the profile (replacing any).

    ``base_model`` and ``dictionaries`` default to the PocketSphinx wheel's US-English model,
    its dictionary and assets/speech/extra-words.dict (what the recogniser loads). The
    ``ledger`` (the app's) records what was kept: one profile, no recordings.
    """
    base_model = base_model or model_dir() / "en-us"
    if dictionaries is None:
        dictionaries = [model_dir() / "cmudict-en-us.dict", extra_dictionary()]
    folder = profile_dir(data_dir)
    _recover(folder)
    building = folder.with_name(PROFILE_DIR + ".building")
    _discard_interrupted(building)
    try:
        building.mkdir(parents=True)
    except FileExistsError as exc:
        raise InputError(
            "Another enrolment is learning a voice right now; try again when it has finished."
        ) from exc
    (building / OWNER_FILE).write_text(str(os.getpid()), encoding="utf-8")
    _ACTIVE.add(building)
    try:
        stats = adapt_acoustic_model(
            utterances, base_model, building / "model", dictionaries, method=method
        )
        meta = {**asdict(stats), "created": time.time(), "skipped": len(stats.skipped)}
        (building / PROFILE_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        _swap_in(building, folder)
    finally:
        _ACTIVE.discard(building)
        shutil.rmtree(building, ignore_errors=True)
    profile = load_profile(data_dir)
    if profile is None:
        raise ModelError(f"The new voice profile in {folder} could not be read back.")
    if ledger is not None:
        ledger.record(
            "data_written", "voice_profile", items=1, sentences=profile.utterances,
            seconds=round(profile.seconds_of_speech, 1), recordings_kept=0,
        )  # fmt: skip
    return profile


def forget_profile(data_dir: Path) -> bool:
    """Delete the profile; True when there was one."""
    folder = profile_dir(data_dir)
    existed = folder.exists() or folder.with_name(PROFILE_DIR + ".old").exists()
    for path in (folder, folder.with_name(PROFILE_DIR + ".old"),
                 folder.with_name(PROFILE_DIR + ".building")):  # fmt: skip
        shutil.rmtree(path, ignore_errors=True)
    return existed


def _swap_in(new: Path, folder: Path) -> None:
    old = folder.with_name(PROFILE_DIR + ".old")
    if folder.exists():
        folder.rename(old)
    new.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _discard_interrupted(building: Path) -> None:
    """An enrolment killed mid-way leaves its folder, with the recordings' work folder inside:
    delete it unless the enrolment that owns it is still running (in this or another process)."""
    if not building.exists() or building in _ACTIVE:
        return
    try:
        owner = int((building / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        owner = 0
    if owner and owner != os.getpid() and _process_alive(owner):
        return
    shutil.rmtree(building, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process
        return True
    return True


def _recover(folder: Path) -> None:
    """A swap cut short between its two renames leaves only ``.old``: put it back. An
    enrolment killed mid-way leaves recordings behind: they go (see _discard_interrupted)."""
    _discard_interrupted(folder.with_name(PROFILE_DIR + ".building"))
    old = folder.with_name(PROFILE_DIR + ".old")
    if old.exists() and not folder.exists():
        old.rename(folder)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)
