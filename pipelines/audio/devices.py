"""The sound devices PortAudio sees: the one place that asks ``sounddevice`` for them.

The settings page, the first-run setup, the privacy dashboard and ``homebody doctor`` all list
microphones and speakers through :func:`audio_devices`; without PortAudio (or a sound system)
the lists are empty and :attr:`AudioDevices.problem` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AudioDevice:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float


@dataclass(frozen=True)
class AudioDevices:
    devices: tuple[AudioDevice, ...] = ()
    problem: str = ""
    """Why no devices could be listed ("" when the sound system answered)."""
    inputs: tuple[AudioDevice, ...] = field(init=False)
    outputs: tuple[AudioDevice, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(d for d in self.devices if d.inputs > 0))
        object.__setattr__(self, "outputs", tuple(d for d in self.devices if d.outputs > 0))


def audio_devices() -> AudioDevices:
    """Every input and output device, or none with the reason (never raises)."""
    try:
        # lazy for start-up speed and so a machine without PortAudio still starts
        import sounddevice

        found = sounddevice.query_devices()
    except Exception as exc:  # no PortAudio / no audio system: only the defaults are offered
        return AudioDevices(problem=f"sound system unavailable: {exc}")
    return AudioDevices(
        tuple(
            AudioDevice(
                index,
                str(info["name"]),
                int(info.get("max_input_channels", 0)),
                int(info.get("max_output_channels", 0)),
                float(info.get("default_samplerate", 0.0)),
            )
            for index, info in enumerate(found)
        )
    )
