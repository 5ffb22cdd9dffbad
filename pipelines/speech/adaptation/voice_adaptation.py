"""Adapt PocketSphinx's US-English acoustic model to one speaker (CMU Sphinx's own recipe).

From a few dozen read sentences: features (``sphinx_fe``), Baum-Welch statistics of the
sentences against the model (``bw``), then

- ``mllr``: one global MLLR transform of the Gaussian means (``mllr_solve``), written into
  an adapted copy of the means (``mllr_transform``) — robust with little speech;
- ``mllr+map``: that, then MAP re-estimation (``map_adapt``) of means, variances, mixture
  weights and transitions with the MLLR model as the prior (statistics gathered again).

The result is a complete model folder PocketSphinx loads in place of the wheel's. The
recordings only live in the work folder, which is deleted whatever happens.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...audio.pcm import SAMPLE_RATE, duration_s
from ...core.errors import InputError, ModelError
from .sphinx_model_files import sendump_to_mixture_weights
from .sphinxtrain_tools import SphinxTrainTools

METHODS = ("mllr", "mllr+map")
MODEL_FILES = ("feat.params", "mdef", "means", "noisedict", "sendump", "transition_matrices",
               "variances")  # fmt: skip
MIN_UTTERANCES = 5
MIN_UTTERANCE_S = 0.5


@dataclass(frozen=True)
class EnrolmentUtterance:
    """One read sentence: its text (lower case words) and 16 kHz mono s16le audio."""

    text: str
    pcm: bytes


@dataclass(frozen=True)
class AdaptationStats:
    method: str
    utterances: int
    seconds_of_speech: float
    skipped: tuple[str, ...]
    """Sentences left out: words the dictionary lacks, or too short to use."""
    took_s: float


def load_dictionary(paths: Sequence[Path]) -> dict[str, str]:
    """word -> pronunciation line, the first file winning (alternates ``word(2)`` kept)."""
    entries: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, phones = line.strip().partition(" ")
            if word and phones.strip() and word not in entries:
                entries[word] = phones.strip()
    return entries


def adapt_acoustic_model(
    utterances: Sequence[EnrolmentUtterance],
    base_model: Path,
    out_model: Path,
    dictionaries: Sequence[Path],
    *,
    method: str = "mllr",
    tools: SphinxTrainTools | None = None,
) -> AdaptationStats:
    """Write an adapted copy of ``base_model`` into ``out_model`` (a folder it creates)."""
    if method not in METHODS:
        raise InputError(f"Voice adaptation method must be one of {', '.join(METHODS)}.")
    tools = tools or SphinxTrainTools.find()
    started = time.perf_counter()
    words = load_dictionary(dictionaries)
    usable = [u for u in utterances if _usable(u, words)]
    skipped = tuple(u.text for u in utterances if u not in usable)
    if len(usable) < MIN_UTTERANCES:
        raise InputError(
            f"Learning a voice needs at least {MIN_UTTERANCES} clearly read sentences; "
            f"{len(usable)} of {len(utterances)} could be used."
        )
    if out_model.exists():
        raise InputError(f"{out_model} already exists; voice adaptation writes a new folder.")
    out_model.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".voice-adaptation-", dir=out_model.parent))
    try:
        _write_inputs(work, usable, words)
        _adapt(tools, work, base_model, out_model, method)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the recordings never outlive the run
    seconds = sum(duration_s(u.pcm) for u in usable)
    return AdaptationStats(method, len(usable), seconds, skipped, time.perf_counter() - started)


def _usable(utterance: EnrolmentUtterance, words: dict[str, str]) -> bool:
    tokens = utterance.text.split()
    long_enough = duration_s(utterance.pcm) >= MIN_UTTERANCE_S
    return len(tokens) >= 2 and long_enough and all(t in words for t in tokens)


def _write_inputs(work: Path, usable: Sequence[EnrolmentUtterance], words: dict[str, str]) -> None:
    ids = [f"u{i:03d}" for i in range(len(usable))]
    for uid, utterance in zip(ids, usable, strict=True):
        (work / f"{uid}.raw").write_bytes(utterance.pcm)
    (work / "enrol.fileids").write_text("".join(f"{uid}\n" for uid in ids), encoding="utf-8")
    lines = [f"<s> {u.text} </s> ({uid})\n" for uid, u in zip(ids, usable, strict=True)]
    (work / "enrol.transcription").write_text("".join(lines), encoding="utf-8")
    needed = sorted({t for u in usable for t in u.text.split()})
    (work / "enrol.dict").write_text("".join(f"{w} {words[w]}\n" for w in needed), "utf-8")


def _adapt(tools: SphinxTrainTools, work: Path, base: Path, out: Path, method: str) -> None:
    log = work / "adaptation.log"
    model = work / "model"
    model.mkdir()
    for name in MODEL_FILES:
        if not (base / name).is_file():
            raise ModelError(f"The acoustic model in {base} lacks {name}; reinstall pocketsphinx.")
        shutil.copyfile(base / name, model / name)  # our modes (0600), not the wheel's
    tools.run("pocketsphinx_mdef_convert", ["-text", "mdef", "mdef.txt"], log, model)
    sendump_to_mixture_weights(model / "sendump", model / "mixture_weights")
    fe_args = ["-argfile", str(model / "feat.params"), "-remove_silence", "no"]
    fe_args += ["-samprate", str(SAMPLE_RATE), "-raw", "yes", "-input_endian", "little"]
    fe_args += ["-c", "enrol.fileids", "-di", ".", "-do", ".", "-ei", "raw", "-eo", "mfc"]
    tools.run("sphinx_fe", fe_args, log, work)
    _baum_welch(tools, work, model, "acc_base", log)
    means, variances = str(model / "means"), str(model / "variances")
    solve = ["-meanfn", means, "-varfn", variances, "-outmllrfn", "mllr_matrix"]
    tools.run("mllr_solve", [*solve, "-accumdir", "acc_base"], log, work)
    transform = ["-inmeanfn", means, "-outmeanfn", str(model / "means.mllr")]
    tools.run("mllr_transform", [*transform, "-mllrmat", "mllr_matrix"], log, work)
    (model / "means.mllr").replace(model / "means")
    if method == "mllr+map":
        _baum_welch(tools, work, model, "acc_mllr", log)
        _map(tools, work, model, log)
    out.mkdir()
    for name in MODEL_FILES:
        shutil.copyfile(model / name, out / name)


def _baum_welch(tools: SphinxTrainTools, work: Path, model: Path, acc: str, log: Path) -> None:
    (work / acc).mkdir()
    args = ["-hmmdir", str(model), "-moddeffn", str(model / "mdef.txt"), "-ts2cbfn", ".ptm."]
    args += _feature_args(model / "feat.params")
    args += ["-dictfn", "enrol.dict", "-fdictfn", str(model / "noisedict")]
    args += ["-ctlfn", "enrol.fileids", "-lsnfn", "enrol.transcription"]
    args += ["-cepdir", ".", "-cepext", "mfc", "-accumdir", acc]
    tools.run("bw", args, log, work)


def _feature_args(feat_params: Path) -> list[str]:
    """``-feat``/``-svspec``/``-agc`` as the model was trained; CMN from the utterance itself."""
    options: dict[str, str] = {}
    for line in feat_params.read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().partition(" ")
        options[key] = value.strip()
    args = ["-feat", options.get("-feat", "1s_c_d_dd"), "-agc", options.get("-agc", "none")]
    if options.get("-svspec"):
        args += ["-svspec", options["-svspec"]]
    return [*args, "-cmn", "current"]


def _map(tools: SphinxTrainTools, work: Path, model: Path, log: Path) -> None:
    mapped = {name: model / f"{name}.map" for name in
              ("means", "variances", "mixture_weights", "transition_matrices")}  # fmt: skip
    args = ["-moddeffn", str(model / "mdef.txt"), "-ts2cbfn", ".ptm.", "-accumdir", "acc_mllr"]
    args += ["-meanfn", str(model / "means"), "-varfn", str(model / "variances")]
    args += ["-mixwfn", str(model / "mixture_weights")]
    args += ["-tmatfn", str(model / "transition_matrices")]
    args += ["-mapmeanfn", str(mapped["means"]), "-mapvarfn", str(mapped["variances"])]
    args += ["-mapmixwfn", str(mapped["mixture_weights"])]
    args += ["-maptmatfn", str(mapped["transition_matrices"])]
    tools.run("map_adapt", args, log, work)
    for name in ("means", "variances", "transition_matrices"):
        mapped[name].replace(model / name)
    dump = ["-pocketsphinx", "yes", "-moddeffn", str(model / "mdef.txt")]
    dump += ["-mixwfn", str(mapped["mixture_weights"]), "-sendumpfn", str(model / "sendump")]
    tools.run("mk_s2sendump", dump, log, work)
