"""ELF dependencies and orphaned libraries: what the spec removes along with a dropped file
(plain file removal; no library is edited)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from homebody_packaging import elf_deps

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF, Linux only")


# ---- elf_deps -------------------------------------------------------------------------------


@linux_only
def test_needed_reads_the_real_link_time_dependencies() -> None:
    import numpy

    core = Path(numpy.__file__).parent / "_core"
    (umath,) = core.glob("_multiarray_umath*.so")
    names = elf_deps.needed(umath)
    assert "libc.so.6" in names
    assert any(n.startswith("libscipy_openblas") for n in names)


def test_needed_is_empty_for_what_is_not_elf64(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a library")
    assert elf_deps.needed(tmp_path / "notes.txt") == ()
    assert elf_deps.needed(tmp_path / "missing.so") == ()


def test_orphans_are_libraries_only_dropped_files_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    links = {
        "virtualkeyboard.so": ("libQt6Quick.so.6", "libQt6Gui.so.6"),
        "libQt6Quick.so.6": ("libQt6Qml.so.6", "libQt6Gui.so.6"),
        "libQt6Qml.so.6": ("libQt6Network.so.6",),
        "libQt6Network.so.6": (),
        "libQt6Gui.so.6": ("libQt6Core.so.6",),
        "libQt6Core.so.6": (),
        "QtGui.abi3.so": ("libQt6Gui.so.6",),
        "libvosk.so": (),  # loaded with dlopen: nobody links to it
        "libxcb.so.1": (),
        "xcb.so": ("libxcb.so.1",),
    }
    monkeypatch.setattr(elf_deps, "needed", lambda src: links[Path(src).name])
    kept = [
        (f"PySide6/Qt/lib/{n}" if n.startswith("libQt6") else n, n)
        for n in links
        if n not in ("virtualkeyboard.so", "xcb.so")
    ]
    dropped = [("plugins/virtualkeyboard.so", "virtualkeyboard.so")]
    orphans = elf_deps.orphaned(kept, dropped)
    assert orphans == {
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
    }
    # A library still linked by a kept file stays, even when a dropped file linked it too.
    kept.append(("plugins/xcb.so", "xcb.so"))
    dropped.append(("plugins/other.so", "libxcb.so.1"))
    assert "libxcb.so.1" not in elf_deps.orphaned(kept, dropped)
