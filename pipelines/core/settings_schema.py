"""The settings, as frozen validating dataclasses with defaults a household can start with.

Each section belongs to one capability; :mod:`pipelines.core.settings` reads and writes them as
TOML. The schema is the one place that says what a setting may hold: types are strict, and
choices (:class:`Choice`, from :mod:`pipelines.core.registry`) and ranges (:class:`Range`) are
declared on the field. Every way of building settings is validated by those rules: loading (a
file, the GUI, the CLI) through pydantic, building in code (``dataclasses.replace``) by
:class:`~pipelines.core.settings_rules.Checked`. They are plain frozen dataclasses, so importing
them stays cheap (``homebody ask``). Adding a field here (with a default) is all it takes to
make it configurable.
"""

from dataclasses import dataclass, field
from typing import Annotated

from . import registry
from .settings_rules import Checked, Choice, Flag, Number, Range, Text, Whole


@dataclass(frozen=True)
class GeneralSettings(Checked):
    language: Text = "en"
    theme: Annotated[Text, Choice(registry.THEMES)] = "system"
    """"light", "dark" or "system"."""
    start_minimised: Flag = False
    start_at_login: Flag = False
    history_size: Annotated[Whole, Range(1, 10000)] = 50
    """How many pipeline runs are kept in memory for debugging."""


@dataclass(frozen=True)
class AudioSettings(Checked):
    input_device: Text = ""
    """Empty: the system default microphone."""
    output_device: Text = ""
    sample_rate: Whole = 16000
    wake_word: Annotated[Text, Choice(registry.WAKE_WORDS, paths=".json")] = "okay_nabu"
    wake_sensitivity: Annotated[Number, Range(0.0, 1.0)] = 0.5
    """0 (strict, fewer false accepts) .. 1 (eager, fewer misses)."""
    wake_word_enabled: Flag = True
    vad: Annotated[Text, Choice(registry.VAD_KINDS)] = "silero"
    """"silero" (default: a small neural network; ends where the words end also in a noise
    that just began), "webrtc" (cheaper; aggressiveness below) or "energy" (tests only)."""
    vad_aggressiveness: Annotated[Whole, Range(0, 3)] = 2
    trailing_silence_ms: Annotated[Whole, Range(100, 5000)] = 700
    quick_end_silence_ms: Annotated[Whole, Range(0, 5000)] = 200
    """When the words so far already make a complete command, this much silence ends it
    (adaptive endpointing); 0 always waits for the full trailing silence."""
    max_utterance_s: Number = 10.0
    follow_up_s: Number = 4.0
    speech_engine: Annotated[Text, Choice(registry.SPEECH_ENGINES)] = "auto"
    """"auto" (Vosk when a Vosk model is installed, else PocketSphinx), "pocketsphinx", "vosk"."""
    vosk_model: Text = ""
    whisper_model: Annotated[Text, Choice(registry.WHISPER_MODELS)] = "base"
    """Whisper beside PocketSphinx, the intent model choosing between their readings:
    "base" (more accurate), "tiny.en" (faster, smaller) or "off" (PocketSphinx alone)."""
    noise_reduction: Flag = True
    """Steady background noise (a fan, traffic, a hiss) is filtered out of PocketSphinx's
    input, estimated from the audio just before each command (audio/denoise.py). Whisper
    hears the audio as it is: it was trained on noisy speech, and filtering cost it accuracy."""
    self_adaptation: Flag = True
    """Learn the household's commands from use: the words of accepted commands (never audio)
    are kept and added to the command LM (privacy category "Commands heard")."""
    tts: Annotated[Text, Choice(registry.TTS_VOICES, legacy=registry.LEGACY_TTS)] = "auto"
    voice: Text = ""
    volume: Annotated[Whole, Range(0, 100)] = 70
    """The app's own speaking volume, 0..100."""
    push_to_talk_key: str = "Ctrl+Alt+Space"
    """The global key that starts listening without the wake word (X11, Windows)."""


@dataclass(frozen=True)
class NluSettings(Checked):
    threads: Annotated[Whole, Range(1, 64)] = 1
    confidence_threshold: Annotated[Number, Range(0.0, 1.0)] = 0.55
    """Below this the assistant asks "Did you mean ...?" with the top two candidates."""


@dataclass(frozen=True)
class CameraSettings(Checked):
    name: Text
    source: Text
    """A webcam index ("0"), an rtsp:// or http:// URL, a video file or an image folder."""
    sample_fps: Number = 1.0
    enabled: Flag = True
    zones: dict[Text, list[list[Number]]] = field(default_factory=dict)
    """Zone name -> polygon of [x, y] points, relative (0..1) to the frame."""


@dataclass(frozen=True)
class VisionSettings(Checked):
    model: Text = "yolox-nano"
    quantized: Flag = False
    min_confidence: Annotated[Number, Range(0.0, 1.0)] = 0.35
    motion_threshold: Number = 0.01
    threads: Annotated[Whole, Range(1, 64)] = 1
    cameras: tuple[CameraSettings, ...] = ()


@dataclass(frozen=True)
class DeviceSettings(Checked):
    name: Text
    kind: Annotated[Text, Choice(registry.DEVICE_KINDS)] = "light"
    """"light" or "switch"."""
    room: Text = ""
    aliases: tuple[Text, ...] = ()
    object_id: Text = ""
    """MQTT object id; derived from the name when empty."""
    command_topic: Text = ""
    """Where commands go; empty: "<base_topic>/<light|switch>/<object_id>/set"."""


@dataclass(frozen=True)
class MqttSettings(Checked):
    enabled: Flag = True
    host: Text = "127.0.0.1"
    port: Annotated[Whole, Range(1, 65535)] = 1883
    username: Text = ""
    password: Text = ""
    base_topic: Text = "homebody"
    discovery_prefix: Text = "homeassistant"
    timeout_s: Number = 3.0
    devices: tuple[DeviceSettings, ...] = ()


@dataclass(frozen=True)
class PrivacySettings(Checked):
    retention_days: dict[Text, Whole] = field(
        default_factory=lambda: {
            "sightings": 7,
            "history": 30,
            "thumbnails": 7,
            "heard_commands": 30,
        }
    )
    """Per data category; categories not listed are kept until the user deletes them."""
    allowed_hosts: tuple[Text, ...] = ()
    """Extra LAN hosts the user allows (cameras and the MQTT broker are allowed already)."""
    record_history: Flag = True
    """Keep the conversation history (what was said and answered)."""


@dataclass(frozen=True)
class SatelliteSettings(Checked):
    name: Text
    """What the room's satellite is called ("kitchen-pi"); shown on the privacy dashboard."""
    host: Text
    port: Annotated[Whole, Range(1, 65535)] = 10700
    room: Text = ""
    """The room it stands in: commands from it without a room mean this one."""
    enabled: Flag = True


@dataclass(frozen=True)
class WyomingSettings(Checked):
    """Serving Homebody over the Wyoming protocol, satellites and remote speech engines."""

    serve: Flag = False
    """Start the Wyoming server with the app (`homebody serve wyoming` always serves)."""
    uri: Text = "tcp://127.0.0.1:10700"
    """Where to listen: tcp://HOST:PORT or unix://PATH. Loopback unless ``lan`` is on."""
    lan: Flag = False
    """Serve other machines on the home network (only those in ``allowed_peers``)."""
    allowed_peers: tuple[Text, ...] = ()
    """Addresses or subnets ("192.168.1.20", "192.168.1.0/24") allowed to connect when
    ``lan`` is on; this computer is always allowed."""
    announce: Flag = True
    """Announce the server on the home network (zeroconf ``_wyoming._tcp``) when ``lan`` is
    on, so Home Assistant discovers it."""
    name: Text = "homebody"
    """The name Home Assistant and zeroconf show."""
    max_sessions: Annotated[Whole, Range(1, 32)] = 4
    """Speech recognisers kept for clients streaming at the same time."""
    audio_timeout_s: Annotated[Number, Range(0.1, 600)] = 10.0
    """A client streaming audio that sends nothing for this long is disconnected."""
    idle_timeout_s: Annotated[Number, Range(1, 86400)] = 300.0
    """A connected client that sends nothing for this long is disconnected."""
    max_audio_s: Annotated[Number, Range(1, 600)] = 60.0
    """Longest utterance accepted from a client."""
    satellites: tuple[SatelliteSettings, ...] = ()
    remote_asr: Text = ""
    """A Wyoming speech-to-text service on another home machine (tcp://HOST:PORT); empty:
    this computer's recogniser. The local one takes over when it does not answer."""
    remote_tts: Text = ""
    """A Wyoming text-to-speech service on another home machine (tcp://HOST:PORT), e.g.
    wyoming-piper; empty: this computer's voice, which also takes over when it fails."""
    remote_timeout_s: Annotated[Number, Range(0.1, 120)] = 5.0


@dataclass(frozen=True)
class Settings(Checked):
    general: GeneralSettings = field(default_factory=GeneralSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    nlu: NluSettings = field(default_factory=NluSettings)
    vision: VisionSettings = field(default_factory=VisionSettings)
    mqtt: MqttSettings = field(default_factory=MqttSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    wyoming: WyomingSettings = field(default_factory=WyomingSettings)
