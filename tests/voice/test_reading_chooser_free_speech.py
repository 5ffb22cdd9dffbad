"""Free speech is not a command: a long sentence Whisper heard surely is taken as heard, not
outvoted by the request PocketSphinx's command LM made of the same audio. The readings are the
voice loop's on ../shared/data/speech's LibriVox recordings (bench.voice_chooser_rules)."""

from __future__ import annotations

from pipelines.core.intent import Intent
from pipelines.speech.asr.base import Transcript, Word
from pipelines.speech.pipeline.reading_chooser import (
    FREE_SURE,
    FREE_WORDS,
    Reading,
    ReadingChooser,
    best,
)


class SureWhisper:
    """Whisper's beam: (reading, mean token probability), its best first."""

    name = "whisper-base"

    def __init__(self, beam: list[tuple[str, float]]) -> None:
        self.beam = beam

    def readings(self, pcm: bytes) -> list[tuple[str, float]]:
        return self.beam


def choose(said_by_pocketsphinx: str, beam: list[tuple[str, float]],
           table: dict[str, tuple[str, float]]) -> Transcript:  # fmt: skip
    def understand(text: str) -> Intent:
        name, confidence = table.get(text, ("out_of_scope", 0.2))
        return Intent(name, {}, confidence, text=text)

    chooser = ReadingChooser(SureWhisper(beam), understand)  # type: ignore[arg-type]
    heard = Transcript(said_by_pocketsphinx, (Word(said_by_pocketsphinx, 0.0, 0.5, 0.4),), 0.4,
                       engine="pocketsphinx")  # fmt: skip
    try:
        return chooser.choose(heard, b"\0\0" * 100)
    finally:
        chooser.close()


LIBRIVOX_0890 = "unless to be rather cold hearted and rather selfish is to be ill disposed"
SPHINX_0890 = "hello study rather call our new tune rather so finish is to be all the skills"


def test_a_librivox_sentence_is_not_taken_as_next_track() -> None:
    """librivox_sns01_0890: PocketSphinx's garbled reading was understood as media_next (0.688,
    above the 0.55 that acts without asking) and outvoted Whisper's word-perfect reading."""
    table = {SPHINX_0890: ("media_next", 0.688), LIBRIVOX_0890: ("list_remove", 0.426)}
    chosen = choose(SPHINX_0890, [(LIBRIVOX_0890, 0.84)], table)
    assert chosen.text == LIBRIVOX_0890
    assert chosen.engine == "pocketsphinx+whisper-base"


def test_whispers_surest_reading_of_a_long_sentence_wins_even_when_unsure_of_its_intent() -> None:
    """librivox_sns01_0920: timer_status (0.589) from PocketSphinx against Whisper's right
    reading understood as out_of_scope at only 0.472 (below NO_ACTION_SURE: it never voted)."""
    said = "had he married a more amiable woman he might have been made still more respectable"
    sphinx = "howdy marry do more in the bowl will monday my have the made still more restart"
    table = {sphinx: ("timer_status", 0.589), said: ("out_of_scope", 0.472)}
    assert choose(sphinx, [(said, 0.94)], table).text == said


def test_a_short_command_still_goes_to_the_vote_however_sure_whisper_is() -> None:
    command, misheard = "set a timer for ten minutes", "said a time ten minutes"
    assert len(misheard.split()) < FREE_WORDS
    table = {command: ("timer_set", 0.99), misheard: ("out_of_scope", 0.6)}
    chosen = choose(command, [(misheard, 0.95)], table)
    assert chosen.text == command


def test_a_long_sentence_that_agrees_with_the_vote_changes_nothing() -> None:
    """Whisper's sure long reading of a real command is the same request: the vote's reading
    (PocketSphinx's here, understood surer) stays."""
    said = "homebody we need to pick up more baking soda put them on my to do list"
    heard = "homebody we need to pick up more making soda put them on my to do list"
    table = {said: ("list_add", 0.99), heard: ("list_add", 0.9)}
    assert choose(said, [(heard, 0.9)], table).text == said


def test_a_long_reading_whisper_is_unsure_of_still_goes_to_the_vote() -> None:
    long_guess = "and the light in the kitchen was turned on by the man in the hall"
    table = {"turn on the kitchen light": ("light_on", 0.97), long_guess: ("out_of_scope", 0.6)}
    chosen = choose("turn on the kitchen light", [(long_guess, FREE_SURE - 0.2)], table)
    assert chosen.text == "turn on the kitchen light"


def test_the_beam_best_is_the_one_whisper_is_surest_of_not_the_best_understood() -> None:
    said = "and mister john dashwood had then leisure to consider how much there might be"
    looped = f"{said} and mister john dashwood had then leisure"
    readings = [
        Reading("whisper-base", looped, Intent("unsupported_online", {}, 0.8), 0.89),
        Reading("whisper-base", said, Intent("unsupported_online", {}, 0.79), 0.92),
        Reading("pocketsphinx", "um is to john dash would ahead", Intent("list_add", {}, 0.2), 0.5),
    ]
    assert best(readings).text == said


def test_nothing_to_act_on_keeps_the_words_heard_most_surely() -> None:
    """The card reading of ../shared/data/speech (cards_003.wav): every reading is a refusal,
    and the intent model was surer of the refusal of Whisper's garbled beam reading ("7f clubs",
    0.68) than of its right one ("seven of clubs", 0.40), which Whisper heard far more surely
    (0.74 against 0.34). Refusals say nothing about the words: the surest-heard one is kept."""
    readings = [
        Reading("whisper-base", "7f clubs", Intent("unsupported_online", {}, 0.68), 0.34),
        Reading("pocketsphinx", "seven of close", Intent("out_of_scope", {}, 0.49), 0.36),
        Reading("whisper-base", "seven of clubs", Intent("unsupported_online", {}, 0.40), 0.74),
    ]
    assert best(readings).text == "seven of clubs"
    sure = [
        Reading("whisper-base", "whats the weather", Intent("unsupported_online", {}, 0.97), 0.6),
        Reading("whisper-base", "what the weather", Intent("unsupported_online", {}, 0.95), 0.8),
    ]
    assert best(sure).text == "what the weather"  # the vote's intent, its surest words
    acting = [
        *readings,
        Reading("pocketsphinx", "set a timer", Intent("timer_start", {}, 0.7), 0.3),
    ]
    assert best(acting).text == "set a timer"  # a request still wins the vote
