"""Voice benchmark: command WER + intent accuracy from audio, real-speech WER, real-time factor,
end-of-speech -> response latency, wake-word false accepts/rejects, idle listening CPU.

    python -m bench.voice            # everything (~10 min on 2 busy cores)
    python -m bench.voice --quick    # smaller sets, for a smoke run

All speech except ../shared/data/speech is synthesised with espeak-ng at run time into memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import write_section
from bench.voice_audio import (
    FLITE_VOICES,
    VOICES,
    Voice,
    command_set,
    in_noise,
    label,
    noise,
    speak,
)
from bench.voice_report import render
from bench.voice_score import live_latency, pct, quantile, wer_counts
from bench.voice_wake import bench_idle_cpu, bench_wake


# -- 1. commands through the whole voice loop ------------------------------------------------
def bench_commands(app: Any, n: int, voices: list[Voice]) -> dict[str, Any]:
    from pipelines.assistant import Assistant
    from pipelines.audio.source import AudioSource, ChunkStreamBackend
    from pipelines.speech.engines import create_recognizer
    from pipelines.speech.session import create_voice_loop

    recognizer = create_recognizer(app)
    assistant = Assistant(app)
    assistant.prepare()
    has_nlu = assistant.recognizer.name != "none"
    loop = create_voice_loop(app, recognizer=recognizer, use_wake_word=False, answerer=assistant)
    rows = []
    errors = words = raw_errors = 0
    per_voice: dict[str, list[int]] = {}
    intent_ok = text_intent_ok = total = 0
    processing: list[float] = []
    end_to_response: list[float] = []
    asr_final: list[float] = []
    fallbacks = second_kept = 0
    live_e2r: list[float] = []
    audio_s = decode_s = 0.0
    commands = command_set(n)
    with loop:  # closing it stops the Whisper worker thread
        for i, (text, intent) in enumerate(commands):
            for v, voice in enumerate(voices):
                pcm = in_noise(speak(voice, text), 0.4, 1.0, i * 7 + v)
                t0 = time.process_time()
                turns = loop.run(AudioSource(ChunkStreamBackend([pcm])).chunks())
                decode_s += time.process_time() - t0
                audio_s += len(pcm) / 32000
                hyp = " ".join(t.transcript.text for t in turns)
                e, w = wer_counts(text, hyp)
                errors += e
                words += w
                raw_errors += wer_counts(text, hyp, normalised=False)[0]
                per_voice.setdefault(label(voice), [0, 0])
                per_voice[label(voice)][0] += e
                per_voice[label(voice)][1] += w
                total += 1
                if turns:
                    turn = turns[0]
                    processing.append(turn.latencies_ms["processing"])
                    end_to_response.append(turn.latencies_ms["end_of_speech_to_response"])
                    asr_final.append(turn.latencies_ms["asr_final"])
                    fallbacks += turn.transcript.mode == "free"
                    second_kept += "whisper" in turn.transcript.engine
                    live_e2r.append(live_latency(turn.latencies_ms))
                    if has_nlu and turn.turn is not None and turn.turn.intent.name == intent:
                        intent_ok += 1
                if len(rows) < 12 and e:
                    rows.append([label(voice), text, hyp])
    if has_nlu:
        for text, intent in commands:
            text_intent_ok += assistant.understand(text).name == intent
    return {
        "n_commands": len(commands),
        "n_utterances": total,
        "wer": errors / max(words, 1),
        "raw_wer": raw_errors / max(words, 1),
        "per_voice": {k: e / max(w, 1) for k, (e, w) in per_voice.items()},
        "intent_acc": intent_ok / total if has_nlu else None,
        "text_intent_acc": text_intent_ok / len(commands) if has_nlu else None,
        "processing_p50": quantile(processing, 0.5),
        "processing_p95": quantile(processing, 0.95),
        "e2r_p50": quantile(end_to_response, 0.5),
        "e2r_p95": quantile(end_to_response, 0.95),
        "asr_final_p50": quantile(asr_final, 0.5),
        "fallback_rate": fallbacks / max(total, 1),
        "second_pass": loop.second_pass is not None,
        "second_kept": second_kept / max(total, 1),
        "live_e2r_p50": quantile(live_e2r, 0.5),
        "live_e2r_p95": quantile(live_e2r, 0.95),
        "loop_cpu_rtf": decode_s / audio_s,
        "examples": rows,
        "trailing_silence_ms": app.settings.audio.trailing_silence_ms,
        "quick_end_silence_ms": app.settings.audio.quick_end_silence_ms,
    }


# -- 2. real recorded speech -------------------------------------------------------------------
def bench_real_speech(recognizer: Any, shared: Path) -> dict[str, Any]:
    from pipelines.speech.base import transcribe
    from pipelines.speech.tts import file_pcm

    folder = shared / "data/speech"
    rows = list(csv.DictReader((folder / "transcripts.tsv").open(encoding="utf-8"), delimiter="\t"))
    result: dict[str, Any] = {"files": []}
    for mode in ("free", "command"):
        e_all = w_all = 0
        cpu = audio = 0.0
        for row in rows:
            if not row["file"].endswith(".wav"):
                continue
            pcm = file_pcm(folder / row["file"])
            t0 = time.perf_counter()
            hyp = transcribe(recognizer, pcm, mode).text
            cpu += time.perf_counter() - t0
            audio += len(pcm) / 32000
            e, w = wer_counts(row["reference_transcript"], hyp)
            e_all += e
            w_all += w
            if mode == "free":
                result["files"].append([row["file"], row["reference_transcript"], hyp, pct(e / w)])
        result[mode] = {"wer": e_all / w_all, "rtf": cpu / audio, "audio_s": audio}
    return result


def bench_rtf_vosk(say_seconds: float = 20.0) -> dict[str, Any] | None:
    from pipelines.speech.base import transcribe
    from pipelines.speech.tts import espeak_pcm
    from pipelines.speech.vosk_engine import VoskRecognizer, vosk_ko_model_dir

    folder = vosk_ko_model_dir()
    if folder is None:
        return None
    phrases = ["안녕하세요", "감사합니다", "불 켜 줘", "지금 몇 시야", "타이머 오 분"]
    rec = VoskRecognizer(folder, phrases)
    rec.prepare()
    out: dict[str, Any] = {}
    for mode in ("free", "command"):
        cpu = audio = 0.0
        hits = 0
        for p in phrases:
            pcm = noise(0.3, 1) + espeak_pcm(p, "ko", 150) + noise(0.3, 2)
            t0 = time.perf_counter()
            text = transcribe(rec, pcm, mode).text
            cpu += time.perf_counter() - t0
            audio += len(pcm) / 32000
            hits += text == p
        out[mode] = {"rtf": cpu / audio, "exact": hits / len(phrases)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--commands", type=int, default=60)
    parser.add_argument("--wake-hours", type=float, default=1.0)
    parser.add_argument("--positives", type=int, default=80)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--quick-end-ms", type=int, help="override audio.quick_end_silence_ms (0 turns it off)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.commands, args.wake_hours, args.positives = 12, 0.05, 12
    from pipelines.app_context import AppContext
    from pipelines.core.paths import AppPaths, shared_dir

    shared = shared_dir()
    if shared is None:
        print("../shared is missing: the benchmark needs its real speech and SLURP text")
        return 2
    home = Path(tempfile.mkdtemp(prefix="homebody-bench-voice-"))
    os.environ["HOMEBODY_HOME"] = str(home)
    if args.quick_end_ms is not None:
        (home / "config").mkdir(parents=True)
        (home / "config" / "settings.toml").write_text(
            f"[audio]\nquick_end_silence_ms = {args.quick_end_ms}\n", encoding="utf-8"
        )
    app = AppContext.create(paths=AppPaths.from_environment(), guard=False)
    voices = VOICES[:3]
    t_start = time.time()
    print("idle cpu…", file=sys.stderr, flush=True)
    idle = bench_idle_cpu(20.0 if args.quick else 60.0)
    idle48 = bench_idle_cpu(20.0 if args.quick else 60.0, 48000)
    print("commands…", file=sys.stderr, flush=True)
    cmd = bench_commands(app, args.commands, voices)
    cmd_flite = None
    if shutil.which("flite"):
        print("commands (flite)…", file=sys.stderr, flush=True)
        cmd_flite = bench_commands(app, args.commands, FLITE_VOICES)
    from pipelines.speech.engines import create_recognizer

    sphinx = create_recognizer(app, "pocketsphinx")
    sphinx.prepare()
    print("real speech…", file=sys.stderr, flush=True)
    real = bench_real_speech(sphinx, shared)
    print("vosk…", file=sys.stderr, flush=True)
    vosk = bench_rtf_vosk()
    print("wake word…", file=sys.stderr, flush=True)
    wake_voices = VOICES + (FLITE_VOICES if shutil.which("flite") else [])
    wake = bench_wake(args.wake_hours, args.positives, wake_voices, shared)
    idle["idle48"] = idle48["core_fraction"]
    app.close()
    body = render(args, idle, cmd, cmd_flite, real, vosk, wake, time.time() - t_start)
    print(body)
    if not args.no_write:
        command = "python -m bench.voice" + (" --quick" if args.quick else "")
        write_section("voice", "Voice: wake word, speech recognition, latency", command, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
