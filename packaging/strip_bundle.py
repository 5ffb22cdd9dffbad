"""Strip symbol tables from every shared library of a Linux one-folder build, safely.

    python packaging/strip_bundle.py dist/homebody [--python build/venv/bin/python]

Wheels ship many libraries unstripped (tokenizers, PyYAML, regex, ICU, NumPy's OpenBLAS,
libpython built by pyenv: ~15 MB of symbols). ``strip --strip-unneeded`` keeps the dynamic
symbol table, so the libraries link exactly as before. Libraries edited by auditwheel/patchelf
have been known to come out of ``strip`` broken, so every library is loaded (``dlopen`` in a
child process, with the build's own Python for the extension modules) before and after: only
libraries that load before are stripped, and one that does not load after gets its original
back.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ELF_MAGIC = b"\x7fELF"

LOADER = r"""
import ctypes, os, sys
for line in sys.stdin:
    path = line.rstrip("\n")
    print("try", path, flush=True)
    try:
        ctypes.CDLL(path, mode=os.RTLD_LAZY | os.RTLD_LOCAL)
        print("ok", path, flush=True)
    except OSError as exc:
        print("fail", path, str(exc).replace("\n", " "), flush=True)
"""


def shared_libraries(bundle: Path) -> list[Path]:
    """Regular ELF files below ``bundle`` named like shared libraries (no symlinks)."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file() or ".so" not in path.name:
            continue
        with path.open("rb") as handle:
            if handle.read(4) == ELF_MAGIC:
                found.append(path)
    return found


def loadable(python: str, libraries: list[Path], bundle: Path) -> set[Path]:
    """The libraries that ``dlopen`` accepts, each tried once; a crash skips only the culprit."""
    inner = bundle / "_internal"
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(
        [str(inner), str(inner / "PySide6" / "Qt" / "lib"), env.get("LD_LIBRARY_PATH", "")]
    )
    remaining, ok = list(libraries), set()
    while remaining:
        result = subprocess.run(
            [python, "-c", LOADER],
            input="".join(f"{p}\n" for p in remaining),
            capture_output=True,
            text=True,
            env=env,
            cwd=tempfile.gettempdir(),
        )
        tried: list[Path] = []
        for line in result.stdout.splitlines():
            status, _, rest = line.partition(" ")
            path = Path(rest.split(" ", 1)[0]) if status == "fail" else Path(rest)
            if status == "try":
                tried.append(path)
            elif status == "ok":
                ok.add(path)
        if result.returncode == 0 or not tried:
            break
        remaining = remaining[remaining.index(tried[-1]) + 1 :]  # the last one tried crashed
    return ok


def strip_bundle(bundle: Path, python: str = sys.executable) -> tuple[int, list[Path]]:
    """Strip every shared library in ``bundle``; return (bytes saved, libraries restored)."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return 0, []
    # Only libraries that load here can be checked afterwards; the rest (Wayland plugins on a
    # machine without libwayland) stay as they came.
    libraries = sorted(loadable(python, shared_libraries(bundle), bundle))
    before_bytes = sum(p.stat().st_size for p in libraries)
    loaded_before = set(libraries)
    restored: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="homebody-strip-") as tmp:
        originals = Path(tmp)
        for index, lib in enumerate(libraries):
            shutil.copy2(lib, originals / str(index))
            done = subprocess.run([strip, "--strip-unneeded", str(lib)], capture_output=True)
            if done.returncode != 0:  # not strippable (odd layout): keep it as it was
                shutil.copy2(originals / str(index), lib)
        loaded_after = loadable(python, libraries, bundle)
        for index, lib in enumerate(libraries):
            if lib in loaded_before and lib not in loaded_after:
                shutil.copy2(originals / str(index), lib)
                restored.append(lib)
    return before_bytes - sum(p.stat().st_size for p in libraries), restored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--python", default=sys.executable, help="the build's Python")
    args = parser.parse_args(argv)
    saved, restored = strip_bundle(args.bundle, args.python)
    print(f"strip: saved {saved / 1e6:.1f} MB; kept unstripped: {[str(p) for p in restored]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
