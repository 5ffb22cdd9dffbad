"""Label files and everyday words -> canonical class names."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.errors import InputError
from pipelines.vision.labels import canonical_label, normalise_object, read_labels

COCO_SUBSET = {"cell phone", "tv", "cup", "laptop", "couch", "wine glass", "knife", "person"}


@pytest.mark.parametrize(
    ("said", "label"),
    [
        ("phone", "cell phone"),
        ("my phone", "cell phone"),
        ("the telly", "tv"),
        ("specs", "glasses"),
        ("my specs", "glasses"),
        ("glasses", "glasses"),
        ("cups", "cup"),
        ("my mugs", "cup"),
        ("The Laptop", "laptop"),
        ("sofa", "couch"),
        ("wine glasses", "wine glass"),
        ("knives", "knife"),
        ("keys", "key"),
        ("tvmonitor", "tv"),
    ],
)
def test_normalise_object(said: str, label: str) -> None:
    assert normalise_object(said, COCO_SUBSET) == label


def test_canonical_label_maps_voc_names() -> None:
    assert canonical_label("tvmonitor") == "tv"
    assert canonical_label("diningtable") == "dining table"
    assert canonical_label(" Cell_Phone ") == "cell phone"


def test_read_labels(tmp_path: Path) -> None:
    path = tmp_path / "labels.txt"
    path.write_text("# comment\nperson\n\nsofa\nGlasses\n", encoding="utf-8")
    assert read_labels(path) == ["person", "couch", "glasses"]


def test_read_labels_refuses_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="lists no classes"):
        read_labels(empty)
    with pytest.raises(InputError, match="cannot be read"):
        read_labels(tmp_path / "missing.txt")
