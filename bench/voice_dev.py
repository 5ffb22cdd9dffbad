"""Voice development set: quick, repeatable measurements for tuning (never the test set).

    python -m bench.voice_dev                 # 30 dev sentences x 3 espeak-ng voices
    python -m bench.voice_dev --n 60 --flite  # more sentences, plus a Flite dev voice
    python -m bench.voice_dev --lm my.arpa    # another command LM
    python -m bench.voice_dev --grammar       # decode commands with the command grammar (FSG)
    python -m bench.voice_dev --dump rows.json
    python -m bench.voice_dev --voices scotland --hmm DIR  # one voice, with an adapted model

The development set (docs/VOICE.md): ``command_set(400, seed=1717)`` minus every sentence of
the benchmark's test set, spoken by espeak-ng voices the benchmark does not use. Every
utterance goes through the same path as ``bench.voice`` (VoicePipeline: VAD, segmenter, adaptive
endpointing, recogniser, Assistant.ask()).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.voice_audio import Voice, command_set, in_noise, label, speak
from bench.voice_score import live_latency, quantile, wer_counts

DEV_VOICES: list[Voice] = [
    ("espeak-ng", "en-us+m3", 165),
    ("espeak-ng", "en-gb-scotland", 160),
    ("espeak-ng", "en-us+f2", 195),
]
DEV_FLITE: list[Voice] = [("flite", "kal16", 1.1)]
"""Not one of the benchmark's Flite voices (slt, rms, awb)."""


def dev_commands(n: int) -> list[tuple[str, str]]:
    test = {text for text, _ in command_set(60)}
    out: list[tuple[str, str]] = []
    for text, intent in command_set(400, seed=1717):
        if text not in test and (text, intent) not in out:
            out.append((text, intent))
    return out[:n]


def run(app: Any, recognizer: Any, commands: list[tuple[str, str]], voices: list[Voice]) -> Any:
    from pipelines.assistant import Assistant
    from pipelines.audio.source import AudioSource, ChunkStreamBackend
    from pipelines.speech.pipeline.session import create_voice_pipeline

    assistant = Assistant(app)
    assistant.prepare()
    loop = create_voice_pipeline(
        app, recognizer=recognizer, use_wake_word=False, answerer=assistant
    )
    rows: list[dict[str, Any]] = []
    with loop:  # closing it stops the Whisper worker thread
        for i, (text, intent) in enumerate(commands):
            for v, voice in enumerate(voices):
                pcm = in_noise(speak(voice, text), 0.4, 1.0, 1000 + i * 7 + v)
                turns = loop.run(AudioSource(ChunkStreamBackend([pcm])).chunks())
                hyp = " ".join(t.transcript.text for t in turns)
                e, w = wer_counts(text, hyp)
                first = turns[0] if turns else None
                rows.append(
                    {
                        "voice": label(voice),
                        "ref": text,
                        "hyp": hyp,
                        "intent": intent,
                        "got": first.turn.intent.name if first and first.turn else "",
                        "errors": e,
                        "words": w,
                        "mode": first.transcript.mode if first else "",
                        "engine": first.transcript.engine if first else "",
                        "confidence": first.transcript.confidence if first else 0.0,
                        "reason": first.reason if first else "",
                        "latency": dict(first.latencies_ms) if first else {},
                    }
                )
    return rows


def use_grammar(recognizer: Any, cache_dir: Path) -> None:
    """Decode command mode with the command grammar as a PocketSphinx FSG search (the
    experiment in docs/VOICE.md; the app decodes with the command LM)."""
    from pipelines.language.spoken_form import extra_dictionary
    from pipelines.speech.adaptation.sphinx_model_files import model_dir
    from pipelines.speech.lm.command_grammar import ensure_command_graph

    dicts = [model_dir() / "cmudict-en-us.dict", extra_dictionary()]
    graph = ensure_command_graph(cache_dir / "dict-only", dicts)
    decoder = recognizer._decoder
    decoder.add_fsg("grammar", decoder.create_fsg("grammar", 0, graph.states, graph.transitions()))
    free = recognizer._search_name
    recognizer._search_name = lambda mode: "grammar" if mode == "command" else free(mode)


def summary(rows: list[dict[str, Any]]) -> str:
    def line(name: str, part: list[dict[str, Any]]) -> str:
        e = sum(r["errors"] for r in part)
        w = sum(r["words"] for r in part)
        ok = sum(r["got"] == r["intent"] for r in part)
        e2r = [live_latency(r["latency"]) for r in part if r["latency"]]
        proc = [r["latency"]["processing"] for r in part if r["latency"]]
        return (
            f"{name:<32} n={len(part):3d} WER {100 * e / max(w, 1):5.1f}%  "
            f"intent {100 * ok / max(len(part), 1):5.1f}%  e2r p50/p95 "
            f"{quantile(e2r, 0.5):4.0f}/{quantile(e2r, 0.95):4.0f} ms  proc p50/p95 "
            f"{quantile(proc, 0.5):4.0f}/{quantile(proc, 0.95):4.0f} ms"
        )

    voices = list(dict.fromkeys(r["voice"] for r in rows))
    out = [line(v, [r for r in rows if r["voice"] == v]) for v in voices]
    espeak = [r for r in rows if r["voice"].startswith("espeak")]
    out.append(line("ALL espeak-ng", espeak))
    reasons = Counter(r["reason"] for r in espeak)
    free = sum(r["mode"] == "free" for r in espeak)
    whisper = sum("whisper" in r.get("engine", "") for r in espeak)
    asked = sum("second_pass" in r["latency"] and r["latency"]["second_pass"] > 50 for r in espeak)
    out.append(f"second pass: asked ~{asked}, Whisper's reading kept {whisper}")
    out.append(f"end reasons: {dict(reasons)}; general-LM readings: {free}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=30, help="development sentences")
    parser.add_argument("--flite", action="store_true", help="add a Flite dev voice")
    parser.add_argument("--lm", type=Path, help="command LM (ARPA) instead of the app's")
    parser.add_argument(
        "--fallback", type=float, help="general-LM fallback below this confidence (0: off)"
    )
    parser.add_argument(
        "--grammar", action="store_true", help="command grammar (FSG search) for commands"
    )
    parser.add_argument(
        "--voices", help="only the voices whose label contains this text (e.g. scotland, kal16)"
    )
    parser.add_argument(
        "--hmm", type=Path, help="an adapted acoustic model folder (a voice profile's model/)"
    )
    parser.add_argument("--dump", type=Path, help="write every utterance's row as JSON")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="homebody-voice-dev-"))
    os.environ["HOMEBODY_HOME"] = str(home)
    if args.hmm is not None and not (args.hmm / "means").is_file():
        parser.error(f"no acoustic model at {args.hmm}")
    from pipelines.app_context import AppContext
    from pipelines.core.paths import AppPaths
    from pipelines.speech.asr.pocketsphinx_engine import PocketSphinxRecognizer

    app = AppContext.create(paths=AppPaths.from_environment(), guard=False)
    recognizer = PocketSphinxRecognizer(
        app.paths.cache_dir, command_lm=args.lm, acoustic_model=args.hmm
    )
    if args.fallback is not None:
        recognizer.fallback_confidence = args.fallback
    t0 = time.time()
    recognizer.prepare()
    if args.grammar:
        use_grammar(recognizer, app.paths.cache_dir)
    print(f"recogniser ready in {time.time() - t0:.1f} s", file=sys.stderr)
    voices = DEV_VOICES + (DEV_FLITE if args.flite else [])
    if args.voices:
        voices = [v for v in voices if args.voices in label(v)]
        if not voices:
            parser.error(f"no dev voice matches {args.voices!r}")
    rows = run(app, recognizer, dev_commands(args.n), voices)
    app.close()
    print(summary(rows))
    print(f"took {time.time() - t0:.0f} s")
    if args.dump:
        args.dump.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
