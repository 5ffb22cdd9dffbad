"""The settings, as frozen dataclasses with defaults a household can start with.

Each section belongs to one capability; :mod:`pipelines.core.settings` loads and validates
them from TOML. Adding a field here (with a default) is all it takes to make it configurable.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GeneralSettings:
    language: str = "en"
    theme: str = "system"
    """"light", "dark" or "system"."""
    start_minimised: bool = False
    start_at_login: bool = False
    history_size: int = 50
    """How many pipeline runs are kept in memory for debugging."""


@dataclass(frozen=True)
class AudioSettings:
    input_device: str = ""
    """Empty: the system default microphone."""
    output_device: str = ""
    sample_rate: int = 16000
    wake_word: str = "okay_nabu"
    wake_sensitivity: float = 0.5
    """0 (strict, fewer false accepts) .. 1 (eager, fewer misses)."""
    wake_word_enabled: bool = True
    vad: str = "webrtc"
    vad_aggressiveness: int = 2
    trailing_silence_ms: int = 700
    quick_end_silence_ms: int = 200
    """When the words so far already make a complete command, this much silence ends it
    (adaptive endpointing); 0 always waits for the full trailing silence."""
    max_utterance_s: float = 10.0
    follow_up_s: float = 4.0
    speech_engine: str = "auto"
    """"auto" (Vosk when a Vosk model is installed, else PocketSphinx), "pocketsphinx", "vosk"."""
    vosk_model: str = ""
    whisper_model: str = "base"
    """Whisper beside PocketSphinx, the intent model choosing between their readings:
    "base" (more accurate), "tiny.en" (faster, smaller) or "off" (PocketSphinx alone)."""
    self_adaptation: bool = True
    """Learn the household's commands from use: the words of accepted commands (never audio)
    are kept and added to the command LM (privacy category "Commands heard")."""
    tts: str = "auto"
    voice: str = ""
    volume: int = 70
    """The app's own speaking volume, 0..100."""
    push_to_talk_key: str = "Ctrl+Alt+Space"
    """The global key that starts listening without the wake word (X11, Windows)."""


@dataclass(frozen=True)
class NluSettings:
    threads: int = 1
    confidence_threshold: float = 0.55
    """Below this the assistant asks "Did you mean ...?" with the top two candidates."""


@dataclass(frozen=True)
class CameraSettings:
    name: str
    source: str
    """A webcam index ("0"), an rtsp:// or http:// URL, a video file or an image folder."""
    sample_fps: float = 1.0
    enabled: bool = True
    zones: dict[str, list[list[float]]] = field(default_factory=dict)
    """Zone name -> polygon of [x, y] points, relative (0..1) to the frame."""


@dataclass(frozen=True)
class VisionSettings:
    model: str = "yolox-nano"
    quantized: bool = False
    min_confidence: float = 0.35
    motion_threshold: float = 0.01
    threads: int = 1
    cameras: tuple[CameraSettings, ...] = ()


@dataclass(frozen=True)
class DeviceSettings:
    name: str
    kind: str = "light"
    """"light" or "switch"."""
    room: str = ""
    aliases: tuple[str, ...] = ()
    object_id: str = ""
    """MQTT object id; derived from the name when empty."""
    command_topic: str = ""
    """Where commands go; empty: "<base_topic>/<light|switch>/<object_id>/set"."""


@dataclass(frozen=True)
class MqttSettings:
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 1883
    username: str = ""
    password: str = ""
    base_topic: str = "homebody"
    discovery_prefix: str = "homeassistant"
    timeout_s: float = 3.0
    devices: tuple[DeviceSettings, ...] = ()


@dataclass(frozen=True)
class PrivacySettings:
    retention_days: dict[str, int] = field(
        default_factory=lambda: {"sightings": 7, "history": 30, "thumbnails": 7}
    )
    """Per data category; categories not listed are kept until the user deletes them."""
    allowed_hosts: tuple[str, ...] = ()
    """Extra LAN hosts the user allows (cameras and the MQTT broker are allowed already)."""
    record_history: bool = True
    """Keep the conversation history (what was said and answered)."""


@dataclass(frozen=True)
class SatelliteSettings:
    name: str
    """What the room's satellite is called ("kitchen-pi"); shown on the privacy dashboard."""
    host: str
    port: int = 10700
    room: str = ""
    """The room it stands in: commands from it without a room mean this one."""
    enabled: bool = True


@dataclass(frozen=True)
class WyomingSettings:
    """Serving Homebody over the Wyoming protocol, satellites and remote speech engines."""

    serve: bool = False
    """Start the Wyoming server with the app (`homebody serve wyoming` always serves)."""
    uri: str = "tcp://127.0.0.1:10700"
    """Where to listen: tcp://HOST:PORT or unix://PATH. Loopback unless ``lan`` is on."""
    lan: bool = False
    """Serve other machines on the home network (only those in ``allowed_peers``)."""
    allowed_peers: tuple[str, ...] = ()
    """Addresses or subnets ("192.168.1.20", "192.168.1.0/24") allowed to connect when
    ``lan`` is on; this computer is always allowed."""
    announce: bool = True
    """Announce the server on the home network (zeroconf ``_wyoming._tcp``) when ``lan`` is
    on, so Home Assistant discovers it."""
    name: str = "homebody"
    """The name Home Assistant and zeroconf show."""
    max_sessions: int = 4
    """Speech recognisers kept for clients streaming at the same time."""
    audio_timeout_s: float = 10.0
    """A client streaming audio that sends nothing for this long is disconnected."""
    idle_timeout_s: float = 300.0
    """A connected client that sends nothing for this long is disconnected."""
    max_audio_s: float = 60.0
    """Longest utterance accepted from a client."""
    satellites: tuple[SatelliteSettings, ...] = ()
    remote_asr: str = ""
    """A Wyoming speech-to-text service on another home machine (tcp://HOST:PORT); empty:
    this computer's recogniser. The local one takes over when it does not answer."""
    remote_tts: str = ""
    """A Wyoming text-to-speech service on another home machine (tcp://HOST:PORT), e.g.
    wyoming-piper; empty: this computer's voice, which also takes over when it fails."""
    remote_timeout_s: float = 5.0


@dataclass(frozen=True)
class Settings:
    general: GeneralSettings = field(default_factory=GeneralSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    nlu: NluSettings = field(default_factory=NluSettings)
    vision: VisionSettings = field(default_factory=VisionSettings)
    mqtt: MqttSettings = field(default_factory=MqttSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    wyoming: WyomingSettings = field(default_factory=WyomingSettings)
