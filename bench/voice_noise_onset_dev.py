"""Where the endpoint puts the end of speech in fresh noise, with and without counting a
newly learnt noise as silence from where it began (issue 23; pipelines/audio/noise_onset.py).

Development commands (``bench.voice_ootb``'s dev split x ``bench.voice_dev_settings``' voices,
every second in 10-20 dB white noise, as ``with_noise``) through one noise gate and a
segmenter per clip (the gate carried from clip to clip, as in the voice loop; no recogniser):
the segmenter's end of speech (from which the endpoint wait is counted) against where the
synthesised speech really ends, for noise that begins ``--lead`` seconds before the speech.
Audio time only, a minute of CPU::

    python -m bench.voice_noise_onset_dev [--commands 10] [--audio /tmp/dev10.pkl] [--lead 0.4 2]
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
from collections import defaultdict

import numpy as np

from bench.voice_dev_settings import VOICES
from bench.voice_ootb import _spoken, speak, split_commands, with_lead


def ends_late(
    commands: list[tuple[str, str]], lead_s: float, credit: bool
) -> dict[str, list[float]]:
    """ms from the real end of speech to the segmenter's, per clip, grouped quiet / noisy."""
    import pipelines.audio.vad as gate
    from pipelines.audio.noise_onset import NOISE_RUN_DB
    from pipelines.audio.segmenter import SegmenterConfig, SpeechEnded, UtteranceSegmenter
    from pipelines.audio.vad import FrameSplitter, create_vad, quiet_samples_behind

    gate.NEW_NOISE_DB = NOISE_RUN_DB if credit else 0.0  # off as shipped

    vad = create_vad("webrtc", 2)
    late: dict[str, list[float]] = defaultdict(list)
    for i, (text, _) in enumerate(commands):
        for v, voice in enumerate(VOICES):
            pcm, snr, end = with_lead(speak(voice, text), i * len(VOICES) + v, lead_s, 1.5)
            seg = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=700))
            base, pos, ends = 0.0, 0.0, []  # the segmenter's start; where the turns' speech ended
            for frame in FrameSplitter(vad.frame_samples).push(pcm):
                pos += len(frame) / 32000
                speaking = vad.speech_probability(frame) >= 0.5
                quiet = quiet_samples_behind(vad)
                for e in seg.push(frame, speaking, quiet):
                    if isinstance(e, SpeechEnded):  # the loop listens again at once
                        ends.append(base + e.speech_end_s)
                        seg = UtteranceSegmenter(SegmenterConfig(trailing_silence_ms=700))
                        base = pos
            group = "quiet" if snr is None else "noisy"
            if ends:
                late[group].append((ends[-1] - end) * 1000)
                late[group + " turns"].append(len(ends))
            else:
                late[group + " unended"].append(1)
    return late


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=10)
    parser.add_argument("--audio", help="pickle of the spoken audio (bench.voice_latency_dev's)")
    parser.add_argument("--lead", type=float, nargs="*", default=[0.4, 2.0])
    args = parser.parse_args(argv)
    if args.audio and os.path.exists(args.audio):
        with open(args.audio, "rb") as f:
            _spoken.update(pickle.load(f))
    commands = split_commands(34, args.commands)[1]
    for lead in args.lead:
        for credit in (False, True):
            late = ends_late(commands, lead, credit)
            cells = []
            for k, v in sorted(late.items()):
                if k.endswith("turns") or k.endswith("unended"):
                    cells.append(f"{k} {sum(v)}")
                else:
                    q = np.percentile(v, [10, 50, 90])
                    cells.append(f"{k} (n {len(v)}) p10/p50/p90 " + "/".join(f"{a:.0f}" for a in q))
            name = "noise run counted" if credit else "before"
            print(f"lead {lead:g} s, {name}: end of speech after the real end (ms): "
                  + ", ".join(cells))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
