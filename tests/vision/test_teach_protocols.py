"""The teach-an-object benchmark's teaching protocols (bench.vision_teach_protocols)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.vision_teach_protocols import PROTOCOLS, nearest_sides, photos


def _scenes(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    (tmp_path / "teach" / "mug").mkdir(parents=True)
    for n in range(5):
        (tmp_path / "teach" / "mug" / f"{n}.png").write_bytes(b"")
    spread = {f"{n}.png": {"box": [0, 0, 1, 1],
                           "viewpoint": {"azimuth": 36.0 * n, "elevation": 30.0, "distance": 0.25}}
              for n in range(10)}  # fmt: skip
    folder = tmp_path / "teach_sets" / "spread10"
    folder.mkdir(parents=True)
    (folder / "labels.json").write_text(json.dumps({"count": 10, "teach": {"mug": spread}}))
    labels = {
        "teach_viewpoints": {"mug": {"0.png": {"azimuth": 0.0, "elevation": 90.0,
                                               "distance": 0.25}}},
        "views": {"mug": {
            "00.png": {"viewpoint": {"azimuth": 72.0, "elevation": 30.0, "distance": 0.5}},
            "01.png": {"viewpoint": {"azimuth": 36.0, "elevation": 30.0, "distance": 0.5}},
        }},
    }  # fmt: skip
    return tmp_path, labels


def test_spread_subsets_go_round_the_object(tmp_path: Path) -> None:
    scenes, _labels = _scenes(tmp_path)
    assert [p.name for p in photos(scenes, "mug", "5 spread")] == [
        "0.png", "2.png", "4.png", "6.png", "8.png"]  # fmt: skip
    assert len(photos(scenes, "mug", "10 spread")) == 10
    assert len(photos(scenes, "mug", "8 spread")) == 8
    assert all("teach_sets" not in str(p) for p in photos(scenes, "mug", "5 from above"))
    assert set(PROTOCOLS) >= {"5 from above", "5 spread", "8 spread", "10 spread"}


def test_nearest_sides_measures_the_angle_to_the_closest_teaching_photo(tmp_path: Path) -> None:
    scenes, labels = _scenes(tmp_path)
    names = ["00.png", "01.png"]
    every = nearest_sides(scenes, labels, "10 spread", names)
    assert every[("mug", "00.png")][0] == pytest.approx(0.0, abs=1e-3)  # photo 2 is at 72 deg
    assert every[("mug", "01.png")][1] == pytest.approx(0.5)  # 0.25 m vs 0.5 m
    five = nearest_sides(scenes, labels, "5 spread", names)
    assert five[("mug", "00.png")][0] == pytest.approx(0.0, abs=1e-3)
    assert five[("mug", "01.png")][0] > 30  # 36 deg is photo 1, not among photos 0, 2, 4 ...
    above = nearest_sides(scenes, labels, "5 from above", names)
    assert above[("mug", "00.png")][0] == pytest.approx(60.0, abs=1e-3)  # 90 deg vs 30 deg
