"""Spoken replies with espeak-ng (a subprocess), played through an interruptible output.

``espeak_pcm`` synthesises text to 16 kHz mono s16le (tests and benchmarks use it to make
speech); :class:`EspeakSpeaker` speaks replies: it synthesises, then plays the audio in a
background thread through an :class:`AudioOutput` that can be stopped at any moment — that is
how barge-in ("stop" while it speaks) works. The GUI may use Qt's text-to-speech instead.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ...audio.pcm import SAMPLE_RATE, RawFormat, StreamResampler, decode_pcm, read_wav, to_s16
from ...core.errors import DeviceError, InputError, ModelError

ESPEAK_TIMEOUT_S = 30.0


def espeak_binary() -> str:
    for name in ("espeak-ng", "espeak"):
        found = shutil.which(name)
        if found:
            return found
    raise ModelError(
        "espeak-ng is not installed: install it (`sudo apt install espeak-ng`, "
        "`brew install espeak-ng`) or choose another voice engine in Settings → Audio."
    )


def espeak_wav(text: str, out: Path, voice: str = "en-us", speed: int = 175) -> Path:
    """Write ``text`` spoken by espeak-ng to a WAV file (espeak's own rate, 22.05 kHz)."""
    if not text.strip():
        raise InputError("There is nothing to say: the text is empty.")
    cmd = [espeak_binary(), "-v", voice, "-s", str(speed), "-w", str(out), "--", text]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=ESPEAK_TIMEOUT_S)
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip()
        raise ModelError(f"espeak-ng failed for voice {voice!r}: {detail}") from exc
    except subprocess.TimeoutExpired as exc:
        raise ModelError("espeak-ng did not finish within 30 s.") from exc
    return out


def espeak_pcm(text: str, voice: str = "en-us", speed: int = 175) -> bytes:
    """``text`` spoken by espeak-ng as 16 kHz mono s16le."""
    if not text.strip():
        raise InputError("There is nothing to say: the text is empty.")
    cmd = [espeak_binary(), "-v", voice, "-s", str(speed), "--stdout", "--", text]
    try:
        proc = subprocess.run(cmd, check=True, capture_output=True, timeout=ESPEAK_TIMEOUT_S)
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip()
        raise ModelError(f"espeak-ng failed for voice {voice!r}: {detail}") from exc
    except subprocess.TimeoutExpired as exc:
        raise ModelError("espeak-ng did not finish within 30 s.") from exc
    return _wav_bytes_to_pcm(proc.stdout)


def flite_pcm(text: str, voice: str = "slt", stretch: float = 1.0) -> bytes:
    """``text`` spoken by CMU Flite (voices slt, rms, awb, kal) as 16 kHz mono s16le.

    Flite's voices are built from recorded speech (CMU ARCTIC), so they sound far more like a
    person than espeak-ng's formant synthesis; benchmarks use both. ``stretch`` > 1 is slower.
    """
    binary = shutil.which("flite")
    if binary is None:
        raise ModelError("flite is not installed (`sudo apt install flite`).")
    if not text.strip():
        raise InputError("There is nothing to say: the text is empty.")
    with tempfile.TemporaryDirectory(prefix="homebody-flite-") as tmp:
        out = Path(tmp) / "say.wav"
        cmd = [binary, "-voice", voice, "--setf", f"duration_stretch={stretch}", "-t", text]
        try:
            subprocess.run([*cmd, "-o", str(out)], check=True, capture_output=True, timeout=30)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ModelError(f"flite failed for voice {voice!r}: {exc}") from exc
        return file_pcm(out)


def _wav_bytes_to_pcm(data: bytes) -> bytes:
    # espeak writes a streaming WAV header with bogus sizes: read the format, take the rest.
    with wave.open(io.BytesIO(data[:44]), "rb") as wav:
        fmt = RawFormat(wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
    resampler = StreamResampler(fmt.sample_rate, SAMPLE_RATE)
    samples = decode_pcm(data[44:], fmt)
    out = np.concatenate([resampler.process(samples), resampler.flush()])
    return to_s16(out)


def file_pcm(path: Path) -> bytes:
    """Any PCM WAV file as 16 kHz mono s16le."""
    frames, fmt = read_wav(path)
    resampler = StreamResampler(fmt.sample_rate, SAMPLE_RATE)
    samples = decode_pcm(frames, fmt)
    return to_s16(np.concatenate([resampler.process(samples), resampler.flush()]))


class AudioOutput(Protocol):
    """Plays 16 kHz mono s16le until done or until ``stop`` (set from any thread) is set."""

    def play(self, pcm: bytes, stop: threading.Event) -> bool:
        """Block until played; False when stopped early."""


class SoundDeviceOutput:
    """The system's speakers via sounddevice, in 50 ms blocks so stop() is quick."""

    def __init__(self, device: str | int | None = None) -> None:
        self.device = device or None

    def play(self, pcm: bytes, stop: threading.Event) -> bool:
        try:
            import sounddevice  # lazy: optional native library (start-up speed)
        except OSError as exc:
            raise DeviceError(f"No audio output is available ({exc}).") from exc
        block = SAMPLE_RATE // 20 * 2
        try:
            with sounddevice.RawOutputStream(
                samplerate=SAMPLE_RATE, channels=1, dtype="int16", device=self.device
            ) as stream:
                for i in range(0, len(pcm), block):
                    if stop.is_set():
                        return False
                    stream.write(pcm[i : i + block])
        except Exception as exc:
            raise DeviceError(
                f"Could not play audio on {self.device or 'the default output'}: {exc}. "
                "Choose another output device in Settings → Audio."
            ) from exc
        return True


class RecordingOutput:
    """Keeps what would have been played (tests, `--no-speak`), at real-time pace if asked."""

    def __init__(self, realtime: bool = False) -> None:
        self.realtime = realtime
        self.played: list[bytes] = []

    def play(self, pcm: bytes, stop: threading.Event) -> bool:
        block = SAMPLE_RATE // 20 * 2
        done = bytearray()
        for i in range(0, len(pcm), block):
            if stop.is_set():
                self.played.append(bytes(done))
                return False
            done.extend(pcm[i : i + block])
            if self.realtime and stop.wait(0.05):
                self.played.append(bytes(done))
                return False
        self.played.append(bytes(done))
        return True


@dataclass(frozen=True)
class SpeechJob:
    text: str
    thread: threading.Thread
    done: threading.Event
    cancel: threading.Event

    def wait(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)


class EspeakSpeaker:
    """Speaks replies in the background; ``stop()`` interrupts (barge-in)."""

    name = "espeak-ng"

    def __init__(
        self,
        output: AudioOutput | None = None,
        voice: str = "en-us",
        speed: int = 175,
        volume: int = 100,
        on_done: Callable[[str, bool], None] | None = None,
    ) -> None:
        self.output: AudioOutput = output or SoundDeviceOutput()
        self.voice = voice or "en-us"
        self.speed = speed
        self.volume = max(0, min(100, volume))
        self._on_done = on_done
        self._job: SpeechJob | None = None

    @property
    def speaking(self) -> bool:
        return self._job is not None and not self._job.done.is_set()

    def say(self, text: str) -> SpeechJob:
        """Start speaking ``text``; returns at once."""
        self.stop()
        if not text.strip():
            raise InputError("There is nothing to say: the text is empty.")
        done = threading.Event()
        cancel = threading.Event()

        def run() -> None:
            finished = False
            try:
                finished = True
                for pcm in self._pcm_parts(text, cancel):
                    if cancel.is_set() or not self.output.play(pcm, cancel):
                        finished = False
                        break
                finished = finished and not cancel.is_set()
            finally:
                done.set()
                if self._on_done is not None:
                    self._on_done(text, finished)

        thread = threading.Thread(target=run, name="homebody-tts", daemon=True)
        self._job = SpeechJob(text, thread, done, cancel)
        thread.start()
        return self._job

    def _pcm_parts(self, text: str, cancel: threading.Event) -> Iterator[bytes]:
        """The reply's audio in the order it is played (espeak-ng: the whole reply at once; a
        streaming voice yields sentence by sentence while it makes the next)."""
        yield self._scaled(espeak_pcm(text, self.voice, self.speed))

    def _scaled(self, pcm: bytes) -> bytes:
        if self.volume >= 100:
            return pcm
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) * (self.volume / 100.0)
        return x.astype("<i2").tobytes()

    def stop(self) -> None:
        job = self._job
        if job is not None and not job.done.is_set():
            job.cancel.set()
            job.done.wait(2.0)

    def close(self) -> None:
        self.stop()


def available_voices() -> list[dict[str, Any]]:
    """espeak-ng's English voices (name, language) for the settings page."""
    try:
        out = subprocess.run(
            [espeak_binary(), "--voices=en"], capture_output=True, text=True, timeout=10
        ).stdout
    except (ModelError, subprocess.SubprocessError, OSError):
        return []
    voices = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 4:
            voices.append({"language": parts[1], "name": parts[3]})
    return voices
