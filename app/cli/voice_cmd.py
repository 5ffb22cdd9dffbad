"""``homebody listen`` and ``homebody transcribe``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipelines.core.registry import ENGINE_NAMES

from .common import open_app, print_json


def register(sub: Any) -> None:
    listen = sub.add_parser(
        "listen",
        help="listen for the wake word and answer spoken commands (microphone or --wav FILE)",
    )
    listen.add_argument("--wav", type=Path, help="read audio from this WAV/raw file instead")
    listen.add_argument("--no-wake", action="store_true", help="no wake word: every utterance")
    listen.add_argument("--json", action="store_true", help="print each turn as a JSON line")
    listen.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also show what each reply was understood as (intent, confidence, recogniser)",
    )
    listen.add_argument("--engine", choices=ENGINE_NAMES, default=None)
    listen.add_argument(
        "--speak", action="store_true", help="with --wav: also speak the replies aloud"
    )
    listen.add_argument("--no-speak", action="store_true", help="microphone: text replies only")
    listen.set_defaults(func=run_listen)

    tr = sub.add_parser("transcribe", help="turn speech in an audio file into text")
    tr.add_argument("file", type=Path, help="a WAV file (any PCM rate) or 16 kHz s16le .raw")
    tr.add_argument("--engine", choices=ENGINE_NAMES, default=None)
    tr.add_argument(
        "--mode",
        choices=("command", "free"),
        default="free",
        help="free: general language model (default); command: the assistant's commands",
    )
    tr.add_argument("--json", action="store_true", help="print words, times and confidences")
    tr.set_defaults(func=run_transcribe)


def run_transcribe(args: argparse.Namespace) -> int:
    # lazy: the speech stack loads only when voice is used (start-up speed)
    from pipelines.speech.asr.base import transcribe
    from pipelines.speech.asr.engines import create_recognizer

    # lazy: start-up speed (pipelines.speech.pipeline.session loads only when run_transcribe() runs)
    from pipelines.speech.pipeline.session import file_source

    app = open_app()
    try:
        recognizer = create_recognizer(app, args.engine)
        recognizer.prepare()
        pcm = b"".join(file_source(args.file).chunks())
        result = transcribe(recognizer, pcm, args.mode)
        if args.json:
            print_json({"file": str(args.file), **result.to_dict()})
        else:
            print(result.text)
        if result.is_empty:
            # lazy: only needed when nothing was heard (start-up speed)
            from pipelines.audio.pcm import silence_note

            print(silence_note(pcm, str(args.file)), file=sys.stderr)
    finally:
        app.close()
    return 0


def run_listen(args: argparse.Namespace) -> int:
    # lazy: the speech stack loads only when voice is used (start-up speed)
    from pipelines.speech.asr.engines import create_recognizer
    from pipelines.speech.pipeline.session import (
        create_voice_pipeline,
        file_source,
        microphone_source,
    )

    # lazy: start-up speed (loaded only when run_listen() runs)
    from pipelines.speech.tts.piper_speaker import create_speaker
    from pipelines.speech.tts.speaker import EspeakSpeaker, RecordingOutput

    app = open_app()
    try:
        audio = app.settings.audio
        speak = args.speak if args.wav else not args.no_speak
        speaker = None
        if speak:
            speaker = create_speaker(audio)  # Piper, espeak-ng as fallback (audio.tts)
        elif args.wav:
            speaker = EspeakSpeaker(output=RecordingOutput(), voice=audio.voice)
        with create_voice_pipeline(
            app,
            recognizer=create_recognizer(app, args.engine),
            use_wake_word=False if args.no_wake else None,
            speaker=speaker,
            speak=speaker is not None,
        ) as loop:  # closing it stops the Whisper worker thread
            _listen(args, loop, file_source(args.wav) if args.wav else microphone_source(app))
        if speaker is not None and speaker.speaking and args.speak:
            job = speaker._job
            if job is not None:
                job.wait(30)
    finally:
        app.close()
    return 0


def _listen(args: argparse.Namespace, loop: Any, source: Any) -> None:
    """Print each turn of the voice pipeline on ``source`` until the audio ends (or Ctrl-C)."""

    def show(turn: Any) -> None:
        if args.json:
            print_json(turn.to_dict())
        else:
            data = turn.to_dict()
            print(f"you:      {data['transcript']}")
            if "response" in data:
                print(f"homebody: {data['response']}", flush=True)
                if args.verbose:
                    print(f"          [{_understood_as(data)}]", flush=True)
            if "error" in data:  # that turn failed; listening went on
                print(f"homebody: {data['error']['message']}", flush=True)

    if not args.wav and not args.json:
        word = loop.wake.phrase if loop.wake is not None else None
        print(f"Listening{f' for “{word}”' if word else ''}… (Ctrl-C to stop)", flush=True)
    heard = bytearray() if args.wav else None
    turns = 0
    for chunk in source.chunks():
        if heard is not None:
            heard.extend(chunk)
        for turn in loop.feed(chunk):
            show(turn)
            turns += 1
    for turn in loop.flush():
        show(turn)
        turns += 1
    if heard is not None and not turns:
        wake = loop.wake.phrase if loop.wake is not None else None
        print(_no_turn_note(bytes(heard), str(args.wav), wake), file=sys.stderr)


def _understood_as(turn: dict[str, Any]) -> str:
    """``timer_start 0.98 · pocketsphinx+whisper-base`` for --verbose."""
    confidence = turn.get("confidence")
    engine = turn.get("asr", {}).get("engine")
    parts = [str(turn.get("intent")), f"{confidence:.2f}" if confidence is not None else ""]
    return " ".join(p for p in parts if p) + (f" · {engine}" if engine else "")


def _no_turn_note(pcm: bytes, name: str, wake: str | None) -> str:
    """Why a file gave no turn: with the wake word on and sound in the file, the wake word
    was not heard (say so, and how to do without it); else empty / silent / no speech."""
    # lazy: the speech stack loads only when voice is used (start-up speed)
    import numpy as np

    # lazy: start-up speed (pipelines.audio.pcm loads only when _no_turn_note() runs)
    from pipelines.audio.pcm import duration_s, silence_note

    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.int32)
    peak = int(np.max(np.abs(samples))) if samples.size else 0
    if wake is None or peak == 0:
        return silence_note(pcm, name)
    level = 20 * np.log10(peak / 32768)
    return (
        f"The wake word “{wake}” was not heard in {name} ({duration_s(pcm):.1f} s, loudest "
        f"sample {level:.0f} dBFS): start with “{wake}”, or use --no-wake to answer every "
        "utterance."
    )
