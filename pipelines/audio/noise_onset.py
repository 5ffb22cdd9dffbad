"""Where a newly learnt noise began: the gate's frames looked at again under the new floor.

The noise gate (vad.py, :class:`~pipelines.audio.vad.NoiseGatedVad`) takes a sound for noise
only after it has stayed steady for 0.6 s. A fan switched on just before a command is learnt
only after the command, so the first ~0.6 s of noise after the last word was called speech and
the endpoint's silence started late (on the benchmark's noisy clips the VAD's end of speech was
~0.5 s after the real one). When the floor jumps, :class:`GateHistory` counts back how many of
the latest frames are below the new floor's margin: the silence that really came before this
frame, which the segmenter and the recogniser then count as silence from where it began. All
in frames, i.e. audio time.
"""

from __future__ import annotations

from collections import deque

NOISE_RUN_DB = 3.0
"""A floor that the steady rule lifts by at least this much is a new noise: the frames before
it are looked at again (smaller rises change no frame's verdict: the margin is 6 dB or more)."""
NEW_NOISE_DB = 0.0
"""What the gate uses: :data:`NOISE_RUN_DB` to count a new noise's run as silence, 0 (as
shipped) to leave it off. Off because on development audio it cost one split of 108 paused
commands (``bench.voice_pause_check``: 39 -> 40) and 2 of 160 commands
(``bench.voice_split_dev``: 138 -> 136 right; no split either way, noisy run-ons 3 -> 0);
see docs/VOICE.md, "A noise that starts just before the command". Since Silero VAD became
the default detector it is not needed: Silero does not take a fresh noise for speech (its end
of speech 135 ms after the words in fresh noise, against 80 ms with this credit on WebRTC and
489 ms without; docs/VOICE.md, "Silero VAD in noise")."""
HISTORY_FRAMES = 50
"""How far back (1.5 s of 30 ms frames) a new noise's start is searched."""


class GateHistory:
    """The latest frames' (level dB, voiced) as the gate saw them."""

    def __init__(self, frames: int = HISTORY_FRAMES) -> None:
        self._frames: deque[tuple[float, bool]] = deque(maxlen=frames)

    def add(self, level_db: float, voiced: bool) -> None:
        self._frames.append((level_db, voiced))

    def quiet_run(
        self, floor_db: float, margin_db: float, voiced_margin_db: float, hangover: int
    ) -> int:
        """How many of the latest frames (this one included) are below ``floor_db`` plus the
        margin (``voiced_margin_db`` for a voiced frame, when smaller): the run of noise
        behind this frame. The ``hangover`` frames after the latest voiced frame above its
        margin stay speech, as they would have live (the gate's hangover). The whole history
        quiet: every frame of it (the noise may have begun earlier)."""
        run: int | None = None
        for back, (level, voiced) in enumerate(reversed(self._frames)):
            margin = min(margin_db, voiced_margin_db) if voiced else margin_db
            if level < floor_db + margin:
                continue
            run = back if run is None else run
            if voiced:
                return max(0, min(run, back - hangover))
        return len(self._frames) if run is None else run
