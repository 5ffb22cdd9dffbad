"""App icons rendered from the SVG into PNG, .ico and .icns (packaging/make_icons.py)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from homebody_packaging import make_icons

PNG = make_icons.PNG_SIGNATURE


def _fake_png(size: int) -> bytes:
    return PNG + struct.pack(">I", size) + b"payload"


def test_ico_directory_points_at_each_png() -> None:
    pngs = {16: _fake_png(16), 48: _fake_png(48), 256: _fake_png(256)}
    data = make_icons.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind, count) == (0, 1, 3)
    seen = {}
    for i in range(count):
        w, h, _c, _r, planes, bpp, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (planes, bpp) == (1, 32) and w == h
        seen[w or 256] = data[offset : offset + size]
    assert seen == pngs


def test_icns_elements_add_up() -> None:
    data = make_icons.icns_bytes({b"ic07": _fake_png(128), b"ic08": _fake_png(256)})
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    offset, types = 8, []
    while offset < len(data):
        ostype, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        assert data[offset + 8 : offset + 16] == PNG
        types.append(ostype)
        offset += length
    assert offset == len(data) and types == [b"ic07", b"ic08"]


@pytest.mark.gui
def test_renders_the_real_svg(tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtSvg")
    written = make_icons.make_icons(tmp_path)
    png = written["png"].read_bytes()
    assert png.startswith(PNG)
    width, height = struct.unpack_from(">II", png, 16)  # IHDR
    assert (width, height) == (256, 256)
    ico = written["ico"].read_bytes()
    assert struct.unpack_from("<H", ico, 4)[0] == len(make_icons.ICO_SIZES)
    icns = written["icns"].read_bytes()
    assert icns[:4] == b"icns" and b"ic10" in icns
    # Not a blank canvas: the icon's green background shows in the PNG.
    from PySide6.QtGui import QImage

    image = QImage(str(written["png"]))
    centre = image.pixelColor(16, 128)
    assert centre.alpha() == 255 and centre.green() > centre.red()


def test_invalid_svg_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtSvg")
    bad = tmp_path / "bad.svg"
    bad.write_text("not an svg")
    with pytest.raises(ValueError, match="not a valid SVG"):
        make_icons.render_png(bad, 16)
