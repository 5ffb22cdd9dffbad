"""Link-time dependencies of ELF shared libraries, and the libraries left orphaned by a drop.

Plain Python (no PyInstaller, no binutils) so the spec, the build script and the tests share
it. Only 64-bit little-endian ELF files (Linux x86_64 and aarch64) are read; anything else
(PE, Mach-O, missing files) has no recorded dependencies, so on Windows and macOS
:func:`orphaned` never drops anything.

Why: PyInstaller collects every library a collected file links to. When the spec drops a file
(a Qt plugin the app never loads), the libraries only *it* linked to stay behind -- the virtual
keyboard's Qt Quick and QML (17 MB), the GTK theme's cairo and pango. :func:`orphaned` finds
them: libraries that a dropped file needs and no kept file needs.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_DYNAMIC = 6
DT_NULL, DT_NEEDED = 0, 1


def needed(path: str | Path) -> tuple[str, ...]:
    """DT_NEEDED names of an ELF64 little-endian file; ``()`` for anything else."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ()
    if len(data) < 64 or data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        return ()
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    if shoff == 0 or shoff + shnum * shentsize > len(data):
        return ()
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    names: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != SHT_DYNAMIC or link >= len(sections):
            continue
        strtab_offset = sections[link][4]
        for pos in range(offset, offset + size, entsize or 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == DT_NULL:
                break
            if tag == DT_NEEDED:
                start = strtab_offset + value
                names.append(data[start : data.index(b"\0", start)].decode("utf-8", "replace"))
    return tuple(names)


def _basename(bundle_path: str) -> str:
    return bundle_path.replace("\\", "/").rsplit("/", 1)[-1]


def orphaned(kept: Iterable[tuple[str, str]], dropped: Iterable[tuple[str, str]]) -> set[str]:
    """Bundle paths of kept libraries that only dropped files link to.

    ``kept`` and ``dropped`` are ``(bundle path, source path)`` pairs. A kept library becomes
    an orphan when some dropped file (or another orphan) lists its name in DT_NEEDED and no
    remaining kept file does; repeated until nothing changes. Libraries nobody links to at all
    (loaded with dlopen: libvosk, libportaudio...) are never orphans."""
    kept_needs = {dest: set(needed(src)) for dest, src in kept}
    wanted_by_dropped: set[str] = set()
    for _dest, src in dropped:
        wanted_by_dropped.update(needed(src))
    orphans: set[str] = set()
    while True:
        still_needed: set[str] = set()
        for dest, names in kept_needs.items():
            if dest not in orphans:
                still_needed.update(names)
        new = {
            dest
            for dest in kept_needs
            if dest not in orphans
            and _basename(dest) in wanted_by_dropped
            and _basename(dest) not in still_needed
        }
        if not new:
            return orphans
        orphans |= new
        for dest in new:
            wanted_by_dropped.update(kept_needs[dest])
