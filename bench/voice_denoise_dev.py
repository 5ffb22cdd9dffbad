"""The recognisers' noise front-end (pipelines/audio/denoise.py) on DEVELOPMENT voices only.

Each development command (``bench.voice_ootb``'s dev split, enlarged with ``--dev-commands``)
is spoken by each development voice, once in white noise at 10-20 dB SNR and once in a quiet
room, cut as the segmenter cuts it (300 ms pre-roll of noise, the speech, 200 ms after). Each
clip is read by PocketSphinx (command LM, streamed like the voice loop) and by Whisper base,
raw and through the denoiser; every reading is understood by the intent model, and the
combination (the voice loop's chooser, phrase repair included) is formed for each pairing of
raw / denoised inputs. No test voice is used here: the choice made on these numbers is
checked on the test split by ``bench.voice_ootb`` (``HOMEBODY_DENOISE=0`` for the baseline).

    python -m bench.voice_denoise_dev --dev-commands 24 --dump /tmp/denoise.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.voice_audio import bench_assistant, in_noise
from bench.voice_ootb import DEV_VOICES, label, speak, speech_end_s, split_commands
from pipelines.audio.denoise import DenoiseConfig, SpectralDenoiser

PRE_ROLL_S = 0.3
AFTER_S = 0.2


def clip(speech: bytes, seed: int, noisy: bool) -> bytes:
    """The segmenter's cut of ``speech`` in noise (10-20 dB SNR) or in a quiet room."""
    x = np.frombuffer(speech, "<i2").astype(np.float64)
    end = int(16000 * speech_end_s(speech))
    x = x[:end]
    level = 20.0
    if noisy:
        snr = float(np.random.default_rng(20_000 + seed).uniform(10.0, 20.0))
        level = float(np.sqrt(np.mean(x**2))) / 10 ** (snr / 20)
    return in_noise(x.astype("<i2").tobytes(), PRE_ROLL_S, AFTER_S, seed, level=level)


def parse_configs(text: str) -> dict[str, DenoiseConfig]:
    """'name=field:value,field:value;name2=...' -> {name: DenoiseConfig}."""
    out = {}
    for part in filter(None, text.split(";")):
        name, _, fields = part.partition("=")
        values = dict(f.split(":") for f in filter(None, fields.split(",")))
        fix = {
            k.strip(): int(v) if k.strip() == "noise_ms" else float(v) for k, v in values.items()
        }
        out[name.strip()] = DenoiseConfig(**fix)
    return out


class Sphinx:
    """PocketSphinx streamed in 100 ms chunks, its own decoder (live CMN) per condition."""

    def __init__(self, app: Any) -> None:
        from pipelines.speech.asr.engines import create_recognizer

        self.rec: Any = create_recognizer(app, "pocketsphinx")
        self.rec.prepare()
        self.rec.free_text_elsewhere = lambda: True

    def read(self, pcm: bytes) -> Any:
        stream = self.rec.stream("command")
        for i in range(0, len(pcm), 3200):
            stream.accept(pcm[i : i + 3200])
        return stream.finish()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-commands", type=int, default=24)
    parser.add_argument("--dump", type=Path, required=True)
    parser.add_argument(
        "--configs",
        default="den=floor:0.1",
        help="denoiser settings to compare, e.g. 'a=floor:0.1,keep_rms:60;b=floor:0.2'",
    )
    parser.add_argument("--whisper-all", action="store_true",
                        help="Whisper on every input (default: on the raw clip only)")  # fmt: skip
    args = parser.parse_args(argv)
    configs = parse_configs(args.configs)
    from pipelines.speech.asr.whisper_engine import WhisperRecognizer
    from pipelines.speech.asr.whisper_models import locate

    app, _ = bench_assistant("homebody-bench-denoise-")
    _, dev = split_commands(34, args.dev_commands)
    whisper = WhisperRecognizer(locate("base", app.paths.models_dir), name="whisper-base")
    whisper.prepare()
    sphinx = {name: Sphinx(app) for name in ["raw", *configs]}
    cost = [0.0, 0.0]
    t0 = time.time()
    with args.dump.open("w") as out:
        for i, (text, intent) in enumerate(dev):
            for v, voice in enumerate(DEV_VOICES):
                speech = speak(voice, text)
                for noisy in (True, False):
                    pcm = clip(speech, i * 10 + v, noisy)
                    inputs = {"raw": pcm}
                    for name, config in configs.items():
                        c0 = time.process_time()
                        inputs[name] = SpectralDenoiser(config).clean(pcm)
                        cost[0] += time.process_time() - c0
                        cost[1] += len(pcm) / 32000
                    row: dict[str, Any] = {"voice": label(voice), "family": voice[0], "said": text,
                                           "intent": intent, "noisy": noisy}  # fmt: skip
                    for cond, audio in inputs.items():
                        t = sphinx[cond].read(audio)
                        row[f"ps_{cond}"] = [t.text, t.confidence]
                        if cond == "raw" or args.whisper_all:
                            row[f"wb_{cond}"] = whisper.readings(audio)
                    out.write(json.dumps(row) + "\n")
                    out.flush()
            print(f"  {i + 1}/{len(dev)} {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    print(f"denoiser: {1000 * cost[0] / cost[1]:.1f} ms CPU per s of audio")
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
