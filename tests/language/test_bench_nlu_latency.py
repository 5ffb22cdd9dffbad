"""bench.nlu_latency: several model folders timed side by side, one line each."""

from __future__ import annotations

import pytest

from bench.nlu_latency import main
from pipelines.language.loader import intent_model_dir


def test_every_folder_gets_a_line_and_a_ratio_to_the_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = intent_model_dir()
    assert main([str(folder), str(folder), "--runs", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    # the same folder twice (a noise check) is two models, two lines
    assert len(lines) == 2
    assert lines[0].startswith(f"{folder}: thread CPU p50 ")
    assert lines[1].startswith(f"{folder} (#2): thread CPU p50 ")
    assert "(x1.00)" in lines[0] and "wall p50" in lines[0]
