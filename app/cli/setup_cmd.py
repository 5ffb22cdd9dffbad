"""``homebody setup``: the desktop welcome's steps in a terminal.

Microphone check (a live level bar and a test phrase understood), wake word, voice (with a
spoken sample), a camera (checked with a snapshot) and the object detector (from its public URL
or ``--detector-from DIR``). Asks when run in a terminal; with ``--yes`` (or no terminal) it
takes the flags and defaults without asking, so it can be scripted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipelines.core.registry import WAKE_WORD_NAMES

from .common import EXIT_ERROR, open_app


def register(sub: Any) -> None:
    setup = sub.add_parser("setup", help="first-run setup: microphone, wake word, voice, "
                                         "camera and the object detector")  # fmt: skip
    setup.add_argument("--yes", action="store_true", help="don't ask; use flags and defaults")
    setup.add_argument("--wake-word", choices=WAKE_WORD_NAMES)
    setup.add_argument("--voice", help="espeak-ng voice (e.g. en-gb), or 'none' to not speak")
    setup.add_argument(
        "--camera", metavar="NAME=SOURCE", help="add a camera: webcam number, URL or photo folder"
    )
    setup.add_argument(
        "--detector-from", type=Path, metavar="DIR", help="install the detector from this folder"
    )
    setup.add_argument("--no-detector", action="store_true", help="don't install the detector")
    setup.add_argument(
        "--test-phrase-from",
        type=Path,
        metavar="WAV",
        help="check speech with a recording of the test phrase instead of the microphone "
        "(it takes the microphone's audio path)",
    )
    setup.set_defaults(func=run_setup)


class Prompter:
    def __init__(self, ask: bool) -> None:
        self.ask = ask

    def choose(self, question: str, options: list[tuple[str, str]], default: str) -> str:
        if not self.ask:
            return default
        for n, (value, label) in enumerate(options, start=1):
            mark = " (now)" if value == default else ""
            print(f"  {n}. {label}{mark}")
        answer = input(f"{question} [Enter keeps the current one]: ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1][0]
        return default

    def text(self, question: str, default: str = "") -> str:
        if not self.ask:
            return default
        return input(f"{question} ").strip() or default

    def yes(self, question: str, default: bool = True) -> bool:
        if not self.ask:
            return default
        answer = input(f"{question} [{'Y/n' if default else 'y/N'}] ").strip().lower()
        return default if not answer else answer.startswith("y")


def _step(number: int, title: str) -> None:
    print(f"\n{number}/5  {title}")


def _microphone(app: Any, args: argparse.Namespace, ask: Prompter) -> None:
    # lazy: start-up speed (app loads only when _microphone() runs)
    from app import first_run

    _step(1, "Microphone")
    names = first_run.microphones()
    recording = args.test_phrase_from
    if not names and recording is None:
        print("  No microphone found: you can still type every request (homebody ask …).")
    elif recording is not None or ask.yes(
        f"  Test the microphone now (say “{first_run.TEST_PHRASE}”)?"
    ):
        _hear_test_phrase(app, recording)
        return
    phrase = ask.text(f"  A request to try [{first_run.TEST_PHRASE}]:", first_run.TEST_PHRASE)
    print(f"  “{phrase}” → {first_run.understood(app, phrase)}")


def _hear_test_phrase(app: Any, recording: Path | None) -> None:
    """A live level bar while the phrase is said (or the recording plays), then what was heard
    and understood (app.mic_check; nothing is acted on)."""
    # lazy: start-up speed (app.mic_check etc. load only when _hear_test_phrase() runs)
    from app.mic_check import hear_phrase
    from pipelines.audio.source import FileBackend

    # lazy: start-up speed (pipelines.language.loader loads only when _hear_test_phrase() runs)
    from pipelines.language.loader import load_recognizer

    def bar(level: float) -> None:
        sys.stdout.write("\r  [" + "#" * int(level * 40) + " " * (40 - int(level * 40)) + "]")
        sys.stdout.flush()

    recognizer = load_recognizer(app)
    recognizer.prepare()
    backend = FileBackend(recording) if recording is not None else None
    heard = hear_phrase(app, recognizer.recognize, bar, backend=backend)
    if heard.silent:
        print("\n  Nothing heard: is it muted, or the wrong input?")
    elif not heard.text:
        print("\n  ✔ The microphone works, but no words were made out.")
    else:
        print(f"\n  ✔ The microphone works. Heard “{heard.text}” → {heard.meaning}")


def _wake_and_voice(app: Any, args: argparse.Namespace, ask: Prompter) -> None:
    # lazy: start-up speed (app loads only when _wake_and_voice() runs)
    from app import first_run

    _step(2, "Wake word")
    audio = app.settings.audio
    wake = args.wake_word or ask.choose("  Wake word", list(first_run.WAKE_WORDS), audio.wake_word)
    first_run.change_settings(app, {"audio.wake_word": wake})
    print(f"  Wake word: {dict(first_run.WAKE_WORDS)[wake]}.")
    _step(3, "Voice")
    options = [*first_run.voices(), ("none", "Don't speak (show answers only)")]
    current = "none" if audio.tts == "none" else (audio.voice or "en-us")
    voice = args.voice or ask.choose("  Voice", options, current)
    if voice == "none":
        first_run.change_settings(app, {"audio.tts": "none"})
        print("  Homebody will show its answers without speaking.")
        return
    first_run.change_settings(app, {"audio.tts": "espeak", "audio.voice": voice})
    if ask.yes("  Play a sample?"):
        try:
            first_run.speak_sample(app, voice)
            print("  ✔ Played.")
        except Exception as exc:
            print(f"  Could not play it: {getattr(exc, 'message', exc)}")
    print(f"  Voice: {voice}.")


def _camera(app: Any, args: argparse.Namespace, ask: Prompter) -> None:
    # lazy: start-up speed (app loads only when _camera() runs)
    from app import first_run

    _step(4, "Camera")
    spec = args.camera or ask.text("  Add a camera as NAME=SOURCE (e.g. kitchen=0), Enter skips:")
    if not spec:
        print("  No camera added (add one later in Settings → Cameras).")
        return
    name, _, source = spec.partition("=")
    image = first_run.snapshot(app, source)
    height, width = image.shape[:2]
    first_run.add_camera(app, name, source)
    print(f"  ✔ Added the {name.strip().lower()} camera; its snapshot is {width}×{height} "
          "(looked at, not stored).")  # fmt: skip


def _detector(app: Any, args: argparse.Namespace, ask: Prompter) -> None:
    # lazy: start-up speed (app loads only when _detector() runs)
    from app import first_run

    _step(5, "Object detector")
    if first_run.detector_installed(app):
        print("  ✔ YOLOX-Nano is installed.")
        return
    where = str(args.detector_from) if args.detector_from else "its public address"
    if args.no_detector or not ask.yes(f"  Install YOLOX-Nano (3.5 MiB) from {where}?"):
        print("  Skipped: `homebody models install yolox-nano` installs it later.")
        return
    folder = first_run.install_detector(app, args.detector_from)
    print(f"  ✔ Installed and sha256-checked in {folder}.")


def run_setup(args: argparse.Namespace) -> int:
    # lazy: start-up speed (app, pipelines.core.errors load only when run_setup() runs)
    from app import first_run
    from pipelines.core.errors import HomebodyError

    ask = Prompter(not args.yes and sys.stdin.isatty())
    app = open_app()
    failed = 0
    try:
        print("Homebody setup — everything stays on this computer.")
        for step in (_microphone, _wake_and_voice, _camera, _detector):
            try:
                step(app, args, ask)
            except HomebodyError as exc:  # say why, keep what earlier steps saved, go on
                print(f"  ✘ {exc.message}")
                failed += 1
        first_run.mark_welcome_done(app)
        redo = f", with {failed} step(s) to redo" if failed else ""
        print(f'\nDone{redo}. Try: homebody ask "where is my cup" once the cameras have watched.')
    finally:
        app.close()
    return EXIT_ERROR if failed else 0
