"""A second Whisper model's opinion, re-chosen offline on development voices only (issue 23).

Reads the dumps of ``python -m bench.voice_chooser_dev ... --dump FILE`` (every utterance's
readings as the voice loop heard them, and its audio as the loop cut it; development voices and
commands only), decodes each utterance with Whisper tiny.en (its beam's 3 readings, understood
by the intent model) and re-chooses with ``reading_vote.best``: as the vote was, with tiny.en's
readings always added, and with them added only when the vote is not settled (as
``reading_chooser.ReadingChooser`` does). The loop's later repair by sound is not replayed::

    python -m bench.voice_second_opinion_dev /tmp/h23acc/dev1.pkl /tmp/h23acc/dev2.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.voice_score import pct


def rechoose(readings: list[Any], second: Callable[[], list[Any]], always: bool = False) -> Any:
    """The vote's choice among ``readings``, with ``second()``'s readings added when the vote
    is not settled (or ``always``); ``second`` is called only when its readings are used."""
    from pipelines.speech.pipeline.reading_vote import best, rank, settled

    ordered = sorted(readings, key=rank, reverse=True)
    chosen = best(ordered)
    if always or not settled(chosen, ordered):
        chosen = best(sorted(ordered + second(), key=rank, reverse=True))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dumps", type=Path, nargs="+")
    args = parser.parse_args(argv)
    from bench.voice_audio import bench_assistant
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import locate
    from pipelines.speech.pipeline.reading_vote import Reading, best, rank

    app, assistant = bench_assistant("homebody-bench-second-opinion-")
    tiny = WhisperRecognizer(locate("tiny.en", app.paths.models_dir), name="whisper-tiny.en")
    tally: Counter[str] = Counter()
    cpu = 0.0
    for path in args.dumps:
        for u in pickle.loads(path.read_bytes()):
            family = u["voice"].split()[0]
            tally["n"] += 1
            tally[f"n/{family}"] += 1
            if not u["one"]:  # heard as two turns: wrong for every rule
                continue
            start = time.process_time()
            found = [Reading(tiny.name, t, assistant.understand(t), p)
                     for t, p in tiny.readings(u["pcm"]) if t]  # fmt: skip
            cpu += time.process_time() - start
            asked: list[bool] = []

            def second(found: list[Any] = found, asked: list[bool] = asked) -> list[Any]:
                asked.append(True)
                return found

            choices = {
                "vote (before)": best(sorted(u["readings"], key=rank, reverse=True)),
                "tiny.en always": rechoose(u["readings"], second, always=True),
            }
            asked.clear()
            choices["tiny.en when unsettled (shipped)"] = rechoose(u["readings"], second)
            tally["asked"] += bool(asked)
            for name, chosen in choices.items():
                right = chosen.intent is not None and chosen.intent.name == u["intent"]
                tally[name] += right
                tally[f"{name}/{family}"] += right
    families = sorted(k[2:] for k in tally if k.startswith("n/"))
    for name in ("vote (before)", "tiny.en always", "tiny.en when unsettled (shipped)"):
        per = ", ".join(f"{f} {tally[f'{name}/{f}']}/{tally[f'n/{f}']}" for f in families)
        print(f"{name:>34}: {tally[name]}/{tally['n']} ({pct(tally[name] / tally['n'])}; {per})")
    print(f"tiny.en asked on {tally['asked']} of {tally['n']}; its decode "
          f"{cpu / max(1, tally['n']) * 1000:.0f} ms of CPU per utterance")  # fmt: skip
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
