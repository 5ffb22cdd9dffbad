"""End of speech -> reply, stage by stage, on development voices only (issue 23).

The dev commands of ``bench.voice_ootb`` spoken by ``bench.voice_dev_settings``' development
voices (every second utterance in 10-20 dB SNR white noise), through the voice loop alone (no
stand-alone comparison readings), once per setting on the same audio. Per turn: how it ended
(complete / likely / silence / end of input), the wait from where the synthesised speech
really ends (``true_wait``) and the silence waited after the VAD's last speech frame (both
audio time), the wait for Whisper's verdict before the end, the recognisers' final pass, the
assistant, and the live reply time (Whisper's head start in the pause taken off)::

    python -m bench.voice_latency_dev --commands 10 [--audio /tmp/dev10.pkl] \
        [--settings early=0,complete=0 shipped]

Load-dependent numbers (everything but the endpoint wait) compare settings within one run.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from collections import Counter
from typing import Any

from bench.voice_audio import bench_assistant
from bench.voice_dev_settings import VOICES
from bench.voice_endpoint_settings import apply
from bench.voice_ootb import (
    LEAD_S,
    _spoken,
    label,
    speak,
    speech_end_s,
    split_commands,
    with_noise,
)
from bench.voice_score import live_latency, quantile
from bench.voice_split_dev import ootb_loop

STAGES = (
    "true_wait",
    "endpoint_wait",
    "second_pass_before_end",
    "asr_final",
    "assistant",
    "processing",
)


def run(app: Any, assistant: Any, audio: list[tuple[str, str, bytes, float]]) -> dict[str, Any]:
    from pipelines.audio.source import AudioSource, ChunkStreamBackend

    loop = ootb_loop(app, assistant)
    rows: list[dict[str, Any]] = []
    asr = loop._asr
    finish = asr.finish
    seen: dict[str, str] = {}

    def finish_and_note(event: Any, clock: Any) -> Any:
        seen["pocketsphinx"] = asr._partial  # its last partial, as the endpointer judged it
        out = finish(event, clock)
        last = getattr(loop.second_pass, "last_whisper", None)
        seen["whisper"] = last[0][0] if last else ""
        chosen = getattr(loop.second_pass, "last", [])
        seen["readings"] = [(r.source, r.text, r.confidence, r.intent.name if r.intent else "",
                             r.intent.confidence if r.intent else 0.0) for r in chosen]  # fmt: skip
        return out

    asr.finish = finish_and_note  # type: ignore[method-assign]
    try:
        for where, intent, pcm, speech_end in audio:
            start = loop.position_s  # the clip's first sample in the loop's stream
            turns = loop.run(AudioSource(ChunkStreamBackend([pcm])).chunks())
            first = turns[0] if turns else None
            lat = dict(first.latencies_ms) if first is not None else {}
            got = first.turn.intent.name if first and first.turn and first.turn.intent else ""
            if first is not None:  # from where the speech really ended (audio time)
                lat["true_wait"] = (first.ended_at_s - start - speech_end) * 1000
            rows.append({"where": where, "n_turns": len(turns), "right": got == intent,
                         "intent": intent, "got": got,
                         "reason": first.reason if first else "", "lat": lat,
                         "text": first.transcript.text if first else "",
                         **seen})  # fmt: skip
    finally:
        loop.close()
    return {"rows": rows}


def report(name: str, rows: list[dict[str, Any]]) -> None:
    lats = [r["lat"] for r in rows if r["lat"]]
    reasons = Counter(r["reason"] for r in rows)
    splits = sum(r["n_turns"] > 1 for r in rows)
    right = sum(r["right"] for r in rows)
    e2r = [x["end_of_speech_to_response"] for x in lats]
    live = [live_latency(x) for x in lats]
    print(f"== {name}: {len(rows)} utterances, intent right {right}, splits {splits}, "
          f"ends {dict(reasons)}")  # fmt: skip
    true = [live_latency(x) - x["endpoint_wait"] + x["true_wait"] for x in lats]
    print(f"   reply measured p50/p95 {quantile(e2r, 0.5):.0f}/{quantile(e2r, 0.95):.0f} ms, "
          f"live {quantile(live, 0.5):.0f}/{quantile(live, 0.95):.0f} ms, live from the real "
          f"end of speech {quantile(true, 0.5):.0f}/{quantile(true, 0.95):.0f} ms")  # fmt: skip
    for stage in STAGES:
        xs = [x.get(stage, 0.0) for x in lats]
        print(f"   {stage:>24}: p50 {quantile(xs, 0.5):5.0f}  p95 {quantile(xs, 0.95):5.0f}  "
              f"mean {sum(xs) / max(1, len(xs)):5.0f} ms")  # fmt: skip
    for r in rows:
        if r["lat"] and r["lat"]["endpoint_wait"] > 300:
            wait = r["lat"]["endpoint_wait"]
            print(f"   {r['reason']:>8} {wait:4.0f} ms  ps={r.get('pocketsphinx')!r}  "
                  f"whisper={r.get('whisper')!r}  [{r['where']}]")  # fmt: skip
    for reason in sorted(reasons):
        xs = [r["lat"]["endpoint_wait"] for r in rows if r["reason"] == reason and r["lat"]]
        lv = [live_latency(r["lat"]) for r in rows if r["reason"] == reason and r["lat"]]
        if xs:
            print(
                f"   ended {reason:>12} x{len(xs):3d}: endpoint wait p50 "
                f"{quantile(xs, 0.5):.0f} ms, live reply p50 {quantile(lv, 0.5):.0f} ms"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=10)
    parser.add_argument("--audio", help="pickle of the spoken audio (made once, then reused)")
    parser.add_argument("--dump", help="pickle of each setting's turns: <dump>.<setting>.pkl")
    parser.add_argument(
        "--settings",
        nargs="*",
        default=["shipped"],
        help="shipped, or name=value,... (bench.voice_endpoint_settings)",
    )
    args = parser.parse_args(argv)
    app, assistant = bench_assistant("homebody-bench-latency-")
    if args.audio and os.path.exists(args.audio):
        with open(args.audio, "rb") as f:
            _spoken.update(pickle.load(f))
    _, dev = split_commands(34, args.commands)
    audio: list[tuple[str, str, bytes, float]] = []
    for i, (text, intent) in enumerate(dev):
        for v, voice in enumerate(VOICES):
            speech = speak(voice, text)
            pcm, snr = with_noise(speech, i * len(VOICES) + v)
            end = LEAD_S + speech_end_s(speech)
            audio.append((f"{label(voice)} {snr or 0:.0f}dB | {text}", intent, pcm, end))
    if args.audio and not os.path.exists(args.audio):
        with open(args.audio, "wb") as f:
            pickle.dump(_spoken, f)
    for setting in args.settings:
        chosen = apply(setting)
        t0 = time.time()
        out = run(app, assistant, audio)
        report(
            f"{setting} {chosen} [{time.time() - t0:.0f} s, load {os.getloadavg()[0]:.1f}]",
            out["rows"],
        )
        if args.dump:
            with open(f"{args.dump}.{setting}.pkl", "wb") as f:
                pickle.dump(out["rows"], f)
        for r in out["rows"]:
            if r["n_turns"] > 1:
                print("   SPLIT", r["where"])
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
