"""Where the bytes go (packaging/size_report.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from homebody_packaging import size_report


def _bundle(root: Path) -> Path:
    inner = root / "homebody" / "_internal"
    (inner / "PySide6" / "Qt").mkdir(parents=True)
    (inner / "PySide6" / "Qt" / "libQt6Core.so.6").write_bytes(b"q" * 3000)
    (inner / "PySide6" / "QtCore.abi3.so").write_bytes(b"q" * 1000)
    (inner / "assets").mkdir()
    (inner / "assets" / "icon.svg").write_bytes(b"a" * 500)
    (inner / "libpython3.11.so.1.0").write_bytes(b"p" * 2000)
    (inner / "libpython3.11.so").symlink_to("libpython3.11.so.1.0")  # counts zero
    (root / "homebody" / "homebody").write_bytes(b"e" * 100)
    return root / "homebody"


def test_breakdown_sums_folders_and_ignores_symlinks(tmp_path: Path) -> None:
    rows = dict(size_report.breakdown(_bundle(tmp_path)))
    assert rows == {
        "PySide6/": 4000,
        "libpython3.11.so.1.0": 2000,
        "assets/": 500,
        "homebody": 100,
        "libpython3.11.so": 0,
    }
    assert size_report.tree_size(tmp_path / "homebody") == 6600


def test_render_lists_largest_first_with_total(tmp_path: Path) -> None:
    text = size_report.render(_bundle(tmp_path), top=2)
    lines = text.splitlines()
    assert lines[2].endswith("PySide6/") and lines[3].endswith("libpython3.11.so.1.0")
    assert "(3 smaller entries)" in lines[4]
    assert "total of" in lines[-1] and "0.0" in lines[-1]


def test_budget_decides_the_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _bundle(tmp_path)
    assert size_report.main([str(bundle), "--budget-mb", "1"]) == 0
    assert size_report.main([str(bundle), "--budget-mb", "0.005"]) == 1
    assert "over the" in capsys.readouterr().err
    assert size_report.main([str(tmp_path / "missing")]) == 2


def test_components_group_entries_and_keep_the_total(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path)
    inner = bundle / "_internal"
    (inner / "cv2").mkdir()
    (inner / "cv2" / "cv2.abi3.so").write_bytes(b"c" * 700)
    (inner / "libX11.so.6").write_bytes(b"x" * 50)
    (inner / "mystery.bin").write_bytes(b"m" * 7)
    groups = dict(size_report.components(bundle))
    assert groups["Qt (PySide6, shiboken6)"] == 4000
    assert groups["OpenCV (cv2 + its FFmpeg, dav1d)"] == 700
    python = "Python (libpython, stdlib, bytecode in the executable)"
    assert groups[python] == 2100  # libpython + the executable
    assert groups["Homebody data (intent model, assets)"] == 500
    assert groups["other"] == 7
    assert sum(groups.values()) == size_report.tree_size(bundle)
