"""ingredient-parser-nlp runs with no network: no download attempt, no "Downloading" noise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json, socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[:2]))
    raise OSError("network disabled for this test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import io, contextlib
captured = io.StringIO()
with contextlib.redirect_stdout(captured):
    from pipelines.recipes.ingredients import parse_ingredient_line
    item = parse_ingredient_line("1 ½ cups all-purpose flour, sifted")
print(json.dumps({"attempts": attempts, "stdout": captured.getvalue(),
                  "quantity": item.amount.quantity, "unit": item.amount.unit,
                  "name": item.name, "preparation": item.preparation}))
"""


@pytest.mark.slow
def test_ingredient_parser_needs_no_network() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["attempts"] == []
    assert "Downloading" not in data["stdout"] and "Downloading" not in result.stderr
    assert (data["quantity"], data["unit"]) == (1.5, "cup")
    assert data["name"] == "all-purpose flour" and data["preparation"] == "sifted"


def test_pos_tagger_rules() -> None:
    from pipelines.recipes.nlp_parser import IngredientPosTagger

    tagger = IngredientPosTagger({"onion": "NN"})
    tags = dict(
        tagger.tag(
            ["2", "½", "cups", "finely", "chopped", "onion", "of", "the", ",", "mixing", "("]
        )
    )
    assert tags == {
        "2": "CD",
        "½": "CD",
        "cups": "NNS",
        "finely": "RB",
        "chopped": "VBN",
        "onion": "NN",
        "of": "IN",
        "the": "DT",
        ",": ",",
        "mixing": "VBG",
        "(": "(",
    }
