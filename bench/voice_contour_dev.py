"""How speech sounds before a pause: the end of a command vs a pause inside one (issue 23).

For each pause the VAD finds (150 ms of non-speech or more) in development audio, the contour
of the speech before it (``pipelines.audio.prosody.final_contour``: pitch of the last voiced
150 ms against the utterance's median, energy decay), grouped by what the pause was: the end
of a command (``bench.voice_ootb``'s dev commands x ``bench.voice_dev_settings``' voices, every
second in 10-20 dB white noise), a pause between two halves said apart
(``bench.voice_pause_check``), or a pause after a first half that goes on (espeak-ng with an
SSML break, ``--continuation`` of the pause check). Also where the VAD (one detector carried
from clip to clip, as in the voice loop) puts the end of each command's speech against where
the synthesised speech really ends: the endpoint wait is counted from the VAD's end. No
recogniser runs: a few minutes of CPU::

    python -m bench.voice_contour_dev [--commands 10] [--audio /tmp/dev10.pkl] [--lead 0.4]
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
from collections import defaultdict

import numpy as np

from bench.voice_dev_settings import VOICES
from bench.voice_ootb import _spoken, label, speak, split_commands, with_lead, with_noise
from bench.voice_pause_check import continued, paused


def pauses(pcm: bytes) -> list[tuple[int, bool]]:
    """(sample where the speech before it ended, whether it is the last) per pause."""
    from pipelines.audio.vad import create_vad

    vad = create_vad("webrtc", 2)
    fs = vad.frame_samples
    ends: list[int] = []
    started, run = False, 0
    for k in range(0, len(pcm) // 2 - fs + 1, fs):
        if vad.speech_probability(pcm[2 * k : 2 * (k + fs)]) >= 0.5:
            if started and run * fs >= 2400:
                ends.append(k - run * fs)
            started, run = True, 0
        else:
            run += 1
    if started:
        ends.append(len(pcm) // 2 - run * fs)
    return [(e, i == len(ends) - 1) for i, e in enumerate(ends)]


def vad_end_late(commands: list[tuple[str, str]], lead_s: float) -> dict[str, list[float]]:
    """ms from the end of the synthesised speech to the VAD's last speech frame, per command
    clip (``with_noise``'s noise, but ``lead_s`` of it before the speech instead of 0.4 s)."""
    from pipelines.audio.vad import create_vad

    vad = create_vad("webrtc", 2)  # one detector for all: its noise floor carries over
    fs = vad.frame_samples
    late: dict[str, list[float]] = defaultdict(list)
    for i, (text, _) in enumerate(commands):
        for v, voice in enumerate(VOICES):
            pcm, snr, end = with_lead(speak(voice, text), i * len(VOICES) + v, lead_s)
            last = 0.0
            for k in range(0, len(pcm) // 2 - fs + 1, fs):
                if vad.speech_probability(pcm[2 * k : 2 * (k + fs)]) >= 0.5:
                    last = (k + fs) / 16000
            late["quiet" if snr is None else "noisy"].append((last - end) * 1000)
    return late


def main(argv: list[str] | None = None) -> int:
    from bench.prosody import final_contour

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=10)
    parser.add_argument("--paused", type=int, default=6, help="paused commands (>= 5 words)")
    parser.add_argument("--audio", help="pickle of the spoken audio (bench.voice_latency_dev's)")
    parser.add_argument("--lead", type=float, nargs="*", default=[0.4, 2.0], help="noise (s) "
                        "before each command, for the VAD's end of speech")  # fmt: skip
    args = parser.parse_args(argv)
    if args.audio and os.path.exists(args.audio):
        with open(args.audio, "rb") as f:
            _spoken.update(pickle.load(f))
    clips: list[tuple[str, str, bool, bytes]] = []
    for i, (text, _) in enumerate(split_commands(34, args.commands)[1]):
        for v, voice in enumerate(VOICES):
            pcm, snr = with_noise(speak(voice, text), i * len(VOICES) + v)
            clips.append(("command", label(voice), snr is not None, pcm))
    long = [c for c in split_commands(34, 80)[1] if len(c[0].split()) >= 5][: args.paused]
    for pause in (0.25, 0.35, 0.5):
        for snr_db in (None, 15.0):
            for j, (text, _) in enumerate(long):
                for voice in VOICES[:3]:
                    pcm = paused(voice, text, pause, j, snr_db)
                    clips.append(("halves", label(voice), snr_db is not None, pcm))
                    if voice[0] == "espeak-ng":
                        pcm = continued(voice, text, pause, j, snr_db)
                        clips.append(("goes on", label(voice), snr_db is not None, pcm))
    drops: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for kind, who, noisy, pcm in clips:
        for end, last in pauses(pcm):
            what = "end" if last else "inside"
            family = who.split()[0]
            drops[kind, what, family].append(final_contour(pcm, end).pitch_drop_st)
            drops[kind, what, "noisy" if noisy else "quiet"].append(drops[kind, what, family][-1])
    print("pitch of the last voiced 150 ms below the utterance's median (semitones)")
    for (kind, what, group), xs in sorted(drops.items()):
        a = np.array(xs)
        ok = a[~np.isnan(a)]
        q = np.percentile(ok, [10, 50, 90]) if len(ok) else [np.nan] * 3
        below = float(np.mean(ok < 1.0)) if len(ok) else np.nan
        print(f"  {kind:>8} {what:>6} {group:>9}: n {len(a):3d}, unmeasured "
              f"{len(a) - len(ok):2d}, p10/p50/p90 {q[0]:5.1f} {q[1]:5.1f} {q[2]:5.1f}, "
              f"below 1 st {below:4.0%}")  # fmt: skip
    for lead in args.lead:
        late = vad_end_late(split_commands(34, args.commands)[1], lead)
        cells = [
            f"{k} p10/p50/p90 " + "/".join(f"{q:.0f}" for q in np.percentile(v, [10, 50, 90]))
            for k, v in sorted(late.items())
        ]
        print(f"the VAD's end of speech after the real end (ms), noise from {lead:g} s before "
              f"the speech: " + ", ".join(cells))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
