"""Training sentences as the speech recogniser hears them: ASR-noisy intent-only examples.

Spoken, the intent model reads PocketSphinx's transcript, not the sentence that was said
("set a timer for five minutes" may arrive as "set a time for five minutes"). Here training
sentences are spoken by espeak-ng voices that neither voice benchmark uses, with room noise,
and decoded by the app's own recogniser in command mode; every transcript that differs from
the sentence joins training with the sentence's intent (slot tags unlabelled, as for
self-training). Guards that keep the evaluations honest:

- only training-split examples are spoken (never a validation or held-out test utterance);
- no sentence of ``bench.voice``'s test commands or ``bench.voice_dev``'s development
  commands is spoken, and none of their voices is used;
- transcripts are cached per (voice, sentence) under the work folder, so a rebuild only
  decodes what is new.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from .examples import Example

VOICES: tuple[tuple[str, str, int], ...] = (
    ("espeak-ng", "en-us+m1", 160),
    ("espeak-ng", "en-gb-x-gbclan", 170),
    ("espeak-ng", "en-029", 180),
    ("espeak-ng", "en-us-nyc", 190),
    ("espeak-ng", "en-us+f1", 175),
    ("espeak-ng", "en-gb-x-gbcwmd", 150),
)
"""(engine, voice, words per minute); disjoint from bench.voice's and bench.voice_dev's."""


def benchmark_sentences() -> set[str]:
    """Spoken forms of the voice benchmark's test commands and development commands."""
    from bench.voice_audio import command_set

    return {text for text, _ in command_set(60) + command_set(400, seed=1717)}


def choose(train: list[Example], count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` distinct (spoken sentence, intent) pairs from the training examples."""
    from pipelines.language.spoken_form import spoken_form

    banned = benchmark_sentences()
    # Ordered by a salted hash of the text, not shuffled: a larger training list (the --final
    # build adds the validation templates) keeps most of the same choices, so the cache holds.
    pool = sorted(train, key=lambda e: hashlib.sha256(f"{seed}/{e.text}".encode()).hexdigest())
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for example in pool:
        spoken = spoken_form(example.text)
        if not spoken or spoken in seen or spoken in banned or len(spoken.split()) > 24:
            continue
        seen.add(spoken)
        out.append((spoken, example.intent))
        if len(out) >= count:
            break
    return out


def _recognizer(work: Path) -> Any:
    from pipelines.app_context import AppContext
    from pipelines.core.paths import AppPaths
    from pipelines.speech.asr.engines import create_recognizer

    app = AppContext.create(paths=AppPaths.under(work / "asr-home"), guard=False)
    recognizer = create_recognizer(app, "pocketsphinx")
    recognizer.prepare()
    return recognizer


def transcripts(pairs: list[tuple[str, str]], work: Path, seed: int) -> dict[str, str]:
    """``voice|sentence`` -> transcript, decoding only what the cache lacks."""
    from bench.voice_audio import in_noise, speak
    from pipelines.speech.asr.base import transcribe

    cache_file = work / "asr-transcripts.jsonl"
    cache: dict[str, str] = {}
    if cache_file.exists():
        for line in cache_file.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:  # a run killed mid-line: decode that one again
                continue
            cache[row["key"]] = row["hyp"]
    todo = [
        (i, text, VOICES[i % len(VOICES)])
        for i, (text, _) in enumerate(pairs)
        if f"{VOICES[i % len(VOICES)][1]}|{text}" not in cache
    ]
    if todo:
        recognizer = _recognizer(work)
        t0 = time.perf_counter()
        with cache_file.open("a", encoding="utf-8") as handle:
            for done, (i, text, voice) in enumerate(todo, 1):
                pcm = in_noise(speak(voice, text), 0.3, 0.6, seed * 100_003 + i)
                hyp = transcribe(recognizer, pcm).text
                key = f"{voice[1]}|{text}"
                cache[key] = hyp
                handle.write(json.dumps({"key": key, "hyp": hyp}) + "\n")
                if done % 100 == 0:
                    rate = (time.perf_counter() - t0) / done
                    print(f"asr noise {done}/{len(todo)} ({rate:.2f} s each)", flush=True)
    return cache


def asr_examples(
    train: list[Example], count: int, work: Path, seed: int = 0, max_wer: float = 0.5
) -> tuple[list[Example], dict[str, int]]:
    """Intent-only examples whose text is a transcript that differs from what was said.

    Transcripts with a word error rate above ``max_wer`` are left out: a request heard half
    right teaches robustness, a garbled one ("color to white don't to list all your" for
    "convert one pound to us dollar") would only teach the model to guess on noise."""
    from bench.voice_score import wer_counts

    pairs = choose(train, count, seed)
    heard = transcripts(pairs, work, seed)
    out: list[Example] = []
    counts = {"spoken": len(pairs), "kept": 0, "exact": 0, "empty": 0, "garbled": 0}
    for i, (text, intent) in enumerate(pairs):
        voice = VOICES[i % len(VOICES)][1]
        hyp = " ".join(heard.get(f"{voice}|{text}", "").split())
        errors, words = wer_counts(text, hyp)
        if not hyp:
            counts["empty"] += 1
        elif errors == 0:
            counts["exact"] += 1
        elif errors > max_wer * words:
            counts["garbled"] += 1
        else:
            out.append(Example(hyp, intent, (), f"asr:{voice}", slots_labelled=False))
    counts["kept"] = len(out)
    return out, counts
