"""``homebody voice enrol | status | forget | prompts``: learn the user's voice.

Enrolment reads the prompts aloud (microphone) or takes one recording of them read in order
(``--wav``); the recordings are used once and deleted, only the adapted model is kept.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import open_app, print_json


def register(sub: Any) -> None:
    voice = sub.add_parser("voice", help="learn your voice so Homebody understands you better")
    actions = voice.add_subparsers(dest="voice_command", metavar="ACTION", required=True)
    enrol = actions.add_parser(
        "enrol", help="read the sentences aloud (about 3 minutes); Homebody adapts to your voice"
    )
    enrol.add_argument(
        "--wav",
        type=Path,
        help="a recording of the prompts (`homebody voice prompts`) read in order, "
        "with a short pause after each, instead of the microphone",
    )
    enrol.add_argument("--method", choices=("mllr", "mllr+map"), default="mllr+map")
    enrol.add_argument("--json", action="store_true")
    enrol.set_defaults(func=run_enrol)
    status = actions.add_parser("status", help="whether Homebody has learnt your voice")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=run_status)
    forget = actions.add_parser("forget", help="delete your voice profile")
    forget.set_defaults(func=run_forget)
    prompts = actions.add_parser("prompts", help="print the sentences enrolment asks for")
    prompts.set_defaults(func=run_prompts)


def run_prompts(_args: argparse.Namespace) -> int:
    # lazy: start-up speed (loaded only when run_prompts() runs)
    from pipelines.speech.adaptation.voice_profile import enrolment_prompts

    for i, line in enumerate(enrolment_prompts(), 1):
        print(f"{i:2d}. {line}")
    return 0


def run_enrol(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.audio.vad etc. load only when run_enrol() runs)
    from pipelines.audio.vad import create_vad
    from pipelines.speech.adaptation.enrolment_capture import read_sentences

    # lazy: start-up speed (loaded only when run_enrol() runs)
    from pipelines.speech.adaptation.sphinxtrain_tools import SphinxTrainTools

    # lazy: start-up speed (loaded only when run_enrol() runs)
    from pipelines.speech.adaptation.voice_profile import (
        enrol_voice,
        enrolment_prompts,
        pair_with_prompts,
    )

    # lazy: start-up speed (pipelines.speech.pipeline.session loads only when run_enrol() runs)
    from pipelines.speech.pipeline.session import file_source, microphone_source

    SphinxTrainTools.find()  # say what is missing before anyone reads 40 sentences
    prompts = enrolment_prompts()
    app = open_app()
    try:
        source = file_source(args.wav) if args.wav else microphone_source(app)
        vad = create_vad(app.settings.audio.vad)
        live = args.wav is None and not args.json

        def next_prompt(index: int, _pcm: bytes) -> None:
            if live and index + 1 < len(prompts):
                print(f"{index + 2:2d}/{len(prompts)}  {prompts[index + 1]}", flush=True)

        if live:
            print("Read each sentence aloud, then pause. Ctrl-C stops without saving.")
            print(f" 1/{len(prompts)}  {prompts[0]}", flush=True)
        heard = list(read_sentences(source.chunks(), vad, len(prompts), on_sentence=next_prompt))
        utterances = pair_with_prompts(prompts, heard)
        profile = enrol_voice(app.paths.data_dir, utterances, method=args.method, ledger=app.ledger)
        if args.json:
            print_json({"profile": str(profile.folder), "sentences": profile.utterances,
                        "skipped": profile.skipped, "method": profile.method})  # fmt: skip
        else:
            print(profile.describe())
            print("The recordings were deleted; `homebody voice forget` deletes the profile.")
    finally:
        app.close()
    return 0


def run_status(args: argparse.Namespace) -> int:
    # lazy: start-up speed (loaded only when run_status() runs)
    from pipelines.speech.adaptation.voice_profile import load_profile

    app = open_app()
    try:
        profile = load_profile(app.paths.data_dir)
    finally:
        app.close()
    if args.json:
        print_json({"enrolled": profile is not None,
                    "profile": str(profile.folder) if profile else None})  # fmt: skip
    else:
        print(profile.describe() if profile else "No voice profile: `homebody voice enrol`.")
    return 0


def run_forget(_args: argparse.Namespace) -> int:
    # lazy: start-up speed (loaded only when run_forget() runs)
    from pipelines.speech.adaptation.voice_profile import load_profile

    app = open_app()
    try:
        if load_profile(app.paths.data_dir) is not None:
            app.inventory.forget("voice_profile")  # as the privacy dashboard does (ledger row)
            print("Your voice profile was deleted.")
        else:
            print("There was no voice profile.")
    finally:
        app.close()
    return 0
