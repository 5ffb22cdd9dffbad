"""Learning the user's voice: model files, cutting read sentences, adaptation, the profile.

The adaptation tests run the real SphinxTrain programs on espeak-ng speech synthesised here
(they skip with the install command where the tools are missing).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from app.cli.main import main
from pipelines.core.errors import InputError, ModelError, ModelNotInstalledError
from pipelines.speech.adaptation.enrolment_capture import read_sentences
from pipelines.speech.adaptation.sphinx_model_files import read_sendump, write_mixture_weights
from pipelines.speech.adaptation.sphinxtrain_tools import SphinxTrainTools
from pipelines.speech.adaptation.voice_adaptation import EnrolmentUtterance
from pipelines.speech.adaptation.voice_profile import (
    PROFILE_DIR,
    enrol_voice,
    enrolment_prompts,
    forget_profile,
    load_profile,
)

from .conftest import silence

VOICE = "en-us+m3"
"""A voice of the benchmark's development set, not of its test set."""


def wheel_model() -> Path:
    from pipelines.speech.adaptation.sphinx_model_files import model_dir

    return model_dir() / "en-us"


@pytest.fixture(scope="module")
def tools() -> SphinxTrainTools:
    try:
        return SphinxTrainTools.find()
    except ModelNotInstalledError as exc:
        pytest.skip(exc.message)


# -- model files -------------------------------------------------------------------------------
def test_the_wheels_mixture_weights_read_as_distributions() -> None:
    weights = read_sendump(wheel_model() / "sendump")
    assert weights.shape == (5126, 3, 128)  # senones x streams x codewords of the PTM model
    assert np.allclose(weights.sum(axis=2), 1.0) and weights.min() > 0


def test_mixture_weights_convert_back_to_the_same_sendump(
    tools: SphinxTrainTools, tmp_path: Path
) -> None:
    write_mixture_weights(tmp_path / "mixture_weights", read_sendump(wheel_model() / "sendump"))
    subprocess_args = ["-pocketsphinx", "yes", "-moddeffn", str(tmp_path / "mdef.txt")]
    tools.run("pocketsphinx_mdef_convert", ["-text", str(wheel_model() / "mdef"), "mdef.txt"],
              tmp_path / "log", tmp_path)  # fmt: skip
    subprocess_args += ["-mixwfn", "mixture_weights", "-sendumpfn", "back.sendump"]
    tools.run("mk_s2sendump", subprocess_args, tmp_path / "log", tmp_path)
    original = read_sendump(wheel_model() / "sendump")
    back = read_sendump(tmp_path / "back.sendump")
    floor = original > 2e-5  # mk_s2sendump raises weights below its floor (1e-5)
    assert np.allclose(np.log(back[floor]), np.log(original[floor]), atol=0.01)


def test_a_damaged_sendump_is_a_clear_error(tmp_path: Path) -> None:
    data = (wheel_model() / "sendump").read_bytes()
    cut = tmp_path / "sendump"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="truncated or damaged"):
        read_sendump(cut)
    cut.write_bytes(struct.pack("<i", 7) + b"abc")
    with pytest.raises(ModelError, match="not a PocketSphinx sendump"):
        read_sendump(cut)


def test_missing_tools_name_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipelines.speech.adaptation.sphinxtrain_tools as module

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(module, "SEARCH_DIRS", ())
    monkeypatch.delenv("HOMEBODY_SPHINXTRAIN", raising=False)
    with pytest.raises(ModelNotInstalledError, match="sphinxtrain") as caught:
        SphinxTrainTools.find()
    assert "apt install" in caught.value.message and not SphinxTrainTools.available()


# -- prompts and cutting read sentences ---------------------------------------------------------
def test_prompts_are_known_words_and_not_benchmark_sentences() -> None:
    from bench.voice_audio import command_set
    from bench.voice_dev import dev_commands
    from pipelines.language.spoken_form import extra_dictionary
    from pipelines.speech.adaptation.sphinx_model_files import model_dir
    from pipelines.speech.adaptation.voice_adaptation import load_dictionary

    prompts = enrolment_prompts()
    words = load_dictionary([model_dir() / "cmudict-en-us.dict", extra_dictionary()])
    assert len(prompts) == 40 and len(set(prompts)) == 40
    assert [w for p in prompts for w in p.split() if w not in words] == []
    benchmark = {t for t, _ in command_set(60)} | {t for t, _ in dev_commands(400)}
    assert benchmark.isdisjoint(prompts)


def _read_aloud(say: Callable[..., bytes], texts: list[str]) -> bytes:
    parts = [silence(0.5, 30, 1)]
    for i, text in enumerate(texts):
        parts += [say(text, VOICE, 165), silence(1.3, 30, i + 2)]
    return b"".join(parts)


@pytest.mark.parametrize("chunk", [320, 1600, 8000])
def test_read_sentences_are_cut_one_per_prompt(say: Callable[..., bytes], chunk: int) -> None:
    from pipelines.audio.vad import create_vad

    texts = enrolment_prompts()[:3]
    pcm = _read_aloud(say, texts)
    click = (np.random.default_rng(3).normal(0, 4000, 1600)).astype("<i2").tobytes()
    pcm = pcm[:16000] + click + silence(1.2, 30, 9) + pcm[16000:]  # a 0.05 s click: no sentence
    chunks = [pcm[i : i + chunk] for i in range(0, len(pcm), chunk)]
    heard = list(read_sentences(chunks, create_vad("webrtc"), 3))
    assert len(heard) == 3
    for text, audio in zip(texts, heard, strict=True):
        spoken_s = len(say(text, VOICE, 165)) / 32000
        assert spoken_s - 0.2 < len(audio) / 32000 < spoken_s + 1.6


# -- adaptation and the profile ----------------------------------------------------------------
@pytest.fixture(scope="module")
def enrolment(say: Callable[..., bytes]) -> list[EnrolmentUtterance]:
    return [EnrolmentUtterance(t, say(t, VOICE, 165)) for t in enrolment_prompts()]


def _wer(recognizer: object, say: Callable[..., bytes], texts: list[str]) -> float:
    from bench.voice_score import wer_counts
    from pipelines.speech.asr.base import transcribe

    counts = [wer_counts(t, transcribe(recognizer, say(t, VOICE, 165), "command").text)
              for t in texts]  # fmt: skip
    return sum(e for e, _ in counts) / sum(w for _, w in counts)


@pytest.mark.slow
def test_a_profile_is_learnt_kept_without_recordings_and_used(
    tools: SphinxTrainTools, home: Path, enrolment: list[EnrolmentUtterance],
    say: Callable[..., bytes],
) -> None:  # fmt: skip
    from bench.voice_dev import dev_commands
    from pipelines.core.paths import AppPaths
    from pipelines.speech.asr.pocketsphinx_engine import PocketSphinxRecognizer

    paths = AppPaths.from_environment().ensure()
    data = paths.data_dir
    profile = enrol_voice(data, enrolment, method="mllr")
    assert profile.utterances == 40 and profile.method == "mllr"
    kept = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    assert all(p.startswith(f"{PROFILE_DIR}/") for p in kept)
    assert not [p for p in kept if p.endswith((".raw", ".mfc", ".wav"))]  # no recordings
    assert (profile.model / "means").read_bytes() != (wheel_model() / "means").read_bytes()

    held_out = [t for t, _ in dev_commands(12)]
    cache = paths.cache_dir
    base = PocketSphinxRecognizer(cache)
    adapted = PocketSphinxRecognizer(cache, acoustic_model=profile.model)
    base.prepare()
    adapted.prepare()
    assert _wer(adapted, say, held_out) < _wer(base, say, held_out)


def test_a_half_swapped_profile_is_put_back(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = data / f"{PROFILE_DIR}.old"
    (old / "model").mkdir(parents=True)
    for name in ("feat.params", "mdef", "means", "noisedict", "sendump",
                 "transition_matrices", "variances"):  # fmt: skip
        shutil.copy2(wheel_model() / name, old / "model" / name)
    meta = {"created": 1.0, "method": "mllr", "utterances": 40, "seconds_of_speech": 150.0}
    (old / "profile.json").write_text(json.dumps(meta))
    profile = load_profile(data)  # killed between the two renames: the old one comes back
    assert profile is not None and profile.folder == data / PROFILE_DIR and not old.exists()
    assert forget_profile(data) and load_profile(data) is None and not forget_profile(data)


def test_a_damaged_profile_falls_back_to_the_standard_model(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / PROFILE_DIR
    (folder / "model").mkdir(parents=True)
    (folder / "profile.json").write_text('{"created": 1')
    with caplog.at_level(logging.WARNING):
        assert load_profile(tmp_path) is None
    assert "damaged" in caplog.text and "homebody voice enrol" in caplog.text


def test_too_few_usable_sentences_is_a_clear_error(tmp_path: Path) -> None:
    from pipelines.speech.adaptation.voice_adaptation import adapt_acoustic_model

    quiet = [EnrolmentUtterance("zzyzx qwerty", b"\0\0" * 32000)] * 3
    with pytest.raises(InputError, match="at least 5"):
        adapt_acoustic_model(quiet, wheel_model(), tmp_path / "m", [], tools=SphinxTrainTools({}))


@pytest.mark.slow
def test_cli_enrol_from_a_recording_then_status_and_forget(
    tools: SphinxTrainTools, home: Path, say: Callable[..., bytes],
    wav_file: Callable[..., Path], capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    wav = wav_file(_read_aloud(say, enrolment_prompts()), "enrolment.wav")
    assert main(["voice", "enrol", "--wav", str(wav), "--method", "mllr", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sentences"] == 40 and out["method"] == "mllr"
    assert main(["voice", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["enrolled"] is True
    assert main(["voice", "forget"]) == 0
    assert "deleted" in capsys.readouterr().out
    assert main(["voice", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["enrolled"] is False
    from pipelines.app_context import AppContext

    app = AppContext.create(guard=False)
    try:
        rows = sorted((e for e in app.ledger.entries() if e.category == "voice_profile"),
                      key=lambda e: e.id)  # fmt: skip
        kinds = [(e.kind, e.detail) for e in rows]
    finally:
        app.close()
    assert kinds[0] == ("data_written", {"items": 1, "sentences": 40, "recordings_kept": 0,
                                         "seconds": kinds[0][1]["seconds"]})  # fmt: skip
    assert kinds[1][0] == "data_deleted" and kinds[1][1]["reason"] == "user"


def test_cli_enrol_says_when_the_recording_does_not_match_the_prompts(
    tools: SphinxTrainTools, home: Path, say: Callable[..., bytes],
    wav_file: Callable[..., Path], capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    wav = wav_file(_read_aloud(say, enrolment_prompts()[:4]), "short.wav")
    assert main(["voice", "enrol", "--wav", str(wav)]) == 2
    assert "Heard 4 sentences but there are 40 prompts" in capsys.readouterr().err


def _left_building(data: Path, owner: int) -> Path:
    """What an enrolment killed mid-adaptation leaves: its build folder with the recordings."""
    work = data / f"{PROFILE_DIR}.building" / ".voice-adaptation-x"
    work.mkdir(parents=True)
    (work / "u000.raw").write_bytes(b"\1\0" * 16000)
    (data / f"{PROFILE_DIR}.building" / "owner.pid").write_text(str(owner))
    return work.parent


def test_recordings_of_a_killed_enrolment_are_deleted_on_the_next_load(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    building = _left_building(tmp_path, dead.pid)
    assert load_profile(tmp_path) is None and not building.exists()
    building = _left_building(tmp_path, os.getpid())  # a pid reused by this process: not ours
    assert load_profile(tmp_path) is None and not building.exists()


def test_an_enrolment_running_elsewhere_is_left_alone(tmp_path: Path) -> None:
    building = _left_building(tmp_path, os.getppid())  # a live process owns it
    assert load_profile(tmp_path) is None and building.exists()
    with pytest.raises(InputError, match="Another enrolment"):
        enrol_voice(tmp_path, [], method="mllr")
    assert (building / ".voice-adaptation-x" / "u000.raw").exists()
