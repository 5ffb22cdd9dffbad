"""Self-adaptation and enrolment beside the out-of-the-box figure, one voice at a time.

For each voice (test voices: no parameter was chosen on them; self-adaptation's constants in
pipelines/speech/adaptation/self_adaptation.py were set before this was run):

1. **Out of the box**: a household's commands (``--commands``, template commands) through a
   fresh voice loop, no enrolment, nothing learnt yet. The simulated user lets every turn
   whose action was right stand and says "no" to every wrong one; self-adaptation keeps the
   words of the turns it accepts (sure intent, not corrected) — text only, never audio.
2. **Self-adapted**: the command LM rebuilt with those words; the same commands again (a
   household repeats its commands) and ``--new`` commands never said before, in that voice.
3. **Enrolled**: nothing learnt, the voice enrolled instead (`homebody voice enrol`: 40
   prompts, MLLR+MAP); the same commands and the new ones.

    python -m bench.voice_self_adapt --commands 12 --new 8
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.voice_audio import bench_assistant, command_set
from bench.voice_ootb import TEST_VOICES, Run, label, speak, with_noise
from bench.voice_score import pct

VOICES = [TEST_VOICES[0], TEST_VOICES[5], TEST_VOICES[8]]
"""One per synthesizer family: espeak-ng en-us+m7 x0.8, flite rms x0.9, piper joe x0.85."""


def _pass(run: Any, assistant: Any, voice: Any, commands: list[tuple[str, str]], seed: int,
          learn: Any = None) -> dict[str, int]:  # fmt: skip
    ok = {"combination": 0, "pocketsphinx": 0, "n": 0, "kept": 0}
    for i, (text, intent) in enumerate(commands):
        pcm, _ = with_noise(speak(voice, text), seed + i)
        result = run.utterance(pcm)
        turns = result["turns"]
        got = turns[0].turn.intent.name if turns and turns[0].turn else ""
        right = len(turns) == 1 and got == intent
        ps = result["readings"].get("pocketsphinx", turns[0].transcript.text if turns else "")
        ok["combination"] += right
        ok["pocketsphinx"] += len(turns) == 1 and assistant.understand(ps).name == intent
        ok["n"] += 1
        if learn is not None and not right:
            learn.pending = None  # the user said "no": that turn is not learnt
    if learn is not None:
        learn.flush()
        ok["kept"] = learn.store.count()
    return ok


def one_voice(
    app: Any, assistant: Any, voice: Any, said: list[Any], new: list[Any]
) -> dict[str, Any]:
    from pipelines.speech.adaptation.voice_profile import forget_profile

    out: dict[str, Any] = {"voice": label(voice)}
    app.inventory.forget("heard_commands")
    forget_profile(app.paths.data_dir)
    run = Run(app, assistant)
    learn = run.learn
    assert learn is not None, "self-adaptation is on by default"
    try:
        out["ootb"] = _pass(run, assistant, voice, said, 100, learn)
        out["ootb_new"] = _pass(run, assistant, voice, new, 300)
        learn.relearn = run.relearn  # adapt once, after the first pass
        t0 = time.perf_counter()
        learn.adapt(wait=True)
        out["adapt_s"] = time.perf_counter() - t0
        learn.relearn = None
        out["adapted"] = _pass(run, assistant, voice, said, 200)
        out["adapted_new"] = _pass(run, assistant, voice, new, 300)
    finally:
        run.close()
    app.inventory.forget("heard_commands")
    out["enrol_s"] = enrol(app, voice)
    run = Run(app, assistant)
    try:
        out["enrolled"] = _pass(run, assistant, voice, said, 200)
        out["enrolled_new"] = _pass(run, assistant, voice, new, 300)
    finally:
        run.close()
        forget_profile(app.paths.data_dir)
        app.inventory.forget("heard_commands")
    return out


def enrol(app: Any, voice: Any) -> float:
    """`homebody voice enrol` from the 40 prompts spoken in ``voice`` (any of the three
    synthesizers), in the same room noise; returns the seconds adaptation took."""
    from bench.voice_audio import in_noise
    from pipelines.speech.adaptation.voice_adaptation import EnrolmentUtterance
    from pipelines.speech.adaptation.voice_profile import enrol_voice, enrolment_prompts

    read = [EnrolmentUtterance(t, in_noise(speak(voice, t), 0.4, 0.6, 50_000 + i))
            for i, t in enumerate(enrolment_prompts())]  # fmt: skip
    t0 = time.perf_counter()
    enrol_voice(app.paths.data_dir, read, method="mllr+map")
    return time.perf_counter() - t0


def render(rows: list[dict[str, Any]], n_said: int, n_new: int, seconds: float) -> str:
    def cell(r: dict[str, Any], key: str) -> str:
        c = r[key]
        return f"{pct(c['combination'] / c['n'])} ({pct(c['pocketsphinx'] / c['n'])})"

    lines = [
        f"Each voice alone: {n_said} household commands, then the same again and {n_new} new "
        "ones; every second utterance in 10-20 dB SNR white noise. Cells: intent from audio, "
        "Homebody's combination (PocketSphinx alone in brackets). Test voices, no parameter "
        "chosen on them.",
        "",
        "| Voice | Out of the box: said / new | Self-adapted (kept commands): said / new "
        "| Enrolled (40 prompts): said / new |",
        "|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['voice']} | {cell(r, 'ootb')} / {cell(r, 'ootb_new')} | "
            f"{cell(r, 'adapted')} / {cell(r, 'adapted_new')} ({r['ootb']['kept']} kept, "
            f"LM rebuilt in {r['adapt_s']:.0f} s) | {cell(r, 'enrolled')} / "
            f"{cell(r, 'enrolled_new')} (enrolment {r['enrol_s']:.0f} s) |"
        )
    load = os.getloadavg()[0]
    lines += ["", f"Machine shared with parallel jobs (load {load:.1f} at the end); "
              f"took {seconds / 60:.1f} min."]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=12)
    parser.add_argument("--new", type=int, default=8)
    parser.add_argument("--voices", type=int, default=len(VOICES))
    parser.add_argument("--only", type=int, help="just this voice (index in VOICES)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-adapt-")
    commands = command_set(args.commands + args.new, seed=777)
    said, new = commands[: args.commands], commands[args.commands :]
    t0 = time.time()
    rows = []
    chosen = [VOICES[args.only]] if args.only is not None else VOICES[: args.voices]
    for voice in chosen:
        print(label(voice), file=sys.stderr, flush=True)
        rows.append(one_voice(app, assistant, voice, said, new))
        if args.json:
            args.json.write_text(json.dumps(rows))
    app.close()
    body = render(rows, len(said), len(new), time.time() - t0)
    print(body)
    if not args.no_write:
        from bench.report import write_section

        write_section(
            "voice-self-adapt", "Voice: self-adaptation and enrolment beside out of the box "
            "(issue 23)", "python -m bench.voice_self_adapt", body,
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
