"""``homebody nlu`` through a real subprocess: JSON lines, teach, examples, forget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.language.loader import intent_model_dir
from pipelines.language.onnx_model import IntentModel

ROOT = Path(__file__).resolve().parents[2]


def _homebody(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOMEBODY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(not IntentModel.available(intent_model_dir()), reason="no bundled model")
def test_nlu_reads_lines_and_prints_json(tmp_path: Path) -> None:
    out = _homebody(tmp_path, "nlu", stdin="set a timer for ten minutes\n\nwhere are my keys\n")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["intent"] for line in lines] == ["timer_start", "object_locate"]
    assert lines[0]["slots"] == {"duration": 600}
    assert lines[0]["raw_slots"] == {"duration": "ten minutes"}
    assert set(lines[0]) >= {"text", "intent", "confidence", "slots", "alternatives"}


def test_teach_examples_and_forget(tmp_path: Path) -> None:
    taught = _homebody(
        tmp_path, "nlu", "teach", "light_on", "let", "there", "be", "light", "--json"
    )
    assert taught.returncode == 0, taught.stderr
    result = json.loads(taught.stdout)
    assert result["intent"] == "light_on" and result["phrase"] == "let there be light"
    if IntentModel.available(intent_model_dir()):
        assert result["recognized_as"] == "light_on"
    listed = json.loads(_homebody(tmp_path, "nlu", "examples", "--json").stdout)
    assert listed == [{"id": result["id"], "intent": "light_on", "phrase": "let there be light"}]
    gone = _homebody(tmp_path, "nlu", "forget", str(result["id"]), "--json")
    assert gone.returncode == 0 and json.loads(gone.stdout) == {"removed": result["id"]}
    assert json.loads(_homebody(tmp_path, "nlu", "examples", "--json").stdout) == []


def test_teaching_an_unknown_intent_fails_clearly(tmp_path: Path) -> None:
    out = _homebody(tmp_path, "nlu", "teach", "make_coffee", "brew me one")
    assert out.returncode == 2
    assert "unknown intent 'make_coffee'" in out.stderr
    assert "docs/INTENTS.md" in out.stderr
