"""Endpointer settings compared side by side by the development checks (issue 23).

A setting is ``shipped`` or ``name=value,...`` over the verdicts of
``pipelines.speech.pipeline.utterance_recognition`` (``early``, ``complete``, ``verdict``: ms of
silence, 0 turns one off), ``end_of_turn`` (``likely``, ``midphrase``: 1 on, 0 off) and the
noise gate's ``noiserun`` (dB a floor must jump by to count the noise behind it as silence,
pipelines/audio/noise_onset.py; 0, as shipped, turns it off; 3 is ``NOISE_RUN_DB``), the
sure ending's ``sure`` (ms, 0 off) and ``sureunknown`` (quick_end.py) and the fast path's
``fast`` (fast_path.py; 1 on, 0 off)::

    python -m bench.voice_latency_dev --settings likely=0,midphrase=0 shipped
    python -m bench.voice_pause_check --settings likely=0,midphrase=0 shipped
"""

from __future__ import annotations

from types import ModuleType

NAMES = {
    "early": ("utterance_recognition", "EARLY_AGREEMENT_MS"),
    "complete": ("utterance_recognition", "WHISPER_COMPLETE_MS"),
    "verdict": ("utterance_recognition", "WHISPER_VERDICT_MS"),
    "likely": ("end_of_turn", "AGREE_ON_LIKELY"),
    "midphrase": ("end_of_turn", "AGREE_MID_PHRASE"),
    "noiserun": ("vad", "NEW_NOISE_DB"),
    "silero": ("vad", "SILERO_PERCENT"),
    "sure": ("quick_end", "SURE_SILENCE_MS"),
    "sureunknown": ("quick_end", "UNKNOWN_WORDS_SURE"),
    "fast": ("fast_path", "FAST_PATH"),
    "spec": ("utterance_recognition", "SPECULATE_MS"),
}
"""``silero``: the voice loop's detector: 0 WebRTC (aggressiveness 2), else Silero with a
threshold of that many percent (both behind the noise gate; vad.create_vad)."""
_shipped: dict[str, int] = {}


def _module(name: str) -> ModuleType:
    from pipelines.audio import vad
    from pipelines.speech.pipeline import end_of_turn, fast_path, quick_end, utterance_recognition

    if name == "vad":
        return vad
    if name in ("quick_end", "fast_path"):
        return quick_end if name == "quick_end" else fast_path
    return utterance_recognition if name == "utterance_recognition" else end_of_turn


def apply(setting: str) -> dict[str, int]:
    """Set the endpointer to ``setting`` (unnamed values as shipped); the values now in force."""
    _use_silero()
    if not _shipped:
        _shipped.update({k: int(getattr(_module(m), a)) for k, (m, a) in NAMES.items()})
    chosen = dict(_shipped)
    if setting != "shipped":
        for kv in setting.split(","):
            key, _, value = kv.partition("=")
            if key not in NAMES:
                raise SystemExit(f"unknown endpointer setting {key!r} (one of {', '.join(NAMES)})")
            chosen[key] = int(value)
    for key, value in chosen.items():
        module, attr = NAMES[key]
        old = getattr(_module(module), attr)
        setattr(_module(module), attr, type(old)(value))
    return chosen


def _use_silero() -> None:
    """Let ``silero=N`` choose the loop's detector: ``vad.SILERO_PERCENT`` (set by
    :func:`apply`) overrides the settings' ``audio.vad`` when the voice loop is made."""
    from pipelines.audio import vad
    from pipelines.speech.pipeline import session

    if hasattr(vad, "SILERO_PERCENT"):
        return
    default = _default_vad()
    vad.SILERO_PERCENT = round(vad.SILERO_THRESHOLD * 100) if default == "silero" else 0  # type: ignore[attr-defined]
    create = session.create_vad

    def create_vad(name: str, aggressiveness: int = 2) -> object:
        percent = int(vad.SILERO_PERCENT)  # type: ignore[attr-defined]
        if not percent:
            return create("webrtc", aggressiveness)
        vad.SILERO_THRESHOLD = percent / 100
        return create("silero", aggressiveness)

    session.create_vad = create_vad  # type: ignore[assignment]


def _default_vad() -> str:
    from pipelines.core.settings_schema import AudioSettings

    return str(AudioSettings().vad)
