"""CLI flags with a range refuse values outside it, with a clear message (issue 20)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.common import fraction, positive_int

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("bad", ["-1", "1.5", "nan", "high"])
def test_fraction_refuses_values_outside_0_to_1(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        fraction(bad)
    assert fraction("0.35") == 0.35 and fraction("0") == 0.0 and fraction("1") == 1.0


@pytest.mark.parametrize("bad", ["0", "-3", "2.5"])
def test_positive_int_refuses_non_positive_counts(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        positive_int(bad)
    assert positive_int("12") == 12


def test_detect_with_a_negative_min_confidence_stops_before_running(tmp_path: Path) -> None:
    env = {**os.environ, "HOMEBODY_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "detect", "x.jpg", "--min-confidence", "-1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--min-confidence: -1 is outside 0..1 (vision.min_confidence)" in done.stderr
