"""Training sentences as the speech recognisers hear them: ASR-noisy intent-only examples.

Spoken, the intent model reads a recogniser's transcript, not the sentence that was said
("cancel the timer" may arrive as "console the timer"). Here training sentences are spoken by
espeak-ng and Flite voices that no voice benchmark uses, with room noise, and decoded by the
app's own recognisers: PocketSphinx with the command LM on every sentence, and Whisper (base
and tiny.en, alternating) through ``WhisperRecognizer``. Every transcript that differs from the
sentence, but not beyond ``max_wer``, joins training with the sentence's intent (slot tags
unlabelled, as for self-training). Guards that keep the evaluations honest:

- only training-split examples are spoken (never a validation or held-out test utterance);
- no sentence of the voice benchmarks' command sets is spoken, and none of their voices
  (``bench.voice``, ``bench.voice_dev``, ``bench.voice_ootb``) is used;
- transcripts are cached per (recogniser, voice, sentence) in ``training/asr-transcripts.jsonl``
  (text only, committed), so a rebuild decodes only what is new:

    python -m bench.asr_noise --count 700     # fill the cache (about 1.5 s per sentence)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from training.asr_text import CACHE  # the committed cache lives with training
from training.build import main as train
from training.examples import Example

VOICES: tuple[tuple[str, str, float], ...] = (
    ("espeak-ng", "en-us+m1", 160),
    ("espeak-ng", "en-us+f1", 185),
    ("espeak-ng", "en-gb-x-gbcwmd", 150),
    ("flite", "kal", 1.05),
    ("espeak-ng", "en-us+m5", 200),
    ("espeak-ng", "en-gb-x-gbcwmd+f5", 170),
)
"""(engine, voice, speed: espeak-ng words per minute or Flite stretch); disjoint from every
voice benchmark's voices (tests/language/test_asr_noise.py checks it)."""

WHISPERS = ("base", "tiny.en")


def benchmark_sentences() -> set[str]:
    """Spoken forms of every command the voice benchmarks speak (test and development)."""
    from bench.voice_audio import command_set

    sets = [command_set(n) for n in (36, 48, 60, 100)] + [command_set(400, seed=1717)]
    return {text for commands in sets for text, _ in commands}


def choose(train: list[Example], count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` distinct (spoken sentence, intent) pairs from the training examples."""
    return [(spoken, example.intent) for spoken, example in chosen(train, count, seed)]


def chosen(train: list[Example], count: int, seed: int) -> list[tuple[str, Example]]:
    """:func:`choose` with the example each spoken sentence came from."""
    from pipelines.language.spoken_form import spoken_form

    banned = benchmark_sentences()
    # Ordered by a salted hash of the text, not shuffled: a larger training list (the --final
    # build adds the validation templates) keeps most of the same choices, so the cache holds.
    pool = sorted(train, key=lambda e: hashlib.sha256(f"{seed}/{e.text}".encode()).hexdigest())
    out: list[tuple[str, Example]] = []
    seen: set[str] = set()
    for example in pool:
        if example.source.startswith(("asr:", "slurp")):
            continue  # own templates and Home Assistant's only: SLURP text stays as written
        spoken = spoken_form(example.text)
        if not spoken or spoken in seen or spoken in banned or len(spoken.split()) > 24:
            continue
        seen.add(spoken)
        out.append((spoken, example))
        if len(out) >= count:
            break
    return out


def jobs(
    pairs: list[tuple[str, str]], cache: dict[str, str] | None = None
) -> list[tuple[str, tuple[str, str, float], str]]:
    """(recogniser, voice, sentence): PocketSphinx hears every sentence, one Whisper each.

    The voice and the Whisper follow from a hash of the sentence (not its position, so new
    templates do not reshuffle them), unless the cache already holds a reading of the
    sentence: then that voice and that Whisper, so nothing is decoded twice."""
    heard: dict[str, tuple[str, str]] = {}
    for cached in cache or {}:
        recogniser, voice_name, text = cached.split("|", 2)
        if recogniser.startswith("whisper-"):
            heard[text] = (voice_name, recogniser)
    by_name = {v[1]: v for v in VOICES}
    out = []
    for text, _ in pairs:
        if text in heard and heard[text][0] in by_name:
            voice, whisper = by_name[heard[text][0]], heard[text][1]
        else:
            digest = int(hashlib.sha256(f"voice/{text}".encode()).hexdigest(), 16)
            voice = VOICES[digest % len(VOICES)]
            whisper = f"whisper-{WHISPERS[(digest // len(VOICES)) % len(WHISPERS)]}"
        out += [("pocketsphinx", voice, text), (whisper, voice, text)]
    return out


def key(recogniser: str, voice: tuple[str, str, float], text: str) -> str:
    return f"{recogniser}|{voice[1]}|{text}"


def read_cache(cache_file: Path) -> dict[str, str]:
    cache: dict[str, str] = {}
    if cache_file.exists():
        for line in cache_file.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:  # a run killed mid-line: decode that one again
                continue
            cache[row["key"]] = row["hyp"]
    return cache


def _recognisers(work: Path) -> dict[str, Any]:
    from pipelines.app_context import AppContext
    from pipelines.core.paths import AppPaths
    from pipelines.speech.asr.engines import create_recognizer
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import locate

    app = AppContext.create(paths=AppPaths.under(work / "asr-home"), guard=False)
    sphinx = create_recognizer(app, "pocketsphinx")
    sphinx.prepare()
    out: dict[str, Any] = {"pocketsphinx": sphinx}
    for choice in WHISPERS:
        folder = locate(choice, app.paths.models_dir, app.paths.cache_dir)
        out[f"whisper-{choice}"] = WhisperRecognizer(folder, threads=1, name=choice)
    return out


def labels(picked: list[tuple[str, Example]]) -> dict[str, dict[str, str]]:
    """Spoken sentence -> what a cached reading records besides the text: the template it was
    sampled from (``source``), its intent and the template's text (``template``; none for
    Home Assistant's), so :mod:`training.asr_text` can tell whether it is still training data."""
    from pipelines.language.templates import load_templates

    text = {t.id: t.source for t in load_templates().templates}
    out: dict[str, dict[str, str]] = {}
    for spoken, example in picked:
        row = {"source": example.source, "intent": example.intent}
        if example.source in text:
            row["template"] = text[example.source]
        out[spoken] = row
    return out


def transcripts(
    pairs: list[tuple[str, str]],
    work: Path,
    seed: int,
    cache_file: Path = CACHE,
    meta: dict[str, dict[str, str]] | None = None,
) -> dict[str, str]:
    """key -> transcript, decoding only what the cache lacks; ``meta`` (:func:`labels`) is
    written into each new cache row."""
    from bench.voice_audio import in_noise, speak
    from pipelines.speech.asr.base import transcribe

    cache = read_cache(cache_file)
    todo = [job for job in jobs(pairs, cache) if key(*job) not in cache]
    if not todo:
        return cache
    engines = _recognisers(work)
    audio: dict[tuple[str, str], bytes] = {}
    t0 = time.perf_counter()
    with cache_file.open("a", encoding="utf-8") as handle:
        for done, (recogniser, voice, text) in enumerate(todo, 1):
            spoken = (voice[1], text)
            if spoken not in audio:
                audio.clear()
                salt = int(hashlib.sha256(f"{seed}/{voice[1]}/{text}".encode()).hexdigest(), 16)
                audio[spoken] = in_noise(speak(voice, text), 0.3, 0.6, salt % 2**32)
            engine = engines[recogniser]
            if recogniser == "pocketsphinx":
                hyp = transcribe(engine, audio[spoken]).text
            else:
                hyp, _ = engine.transcribe(audio[spoken])
            cache[key(recogniser, voice, text)] = hyp
            row = {"key": key(recogniser, voice, text), "hyp": hyp, **(meta or {}).get(text, {})}
            handle.write(json.dumps(row) + "\n")
            handle.flush()
            if done % 100 == 0:
                rate = (time.perf_counter() - t0) / done
                print(f"asr noise {done}/{len(todo)} ({rate:.2f} s each)", flush=True)
    return cache


def asr_examples(
    train: list[Example],
    count: int,
    work: Path,
    seed: int = 0,
    max_wer: float = 0.5,
    cache_file: Path = CACHE,
) -> tuple[list[Example], dict[str, int]]:
    """Intent-only examples whose text is a transcript that differs from what was said.

    Transcripts with a word error rate above ``max_wer`` are left out: a request heard half
    right teaches robustness, a garbled one ("color to white don't to list all your" for
    "convert one pound to us dollar") would only teach the model to guess on noise."""
    from bench.voice_score import wer_counts

    picked = chosen(train, count, seed)
    pairs = [(spoken, example.intent) for spoken, example in picked]
    heard = transcripts(pairs, work, seed, cache_file, labels(picked))
    intent_of = dict(pairs)
    out: list[Example] = []
    counts = {"spoken": len(pairs), "kept": 0, "exact": 0, "empty": 0, "garbled": 0, "repeated": 0}
    kept: set[tuple[str, str]] = set()
    for recogniser, voice, text in jobs(pairs, heard):
        hyp = " ".join(heard.get(key(recogniser, voice, text), "").split())
        errors, words = wer_counts(text, hyp)
        if not hyp:
            counts["empty"] += 1
        elif errors == 0:
            counts["exact"] += 1
        elif errors > max_wer * words:
            counts["garbled"] += 1
        elif (hyp, intent_of[text]) in kept:
            counts["repeated"] += 1
        else:
            kept.add((hyp, intent_of[text]))
            source = f"asr:{recogniser}:{voice[1]}"
            out.append(Example(hyp, intent_of[text], (), source, slots_labelled=False))
    counts["kept"] = len(out)
    return out, counts


def main(argv: list[str] | None = None) -> int:
    """Speak and cache transcripts; ``train [training.build flags]`` trains with them instead
    (``python -m bench.asr_noise train --asr-noise 1200``: training never imports benchmarks)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["train"]:
        return train(argv[1:], asr_noise=asr_examples)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=700, help="sentences to speak")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "homebody-train")
    args = parser.parse_args(argv)
    from training.data import build_dataset

    data = build_dataset(per_template=16, use_hass=True)  # the pool build.py speaks from
    examples, counts = asr_examples(data.train, args.count, args.work, seed=args.seed)
    print(json.dumps(counts))
    for example in examples[:20]:
        print(f"{example.intent:20} {example.text}  [{example.source}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
