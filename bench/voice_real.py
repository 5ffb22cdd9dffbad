"""The real recordings of ``../shared/data/speech`` through the benchmark's voice loop.

People, not synthesizers: the CMU cards and "go forward" recordings, LibriVox readings and the
Vosk digits example (16 kHz mono WAV with reference transcripts). They are not commands, so
they are scored by word error rate only: each recogniser's reading of the same segmented
audio, and the turns the combination heard (a long reading may be several turns)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from bench.voice_score import pct, wer_counts

MODES = ("pocketsphinx", "tiny.en", "whisper-base", "combination")


def recordings() -> list[tuple[Path, str]]:
    """(WAV, reference) of the human-verified recordings; [] without ../shared."""
    from pipelines.core.paths import shared_dir

    root = shared_dir()
    table = root / "data" / "speech" / "transcripts.tsv" if root else None
    if table is None or not table.is_file():
        return []
    with table.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    human = ("human", "pocketsphinx")
    return [(table.parent / r["file"], r["reference_transcript"]) for r in rows
            if r["file"].endswith(".wav") and r["reference_origin"].startswith(human)]  # fmt: skip


def run_real(run: Any) -> dict[str, Any]:
    """WER per mode over the recordings, fed one file per stream (``run``: voice_ootb.Run)."""
    from bench.voice_audio import in_noise
    from pipelines.audio.pcm import read_wav

    errors = dict.fromkeys(MODES, 0)
    words = 0
    files = recordings()
    for i, (path, ref) in enumerate(files):
        pcm, _ = read_wav(path)
        result = run.utterance(in_noise(pcm, 0.4, 1.0, 20_000 + i, level=5.0))
        readings = dict(result["readings"])
        turns = result["turns"]
        readings["combination"] = " ".join(t.transcript.text for t in turns)
        if turns and "pocketsphinx" not in readings:
            readings["pocketsphinx"] = turns[0].transcript.text
        for mode in MODES:
            errors[mode] += wer_counts(ref, readings.get(mode, ""))[0]
        words += wer_counts(ref, ref)[1]
    return {
        "files": len(files),
        "words": words,
        "wer": {m: errors[m] / max(1, words) for m in MODES},
    }


def render_real(real: dict[str, Any]) -> list[str]:
    if not real.get("files"):
        return ["Real recordings: ../shared/data/speech is not present; not measured.", ""]
    cells = " | ".join(pct(real["wer"][m]) for m in MODES)
    return [
        f"**Real recordings** (`../shared/data/speech`: {real['files']} human recordings, "
        f"{real['words']} words — cards, 'go forward', LibriVox; not commands, so WER only; "
        "the Vosk digits clip is left out, its reference is not human-verified):",
        "",
        "| | PocketSphinx (command LM) | Whisper tiny.en | Whisper base | Combination |",
        "|---|---|---|---|---|",
        f"| WER | {cells} |",
        "",
    ]
