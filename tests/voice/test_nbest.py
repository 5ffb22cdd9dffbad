"""PocketSphinx n-best readings (asr/nbest.py): distinct word sequences, capped walk."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.speech.asr.nbest import clean, nbest


@dataclass
class Hyp:
    hypstr: str


class FakeDecoder:
    def __init__(self, hyps: list[str | None], fail: bool = False) -> None:
        self.hyps = hyps
        self.fail = fail
        self.walked = 0

    def nbest(self):  # type: ignore[no-untyped-def]
        if self.fail:
            raise RuntimeError("no lattice")
        for h in self.hyps:
            self.walked += 1
            yield Hyp(h) if h is not None else None


def test_words_only() -> None:
    assert clean("<s> set a(2) timer [NOISE] for ten </s>") == "set a timer for ten"


def test_distinct_readings_after_the_best_path_capped() -> None:
    decoder = FakeDecoder(["set a timer", "set a(2) timer", None, "set the timer", "sit a timer",
                           "set the timer <sil>", "let a timer", "bet a timer"])  # fmt: skip
    assert nbest(decoder, "set a timer", keep=2) == ("set the timer", "sit a timer")
    assert decoder.walked == 6  # stops once it has enough
    assert nbest(FakeDecoder(["a", "b", "c", "d"]), "x", scan=2) == ("a", "b")


def test_no_lattice_means_no_alternatives() -> None:
    assert nbest(FakeDecoder([], fail=True), "anything") == ()
