"""Intent models compared from audio, without speaking anything again: the readings that
``python -m bench.voice_chooser_dev --dump FILE`` kept (development voices only) are understood
again by each model, through the app's recogniser (grammars + model), and the shipped chooser
(``reading_chooser.best``) picks among them as the voice loop would.

    python -m bench.voice_chooser_replay --dev /tmp/v23b/dev1.pkl /tmp/v23b/dev2.pkl \\
        --model models/intent --model /tmp/new/model

Per model: commands understood (the chosen reading's intent is the one said) per synthesizer
family, the ceiling (any reading understood right) and false actions (a chosen reading acted
on, at or above the confidence threshold, that is not the command said). An utterance the loop
heard as two turns counts as wrong for every model, as in ``bench.voice_chooser_dev``. Two
development voices (espeak-ng en-us+m1, Flite kal) also spoke training readings
(``bench.asr_noise``; other sentences): the figure without them is reported too.
Recogniser readings are the same for every model, so the difference is the intent model's.
The loop's later repair of an unsure choice to the nearest command sentence by sound
(``phrase_repair.py``) is not replayed: this measures the vote among the readings only.
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.voice_score import pct

ACTS_AT = 0.55
"""The default ``nlu.confidence_threshold``."""


def replay(utterances: list[dict[str, Any]], recognizer: Any) -> Counter[str]:
    """Tally of one model over the dumped utterances (keys: n, right, any, acted_wrong, and
    the same per family as ``right/<family>``, ``n/<family>``)."""
    from bench.asr_noise import VOICES as TRAINING_VOICES
    from pipelines.speech.pipeline.reading_chooser import NO_ACTION_INTENTS, best, rank

    heard_in_training = {name for _, name, _ in TRAINING_VOICES}
    tally: Counter[str] = Counter()
    for utterance in utterances:
        family, voice = utterance["voice"].split()[:2]
        unheard = voice not in heard_in_training
        tally["n"] += 1
        tally[f"n/{family}"] += 1
        tally["n_unheard"] += unheard
        if not utterance["one"]:
            continue
        readings = [
            replace(r, intent=recognizer.recognize(r.text) if r.text else None)
            for r in utterance["readings"]
        ]
        # the loop's order: PocketSphinx's reading first, then by rank (stable)
        readings.sort(key=lambda r: r.source != "pocketsphinx")
        readings.sort(key=rank, reverse=True)
        said = utterance["intent"]
        chosen = best(readings) if readings else None
        got = chosen.intent if chosen is not None else None
        right = got is not None and got.name == said
        tally["right"] += right
        tally[f"right/{family}"] += right
        tally["right_unheard"] += right and unheard
        tally["any"] += any(r.intent is not None and r.intent.name == said for r in readings)
        tally["acted_wrong"] += (
            got is not None
            and not right
            and got.name not in NO_ACTION_INTENTS
            and got.confidence >= ACTS_AT
        )
    return tally


def report(name: str, tally: Counter[str]) -> str:
    families = sorted(k[2:] for k in tally if k.startswith("n/"))
    per = ", ".join(f"{f} {tally[f'right/{f}']}/{tally[f'n/{f}']}" for f in families)
    n = tally["n"]
    return (
        f"{name}: {tally['right']}/{n} ({pct(tally['right'] / n)}; {per}); any reading right "
        f"{tally['any']}/{n}; wrong request acted on {tally['acted_wrong']}; voices no "
        f"training reading came from: {tally['right_unheard']}/{tally['n_unheard']}"
    )


def main(argv: list[str] | None = None) -> int:
    from pipelines.language.loader import intent_model_dir
    from pipelines.language.recognizer import OnnxIntentRecognizer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, nargs="+", required=True)
    parser.add_argument(
        "--model", type=Path, action="append", help="model folder (default: the shipped one)"
    )
    args = parser.parse_args(argv)
    utterances: list[dict[str, Any]] = []
    for path in args.dev:
        utterances += pickle.loads(path.read_bytes())
    for folder in args.model or [intent_model_dir()]:
        recognizer = OnnxIntentRecognizer(folder, threads=1, threshold=ACTS_AT)
        recognizer.prepare()
        print(report(str(folder), replay(utterances, recognizer)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
