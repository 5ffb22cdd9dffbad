"""Whisper's domain prompt read back as the transcript: removed, and read again without it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.speech.asr.whisper_engine import PROMPT, WhisperRecognizer, spoken_text, strip_echo

PROMPT_WORDS = spoken_text(PROMPT).split()
START_OF_PREV = 1005


@pytest.mark.parametrize(
    ("heard", "kept"),
    [
        # the test split's echo (espeak-ng en-gb-x-gbclan x1.3, "hey disable the alarm")
        ("voice commands for a home assistant", ""),
        ("voice commands for a home assistant set a timer", "set a timer"),
        ("set a timer timers alarms shopping list", "set a timer"),
        # commands that use the prompt's words, but not four of them in its order
        ("add music to my shopping list", "add music to my shopping list"),
        ("turn the lights off", "turn the lights off"),
        ("any recipes for a home party", "any recipes for a home party"),
        ("read me the shopping list lights", "read me the shopping list lights"),
    ],
)
def test_a_run_of_the_prompts_words_is_dropped_and_the_rest_kept(heard: str, kept: str) -> None:
    assert " ".join(strip_echo(heard.split(), PROMPT_WORDS)) == kept


def test_without_a_prompt_nothing_is_an_echo() -> None:
    words = ["voice", "commands", "for", "a", "home", "assistant"]
    assert strip_echo(words, []) == words


@dataclass
class Result:
    sequences_ids: list[list[int]]
    scores: list[float]


@dataclass
class EchoingModel:
    """Reads the prompt back when it is given one; answers ``heard`` without it."""

    prompt_ids: list[int]
    heard: list[int]
    echoes: bool = True
    prefixes: list[list[int]] = field(default_factory=list)

    def generate(self, features: Any, prefixes: list[list[int]], **_: Any) -> list[Result]:
        self.prefixes.append(prefixes[0])
        prompted = prefixes[0][0] == START_OF_PREV
        return [Result([self.prompt_ids if prompted and self.echoes else self.heard], [-0.1])]


class WordTokenizer:
    """Token i is word i of a fixed vocabulary; ids from EOT (1000) up are special."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.vocabulary = vocabulary

    def decode(self, tokens: list[int]) -> str:
        return " ".join(self.vocabulary[t] for t in tokens)


def echoing_engine(heard: str) -> tuple[WhisperRecognizer, EchoingModel]:
    vocabulary = sorted(set(PROMPT_WORDS) | set(heard.split()))
    ids = {w: i for i, w in enumerate(vocabulary)}
    engine = WhisperRecognizer(Path("unused"), name="whisper-base")
    model = EchoingModel([ids[w] for w in PROMPT_WORDS], [ids[w] for w in heard.split()])
    engine._model = model
    engine._tokenizer = WordTokenizer(vocabulary)
    engine._eot = 1000
    start = [1001, 1002, 1003, 1004]  # startoftranscript, en, transcribe, notimestamps
    engine._prefix = [START_OF_PREV, *model.prompt_ids, *start]
    engine._bare_prefix = start
    engine._prompt_words = PROMPT_WORDS
    return engine, model


def test_a_reading_that_was_all_prompt_is_read_again_without_the_prompt() -> None:
    engine, model = echoing_engine("hey disable the alarm")
    pcm = (np.zeros(16000, np.int16) + 100).tobytes()
    assert engine.readings(pcm) == [("hey disable the alarm", pytest.approx(np.exp(-0.1)))]
    assert len(model.prefixes) == 2 and model.prefixes[1] == engine._bare_prefix


def test_a_reading_without_an_echo_is_decoded_once() -> None:
    engine, model = echoing_engine("set a timer")
    model.echoes = False
    pcm = (np.zeros(16000, np.int16) + 100).tobytes()
    assert [text for text, _ in engine.readings(pcm)] == ["set a timer"]
    assert len(model.prefixes) == 1
