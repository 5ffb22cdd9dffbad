"""Two-stage wake word: microWakeWord candidates confirmed by PocketSphinx keyphrase spotting."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipelines.audio.wake import VERIFY_WAIT_S, VERIFY_WINDOW_S, MicroWakeWordDetector
from pipelines.speech.asr.wake_verifier import KeyphraseVerifier, create_wake_detector

from .conftest import silence

LOW_SCORING = ("en-us+f3", 200)
"""espeak-ng's fast female voice: microWakeWord scores "okay nabu" at 0.2-0.5 (cut-off 0.85)."""


class RecordingVerifier:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.calls: list[int] = []

    def __call__(self, pcm: bytes) -> bool:
        self.calls.append(len(pcm))
        return self.answer


def run(detector: MicroWakeWordDetector, pcm: bytes, chunk: int = 320) -> list[object]:
    hits = []
    for i in range(0, len(pcm), chunk):
        hit = detector.process(pcm[i : i + chunk])
        if hit is not None:
            hits.append(hit)
    return hits


@pytest.fixture(scope="module")
def low_scoring(say: Callable[..., bytes]) -> bytes:
    return silence(0.5, 20) + say("okay nabu, what time is it", *LOW_SCORING) + silence(0.5, 20)


def test_the_model_alone_misses_the_low_scoring_voice(low_scoring: bytes) -> None:
    detector = MicroWakeWordDetector()
    assert run(detector, low_scoring) == []
    assert 0.15 < detector.peak < detector.cutoff


def test_a_candidate_is_detected_when_the_second_stage_confirms_it(low_scoring: bytes) -> None:
    verifier = RecordingVerifier(True)
    hits = run(MicroWakeWordDetector(verifier=verifier), low_scoring)
    assert len(hits) == 1 and len(verifier.calls) == 1
    hit = hits[0]
    assert 0.0 < hit.verified_after_s <= VERIFY_WAIT_S + 0.1  # type: ignore[attr-defined]
    assert verifier.calls[0] <= (VERIFY_WINDOW_S + VERIFY_WAIT_S) * 32000 + 320


def test_a_rejected_candidate_is_no_detection(low_scoring: bytes) -> None:
    verifier = RecordingVerifier(False)
    assert run(MicroWakeWordDetector(verifier=verifier), low_scoring) == []
    assert len(verifier.calls) == 2  # checked twice, not on every frame of the candidate


def test_confident_detections_skip_the_second_stage(say: Callable[..., bytes]) -> None:
    verifier = RecordingVerifier(False)
    pcm = silence(0.5) + say("okay nabu, what time is it") + silence(0.5)
    hits = run(MicroWakeWordDetector(verifier=verifier), pcm)
    assert len(hits) == 1 and verifier.calls == []
    assert hits[0].verified_after_s == 0.0  # type: ignore[attr-defined]


def test_ordinary_speech_does_not_reach_the_second_stage(say: Callable[..., bytes]) -> None:
    verifier = RecordingVerifier(True)
    pcm = say("set a timer for five minutes and add milk to the shopping list")
    assert run(MicroWakeWordDetector(verifier=verifier), pcm) == []
    assert verifier.calls == []


@pytest.mark.slow
def test_keyphrase_verifier_on_real_speech(say: Callable[..., bytes], low_scoring: bytes) -> None:
    verifier = KeyphraseVerifier("Okay Nabu")
    assert verifier.missing_words() == []
    assert verifier(low_scoring[: int(2.5 * 32000)])
    assert not verifier(say("what is a good vegan egg substitute", "en-gb", 150))
    assert not verifier(say("okay, now add bananas to the list"))


@pytest.mark.slow
def test_the_two_stages_together_hear_the_low_scoring_voice(low_scoring: bytes) -> None:
    detector = create_wake_detector("okay_nabu")
    assert detector.verifier is not None
    assert len(run(detector, low_scoring)) == 1


def test_no_second_stage_without_pronunciations() -> None:
    verifier = KeyphraseVerifier("okay zorblax")
    assert verifier.missing_words() == ["zorblax"]
    assert create_wake_detector("okay_nabu", verify=False).verifier is None


def test_missing_wake_word_package_is_a_clear_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from pipelines.audio.wake import model_config_path
    from pipelines.core.errors import ModelError

    real_import = builtins.__import__

    def no_wake_package(name: str, *args: object, **kwargs: object) -> object:
        if name == "pymicro_wakeword":
            raise ImportError("No module named 'pymicro_wakeword'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_wake_package)
    with pytest.raises(ModelError, match="push-to-talk"):
        model_config_path("okay_nabu")
