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
from bench.voice_audio import FLITE_VOICES, VOICES, noise
from bench.voice_commands import bench_commands, bench_enrolled
from bench.voice_report import render
from bench.voice_score import pct, wer_counts
from bench.voice_wake import bench_idle_cpu, bench_wake

# -- 1. commands through the whole voice loop: bench/voice_commands.py -----------------------


# -- 2. real recorded speech -------------------------------------------------------------------
def bench_real_speech(recognizer: Any, shared: Path) -> dict[str, Any]:
    from pipelines.speech.asr.base import transcribe
    from pipelines.speech.tts.speaker import file_pcm

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
    from pipelines.speech.asr.base import transcribe
    from pipelines.speech.asr.vosk_engine import VoskRecognizer, vosk_ko_model_dir
    from pipelines.speech.tts.speaker import espeak_pcm

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


def bench_enrolled_all(app: Any, args: argparse.Namespace) -> dict[str, Any] | None:
    """The same commands with each voice enrolled first (espeak-ng voices, then Flite's)."""
    from pipelines.speech.adaptation.sphinxtrain_tools import SphinxTrainTools

    if args.enrol_method == "none" or not SphinxTrainTools.available():
        return None
    print("commands, each voice enrolled…", file=sys.stderr, flush=True)
    out = {"espeak": bench_enrolled(app, args.commands, VOICES[:3], args.enrol_method)}
    if shutil.which("flite"):
        out["flite"] = bench_enrolled(app, args.commands, FLITE_VOICES, args.enrol_method)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--commands", type=int, default=60)
    parser.add_argument("--wake-hours", type=float, default=1.0)
    parser.add_argument("--positives", type=int, default=80)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--enrol-method",
        choices=("mllr", "mllr+map", "none"),
        default="mllr+map",
        help="also run the commands with each voice enrolled (`homebody voice enrol`); "
        "none: out of the box only",
    )
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
    enrolled = bench_enrolled_all(app, args)
    from pipelines.speech.asr.engines import create_recognizer

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
    body = render(args, idle, cmd, cmd_flite, real, vosk, wake, time.time() - t_start, enrolled)
    print(body)
    if not args.no_write:
        command = "python -m bench.voice" + (" --quick" if args.quick else "")
        if args.enrol_method != "mllr+map":
            command += f" --enrol-method {args.enrol_method}"
        write_section("voice", "Voice: wake word, speech recognition, latency", command, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
