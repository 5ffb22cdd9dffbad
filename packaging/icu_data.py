"""Trim the ICU data Qt carries on Linux to what an English interface uses.

    python packaging/icu_data.py dist/homebody [--python build/venv/bin/python]

PySide6's Linux wheels ship ICU with all its data: ``libicudata.so.NN`` is a 32 MB library
holding one array, the ICU common data package (every locale's names, collations, currencies
and units, 230 legacy charset converters, transliterators). Homebody's interface is English
and the app decodes text in Python, not with Qt's converters. This step:

1. copies the package out of the library (the ``icudtNN_dat`` symbol);
2. removes with ``icupkg`` (Debian/Ubuntu: ``icu-devtools``) the locale bundles other than
   root and English (``en``, ``en_GB``...), the charset converters (``*.cnv``), and the data
   of ICU services Qt never calls (``UNUSED_BY_QT``: transliterators, break iterators and
   their word dictionaries, character names), keeping every shared table Qt uses (Unicode
   properties, normalization, root collation, time-zone rules, plural and unit rules);
3. assembles a library with the same soname and symbol around the smaller package (``cc``);
4. runs ``icu/probe.py`` (collation in eight locales, case mapping, English time-zone names,
   word boundaries, dates) against the original and the trimmed data and keeps the result
   only when both print the same. Otherwise the bundle is unchanged.

Effects for users: Qt's own non-English ICU texts (such as German time-zone names) fall back
to English, and Qt's ``QStringDecoder`` knows only UTF-8/16/32, Latin-1 and ASCII -- neither
is used by Homebody. Missing tools (not Linux, no icupkg, no cc) skip the step with a message.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import elf_deps
from build_step import Skipped, step_main

HERE = Path(__file__).resolve().parent
PROBE = HERE / "icu" / "probe.py"
QT_LIB = Path("_internal") / "PySide6" / "Qt" / "lib"

LOCALE_ID = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
"""A locale bundle's name (``de``, ``sr_Latn_BA``, ``es_419``, ``de_``); shared tables have
other names (``supplementalData``, ``zoneinfo64``, ``pool``, ``root``...)."""
KEPT_LOCALE = re.compile(r"^(root|en|en_.*)$")

ASSEMBLY = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


UNUSED_BY_QT = ("translit/*", "brkitr/*", "unames.icu")
"""ICU services Qt never calls (it links no ``utrans_*``, ``ubrk_*`` or ``u_charName``): the
transliterators, the break-iterator rules and word dictionaries (Thai, Lao, Khmer, Burmese,
Chinese/Japanese: Qt finds text boundaries with its own tables) and character names."""


def dropped_item(item: str) -> bool:
    """True for an ICU package item (``coll/de.res``, ``ibm-1047_P100-1995.cnv``) to remove."""
    parts = item.split("/")
    stem, _, ext = parts[-1].rpartition(".")
    if ext == "cnv" or any(fnmatch.fnmatchcase(item, unused) for unused in UNUSED_BY_QT):
        return True
    if ext != "res":
        return False
    return bool(LOCALE_ID.match(stem)) and not KEPT_LOCALE.match(stem)


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Skipped(f"no `{name}` ({package})")
    return path


def trimmed_library(original: Path, workdir: Path) -> Path:
    """Build the trimmed ``libicudata`` in ``workdir`` and return its path."""
    icupkg, cc = _tool("icupkg", "icu-devtools"), _tool("cc", "a C compiler")
    version = re.search(r"libicudata\.so\.(\d+)", original.name)
    if version is None:
        raise Skipped(f"unexpected ICU library name {original.name}")
    symbol, package = f"icudt{version.group(1)}_dat", f"icudt{version.group(1)}l"
    full = workdir / "full" / f"{package}.dat"
    full.parent.mkdir()
    full.write_bytes(elf_deps.symbol_bytes(original, symbol))
    listing = subprocess.run([icupkg, "-l", str(full)], capture_output=True, text=True, check=True)
    items = [line.strip() for line in listing.stdout.splitlines() if line.strip()]
    removed = workdir / "remove.txt"
    removed.write_text("".join(f"{i}\n" for i in items if dropped_item(i)), encoding="utf-8")
    small = workdir / "small" / f"{package}.dat"  # the file name is the package name
    small.parent.mkdir()
    subprocess.run([icupkg, "-r", str(removed), str(full), str(small)], check=True)
    source = workdir / "icudata.S"
    source.write_text(ASSEMBLY.format(symbol=symbol, data=small), encoding="utf-8")
    library = workdir / "lib" / original.name
    library.parent.mkdir()
    soname = f"-Wl,-soname,{original.name}"
    subprocess.run([cc, "-shared", "-s", "-o", str(library), soname, str(source)], check=True)
    return library


def probe(python: str, library_dir: Path | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if library_dir is not None:  # found before the wheel's own copy (its RUNPATH is $ORIGIN)
        env["LD_LIBRARY_PATH"] = str(library_dir)
    done = subprocess.run([python, str(PROBE)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"ICU probe failed: {done.stderr.strip()[-800:]}")
    return done.stdout.strip()


def trim_icu(bundle: Path, python: str = sys.executable) -> int:
    """Replace the bundle's ICU data library by the trimmed one; return the bytes saved.

    Raises Skipped when the step does not apply, RuntimeError when the trimmed data changes
    what the probe sees (the bundle is unchanged in both cases)."""
    if not sys.platform.startswith("linux"):
        raise Skipped("Linux only")
    found = sorted(p for p in (bundle / QT_LIB).glob("libicudata.so.*") if not p.is_symlink())
    if len(found) != 1:
        raise Skipped(f"expected one libicudata in {bundle / QT_LIB}, found {len(found)}")
    original = found[0]
    with tempfile.TemporaryDirectory(prefix="homebody-icu-") as tmp:
        library = trimmed_library(original, Path(tmp))
        expected, seen = probe(python, None), probe(python, library.parent)
        if expected != seen:
            raise RuntimeError("the trimmed ICU data changes what Qt computes; kept the original")
        before = original.stat().st_size
        shutil.copy2(library, original)
    return before - original.stat().st_size


def main(argv: list[str] | None = None) -> int:
    return step_main(argv, __doc__.splitlines()[0], "icu", trim_icu)


if __name__ == "__main__":
    sys.exit(main())
