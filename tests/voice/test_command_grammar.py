"""The command grammar: a word graph of exactly the template sentences, and its endpointing use."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipelines.core.intent import Intent
from pipelines.language.spoken_form import spoken_form
from pipelines.language.template_syntax import parse
from pipelines.language.templates import load_templates
from pipelines.speech.lm.command_grammar import ensure_command_graph
from pipelines.speech.lm.grammar_build import build_graph
from pipelines.speech.lm.word_graph import Reach, WordGraph
from pipelines.speech.pipeline.endpointing import CommandCompleteness

RULES = {"pre": parse("(|please|could you)"), "the": parse("(the|my)")}
VALUES = {"item": ("eggs", "peanut butter"), "list": ("shopping", "to-do"), "n": ("5",)}


def graph(*templates: str, known: set[str] | None = None) -> WordGraph:
    return build_graph(
        [parse(t) for t in templates],
        RULES,
        VALUES,
        (lambda w: True) if known is None else known.__contains__,
    )


def sentences(g: WordGraph) -> set[str]:
    out: set[str] = set()
    stack: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    moves: dict[int, list[tuple[str, int]]] = {}
    for src, dst, word in g.arcs:
        moves.setdefault(src, []).append((word, dst))
    while stack:
        state, words = stack.pop()
        if state in g.finals:
            out.add(" ".join(words))
        stack.extend((d, (*words, w)) for w, d in moves.get(state, ()))
    return out


def test_the_graph_accepts_exactly_the_template_sentences() -> None:
    # in spoken form, as the recogniser writes them: "to-do" -> "to do", "5" -> "five"
    g = graph("<pre> add {item} [to <the> {list} list]", "add {n} {item}")
    expected = {
        f"{pre}add {item}{tail}".strip()
        for pre in ("", "please ", "could you ")
        for item in ("eggs", "peanut butter")
        for tail in [
            "",
            *(f" to {t} {v} list" for t in ("the", "my") for v in ("shopping", "to do")),
        ]
    } | {"add five eggs", "add five peanut butter"}
    assert sentences(g) == expected


def test_it_is_deterministic_and_minimal() -> None:
    g = graph("turn on the light", "turn on the lamp", "switch on the (light|lamp)")
    seen = {(src, word) for src, _, word in g.arcs}
    assert len(seen) == len(g.arcs)  # one arc per word per state
    # (turn|switch) on the (light|lamp): the two beginnings share every state after them
    assert g.states == 5 and len(g.arcs) == 6


def test_words_join_as_the_sampler_joins_them() -> None:
    g = graph("what('s| is) the time(r|)", "{item} 're here")
    assert sentences(g) == {
        "what's the time",
        "what's the timer",
        "what is the time",
        "what is the timer",
        "eggs're here",
        "peanut butter're here",
    }


def test_unknown_words_remove_their_paths() -> None:
    g = graph("add {item}", known={"add", "eggs"})
    assert sentences(g) == {"add eggs"}


@pytest.mark.parametrize(
    ("text", "reach"),
    [
        ("add eggs", Reach.SENTENCE),  # "... to the shopping list" may follow
        ("add eggs to my shopping list", Reach.END),
        ("add eggs to", Reach.PREFIX),
        ("", Reach.PREFIX),
        ("eggs add", Reach.NONE),
        ("add eggs to my shopping list please", Reach.NONE),
    ],
)
def test_reach_says_where_words_stand(text: str, reach: Reach) -> None:
    assert graph("<pre> add {item} [to <the> {list} list]").reach(text) is reach


def test_the_graph_survives_its_cache_file(tmp_path: Path) -> None:
    g = graph("<pre> add {item} [to <the> {list} list]")
    assert WordGraph.loads(g.dumps()) == g


@pytest.mark.usefixtures("no_prebuilt_speech")  # it must build into tmp_path, not read setup's
def test_every_template_sentence_is_in_the_app_graph(tmp_path: Path) -> None:
    g = ensure_command_graph(tmp_path, None, use_prebuilt=False)  # the home's own build
    tset = load_templates()
    rng = random.Random(3)
    for template in rng.sample(tset.templates, 300):
        text = spoken_form(tset.sample(template, rng).text)
        assert g.accepts(text.split()), (template.source, text)
    assert (tmp_path / "speech").is_dir()
    assert ensure_command_graph(tmp_path, None, use_prebuilt=False) == g  # reads the cache


def test_grammar_verdicts_shorten_the_wait_only_for_whole_sentences() -> None:
    g = graph("<pre> add {item} [to <the> {list} list]")

    def understand(text: str) -> Intent:
        return Intent("out_of_scope", {}, 0.9, text=text)  # the intent model knows nothing

    judge = CommandCompleteness(understand, grammar=g.reach)
    assert judge.judge("add eggs to my shopping list") == (True, True)
    assert judge.judge("add eggs") == (False, True)
    assert judge.judge("add eggs to") == (False, False)
    assert judge.judge("eggs add") == (False, False)
    assert CommandCompleteness(understand).judge("add eggs to my shopping list") == (False, False)
