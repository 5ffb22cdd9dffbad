"""``homebody recipe import|list|show|ask`` in-process on a temporary home."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from pipelines.core.intent import Intent
from pipelines.language.base import NoModelRecognizer

SOUP = """Tomato Soup
Serves 4

Ingredients:
2 tablespoons olive oil
1 onion, chopped
2 (28-ounce) cans whole tomatoes

Directions:
Warm the oil over medium heat and cook the onion for 5 minutes.
Add the tomatoes and simmer for 20 minutes.
"""


class ScriptedRecognizer:
    """Stands in for the intent model: fixed utterance -> intent pairs."""

    name = "scripted"

    def __init__(self, table: dict[str, Intent]) -> None:
        self.table = table

    def prepare(self) -> None:
        return None

    def recognize(self, text: str) -> Intent:
        return self.table.get(text, Intent("out_of_scope", {}, 0.2, text=text))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def soup(home: Path, tmp_path: Path) -> Path:
    path = tmp_path / "soup.txt"
    path.write_text(SOUP, encoding="utf-8")
    return path


def test_import_list_show(capsys: pytest.CaptureFixture[str], soup: Path) -> None:
    code, out, _ = run(capsys, "recipe", "import", str(soup))
    assert code == 0 and out.strip() == "imported #1: Tomato Soup (soup.txt)"
    code, out, _ = run(capsys, "recipe", "import", str(soup), "--json")
    assert json.loads(out)["imported"][0]["duplicate"] is True
    code, out, _ = run(capsys, "recipe", "list", "--json")
    assert [r["title"] for r in json.loads(out)["recipes"]] == ["Tomato Soup"]
    code, out, _ = run(capsys, "recipe", "list", "--search", "lasagna")
    assert out.strip() == "No recipes found."
    code, out, _ = run(capsys, "recipe", "show", "tomato")
    assert "2 tablespoons" in out and "olive oil" in out and "2. Add the tomatoes" in out
    code, out, _ = run(capsys, "recipe", "delete", "tomato soup")
    assert code == 0 and out.strip() == "deleted #1: Tomato Soup"
    code, out, _ = run(capsys, "recipe", "import", str(soup.parent))  # a folder
    assert code == 0 and "Tomato Soup (soup.txt)" in out


def test_import_bad_file_exits_with_message(
    capsys: pytest.CaptureFixture[str], soup: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "recipe", "import", str(soup), str(bad))
    assert code == 2 and "bad.json is not valid JSON" in err and "No recipes were imported" in err
    code, out, _ = run(capsys, "recipe", "list")
    assert "library is empty" in out


def test_ask_without_intent_model(
    capsys: pytest.CaptureFixture[str], soup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "pipelines.language.loader.load_recognizer", lambda app: NoModelRecognizer()
    )
    run(capsys, "recipe", "import", str(soup))
    # a cooking question is read from its words: no intent model needed
    code, out, err = run(capsys, "recipe", "ask", "how much oil", "--recipe", "1")
    assert code == 0 and "oil" in out and not err
    # anything else still goes to the intent model, which is missing
    code, out, err = run(capsys, "recipe", "ask", "turn on the kitchen lights", "--recipe", "1")
    assert code == 2 and "No intent model is installed" in err
    code, out, _ = run(capsys, "recipe", "ask", "turn on the kitchen lights", "--json")
    assert json.loads(out)["error"]["code"] == "model_not_installed"


def test_ask_through_the_recogniser(
    capsys: pytest.CaptureFixture[str], soup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = {
        "how much oil": Intent(
            "recipe_ingredient_query", {"ingredient": "oil"}, 0.9, text="how much oil"
        ),
        "double it": Intent("recipe_scale", {"factor": 2}, 0.9, text="double it"),
        "what's next": Intent("recipe_step_next", {}, 0.9, text="what's next"),
        "set a timer for this step": Intent(
            "timer_start", {}, 0.9, text="set a timer for this step"
        ),
        "what time is it": Intent("time_query", {}, 0.9, text="what time is it"),
    }
    monkeypatch.setattr(
        "pipelines.language.loader.load_recognizer", lambda app: ScriptedRecognizer(table)
    )
    run(capsys, "recipe", "import", str(soup))
    code, out, _ = run(capsys, "recipe", "ask", "set a timer for this step")
    assert code == 1 and "No recipe is open" in out
    code, out, _ = run(capsys, "recipe", "ask", "how much oil", "--recipe", "Tomato Soup")
    assert code == 0 and out.strip() == "You need 2 tablespoons olive oil."
    code, out, _ = run(capsys, "recipe", "ask", "double it")
    assert code == 0 and "makes 8 servings" in out
    code, out, _ = run(capsys, "recipe", "ask", "how much oil", "--json")
    data: dict[str, Any] = json.loads(out)
    assert data["intent"] == "recipe_question"  # read from its words before any model
    assert data["answer"].endswith("4 tablespoons olive oil (scaled by 2).")
    assert data["recipe_id"] == 1
    code, out, _ = run(capsys, "recipe", "ask", "set a timer for this step")
    assert code == 1 and "No step has been read yet" in out
    code, out, _ = run(capsys, "recipe", "ask", "what's next")
    assert out.startswith("Step 1 of 2")
    code, out, _ = run(capsys, "recipe", "ask", "set a timer for this step", "--json")
    data = json.loads(out)
    assert data["action"] == "timer_started" and data["data"]["seconds"] == 300
    code, out, _ = run(capsys, "recipe", "ask", "what time is it")
    assert code == 1 and "doesn't sound like a question about the recipe" in out
    assert "time query" not in out and "time_query" not in out  # no internal intent names


@pytest.mark.slow
def test_ask_with_the_installed_intent_model(
    capsys: pytest.CaptureFixture[str], soup: Path, home: Path
) -> None:
    """End to end through the real recogniser, when the intent model is installed."""
    from pipelines.app_context import AppContext
    from pipelines.language.loader import load_recognizer

    app = AppContext.create(guard=False)
    try:
        recognizer = load_recognizer(app)
    finally:
        app.close()
    if recognizer.name == "none":
        pytest.skip("no intent model installed in this home (homebody models install ...)")
    run(capsys, "recipe", "import", str(soup))
    code, out, _ = run(
        capsys, "recipe", "ask", "how much olive oil do i need", "--recipe", "tomato soup", "--json"
    )
    data = json.loads(out)
    assert data["intent"] == "recipe_question", data  # read from its words, no model needed
    assert "2 tablespoons olive oil" in data["answer"]
    code, out, _ = run(capsys, "recipe", "ask", "what's the next step", "--json")
    assert code == 0 and json.loads(out)["intent"] == "recipe_step_next"
    assert json.loads(out)["answer"].startswith("Step 1 of 2")


def test_import_folder_reads_subfolders_and_says_what_it_skipped(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "recipe", "import", str(empty))
    assert code == 2 and f"No recipe files found in {empty} (it is empty)" in err
    (empty / "scan.pdf").write_bytes(b"%PDF-1.4")
    code, out, err = run(capsys, "recipe", "import", str(empty))
    assert code == 2 and "No recipe files found" in err and "1 .pdf file" in err
    sub = tmp_path / "cookbook" / "soups"
    sub.mkdir(parents=True)
    (sub / "soup.txt").write_text(SOUP, encoding="utf-8")
    (sub / "soup.json").write_text('{"expected": "sidecar"}', encoding="utf-8")
    (sub / "photo.jpg").write_bytes(b"\xff\xd8")
    code, out, err = run(capsys, "recipe", "import", str(tmp_path / "cookbook"))
    assert code == 0 and "imported #1: Tomato Soup (soup.txt)" in out
    assert "skipped 1 .jpg file" in err and "skipped: soup.json holds JSON" in err
