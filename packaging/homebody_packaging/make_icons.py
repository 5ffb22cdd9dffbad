"""Render the app icon (assets/icons/homebody.svg) to PNG, Windows .ico and macOS .icns.

Nothing binary is committed: the build renders the icons into ``build/icons/`` with Qt's SVG
renderer (PySide6 is a runtime dependency, so it is in the build environment) and writes the
.ico and .icns containers itself -- both hold PNG images, which Windows Vista+ and macOS 10.7+
read -- so no ImageMagick, iconutil or Pillow is needed on any build machine.

    python3 -m homebody_packaging.make_icons [OUT_DIR]
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Mapping
from pathlib import Path

from .constants import ROOT

SOURCE_SVG = ROOT / "assets" / "icons" / "homebody.svg"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {  # OSType -> pixel size, all PNG-payload types
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` x ``size`` canvas, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (size 256 is stored as 0 in the directory)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    directory = b""
    body = b""
    offset = 6 + 16 * len(pngs)
    for size in sorted(pngs):
        png = pngs[size]
        dim = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(body))
        body += png
    return header + directory + body


def icns_bytes(pngs_by_type: Mapping[bytes, bytes]) -> bytes:
    """A macOS .icns: 'icns' + total length, then (OSType, length, PNG) elements."""
    elements = b"".join(
        ostype + struct.pack(">I", 8 + len(png)) + png for ostype, png in pngs_by_type.items()
    )
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def make_icons(out_dir: Path, svg: Path = SOURCE_SVG) -> dict[str, Path]:
    """Write homebody.png (256 px), homebody.ico and homebody.icns into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES.values()))
    pngs = {size: render_png(svg, size) for size in sizes}
    written = {
        "png": out_dir / "homebody.png",
        "ico": out_dir / "homebody.ico",
        "icns": out_dir / "homebody.icns",
    }
    written["png"].write_bytes(pngs[256])
    written["ico"].write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    written["icns"].write_bytes(icns_bytes({t: pngs[s] for t, s in ICNS_TYPES.items()}))
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for kind, path in make_icons(target).items():
        print(f"{kind}: {path} ({path.stat().st_size} bytes)")
