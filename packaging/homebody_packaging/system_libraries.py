"""System libraries the Linux build leaves to the distribution, and what to say when one is missing.

Plain Python with no third-party import: the spec and ``bundle_data`` read the table, the
``.deb`` turns it into ``Depends``, the tarball's ``install.sh`` checks for it, and the frozen
entry point (``homebody_main.py``) uses it to explain a missing library instead of a traceback.

The principle is AppImage's exclude list: libraries every desktop Linux installs (the C++
runtime, zlib, ALSA and JACK, whose client must match the sound server anyway, fontconfig and
FreeType) plus the X11/xcb, xkbcommon, GLib and D-Bus libraries of any desktop session are
not bundled. Libraries only these need (libXau, libXdmcp, PCRE2, libsystemd, libgcrypt,
Berkeley DB...) go with them (``elf_deps.orphaned``). Kept in the bundle: what distributions
do not reliably ship or ship under other sonames -- PortAudio, OpenSSL 3, SQLite, libffi,
libbz2 (``libbz2.so.1.0`` is Debian's name), ICU (inside Qt) and Python itself.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable, Mapping

WINDOW = "the desktop window (Qt on X11)"
QT = "the desktop window (Qt)"
SOUND = "microphone and speaker (PortAudio)"
RUNTIME = "the app itself"

SYSTEM_LIBRARIES: dict[str, tuple[str, str]] = {
    # soname: (Debian/Ubuntu package, what needs it)
    "libX11.so.6": ("libx11-6", WINDOW),
    "libX11-xcb.so.1": ("libx11-xcb1", WINDOW),
    "libXau.so.6": ("libxau6", WINDOW),
    "libXdmcp.so.6": ("libxdmcp6", WINDOW),
    "libxcb-cursor.so.0": ("libxcb-cursor0", WINDOW),
    "libxcb-glx.so.0": ("libxcb-glx0", WINDOW),
    "libxcb-icccm.so.4": ("libxcb-icccm4", WINDOW),
    "libxcb-image.so.0": ("libxcb-image0", WINDOW),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", WINDOW),
    "libxcb-randr.so.0": ("libxcb-randr0", WINDOW),
    "libxcb-render-util.so.0": ("libxcb-render-util0", WINDOW),
    "libxcb-render.so.0": ("libxcb-render0", WINDOW),
    "libxcb-shape.so.0": ("libxcb-shape0", WINDOW),
    "libxcb-shm.so.0": ("libxcb-shm0", WINDOW),
    "libxcb-sync.so.1": ("libxcb-sync1", WINDOW),
    "libxcb-util.so.1": ("libxcb-util1", WINDOW),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", WINDOW),
    "libxcb-xkb.so.1": ("libxcb-xkb1", WINDOW),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", WINDOW),
    "libxkbcommon.so.0": ("libxkbcommon0", QT),
    "libfontconfig.so.1": ("libfontconfig1", QT),
    "libfreetype.so.6": ("libfreetype6", QT),
    "libglib-2.0.so.0": ("libglib2.0-0 | libglib2.0-0t64", QT),
    "libgthread-2.0.so.0": ("libglib2.0-0 | libglib2.0-0t64", QT),
    "libdbus-1.so.3": ("libdbus-1-3", QT),
    "libzstd.so.1": ("libzstd1", QT),
    "libasound.so.2": ("libasound2 | libasound2t64", SOUND),
    "libjack.so.0": ("libjack-jackd2-0 | libjack0", SOUND),
    "libstdc++.so.6": ("libstdc++6", RUNTIME),
    "libgcc_s.so.1": ("libgcc-s1", RUNTIME),
    "libz.so.1": ("zlib1g", RUNTIME),
    "liblzma.so.5": ("liblzma5", RUNTIME),
    "libuuid.so.1": ("libuuid1", RUNTIME),
}
"""Each library the build leaves out on Linux, with the Debian 12 / Ubuntu package that has
it (``a | b``: Ubuntu 24.04 renamed some for the 64-bit time_t change)."""

_NOT_FOUND = re.compile(r"(lib[\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def debian_packages(sonames: Iterable[str] | None = None) -> list[str]:
    """The Debian dependencies for ``sonames`` (all by default), each once, in table order."""
    wanted = SYSTEM_LIBRARIES if sonames is None else set(sonames)
    packages: list[str] = []
    for soname, (package, _purpose) in SYSTEM_LIBRARIES.items():
        if soname in wanted and package not in packages:
            packages.append(package)
    return packages


def missing(sonames: Iterable[str]) -> list[str]:
    """The libraries among ``sonames`` that the dynamic loader cannot load here."""
    absent = []
    for soname in sonames:
        try:
            ctypes.CDLL(soname)
        except OSError:
            absent.append(soname)
    return absent


def window_libraries(env: Mapping[str, str]) -> list[str]:
    """The libraries the desktop window needs with the Qt platform ``env`` selects: all of Qt's,
    plus X11's unless Qt runs offscreen, on Wayland or straight on a screen (eglfs/linuxfb)."""
    platform = env.get("QT_QPA_PLATFORM", "")
    x11 = platform.startswith("xcb") or (not platform and not env.get("WAYLAND_DISPLAY"))
    purposes = (QT, WINDOW) if x11 else (QT,)
    return [s for s, (_p, purpose) in SYSTEM_LIBRARIES.items() if purpose in purposes]


def explain(sonames: Iterable[str]) -> str:
    """What to tell a user whose computer lacks ``sonames``."""
    names = list(sonames)
    purposes = sorted({SYSTEM_LIBRARIES[s][1] for s in names if s in SYSTEM_LIBRARIES})
    packages = " ".join(p.split(" | ")[0] for p in debian_packages(names))
    lines = [
        "homebody: this computer lacks system libraries that "
        + (" and ".join(purposes) or "Homebody")
        + " needs: "
        + ", ".join(names)
        + ".",
    ]
    if packages:
        lines.append(f"  Debian/Ubuntu: sudo apt-get install {packages}")
    lines.append(
        "  Other distributions: install the packages that provide these files. "
        "'homebody doctor' lists what else is missing."
    )
    return "\n".join(lines)


def explain_load_error(exc: BaseException) -> str | None:
    """The explanation for an ImportError/OSError caused by a missing shared library, or None."""
    match = _NOT_FOUND.search(str(exc))
    return explain([match.group(1)]) if match else None
