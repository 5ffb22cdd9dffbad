"""Replace OpenCV's private OpenBLAS in a Linux build with a shim onto NumPy's OpenBLAS.

    python packaging/opencv_blas.py dist/homebody [--python build/venv/bin/python]

The opencv-python wheels carry their own OpenBLAS (39 MB, plus libgfortran and libquadmath)
for 19 BLAS/LAPACK routines (SVD, LU, QR, Cholesky, least squares, eigenvalues, GEMM); NumPy
carries another one (25 MB). ``blas_shim/opencv_blas_shim.c`` exports those 19 routines under
the name OpenCV links to and forwards each to NumPy's copy (64-bit integers, ``scipy_`` names).

The step is all-or-nothing and checks itself:

1. every routine ``cv2`` imports from its OpenBLAS must be one the shim provides (a newer
   OpenCV that needs more keeps its own library);
2. the shim is compiled (``cc``) against the bundle's NumPy OpenBLAS;
3. ``blas_shim/probe.py`` runs OpenCV's solve/SVD/invert/determinant/GEMM/eigen/homography on
   the build environment's cv2 with the shim in place and compares with NumPy; any failure
   leaves the bundle untouched;
4. only then is OpenCV's OpenBLAS replaced, and its Fortran runtime removed when nothing else
   in the bundle links to it.

Anything missing (not Linux, no compiler, no ``nm``, a different wheel layout) skips the step
with a message; the bundle stays correct, only bigger.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import elf_deps
from build_step import Skipped, step_main

HERE = Path(__file__).resolve().parent
SHIM_SOURCE = HERE / "blas_shim" / "opencv_blas_shim.c"
PROBE = HERE / "blas_shim" / "probe.py"
OPENCV_LIBS = "opencv_python_headless.libs"


def _dynamic_symbols(path: Path, *, defined: bool) -> set[str]:
    nm = shutil.which("nm")
    if nm is None:
        raise Skipped("no `nm` (binutils) to read symbol tables")
    flag = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run([nm, "-D", flag, str(path)], capture_output=True, text=True, check=True)
    return {line.split()[-1].split("@")[0] for line in out.stdout.splitlines() if line.strip()}


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(p for p in folder.glob(pattern) if not p.is_symlink())
    if len(found) != 1:
        raise Skipped(f"expected one {pattern} in {folder}, found {len(found)}")
    return found[0]


def compile_shim(out: Path, soname: str, numpy_blas: Path) -> None:
    """Build the shim as ``out`` with OpenCV's soname, linked to NumPy's OpenBLAS."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise Skipped("no C compiler (cc)")
    cmd = [
        cc,
        "-O2",
        "-fPIC",
        "-shared",
        "-o",
        str(out),
        str(SHIM_SOURCE),
        f"-L{numpy_blas.parent}",
        f"-l:{numpy_blas.name}",
        f"-Wl,-soname,{soname}",
        "-Wl,-rpath,$ORIGIN/../numpy.libs",
        "-Wl,--no-undefined",
        "-s",
    ]
    subprocess.run(cmd, check=True)


def probe(python: str, cv2_package: Path, opencv_libs: Path) -> dict[str, bool]:
    """Run blas_shim/probe.py on a copy of ``cv2`` next to ``opencv_libs``."""
    with tempfile.TemporaryDirectory(prefix="homebody-blas-") as tmp:
        site = Path(tmp)
        shutil.copytree(cv2_package, site / "cv2", symlinks=True)
        shutil.copytree(opencv_libs, site / OPENCV_LIBS, symlinks=True)
        env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"}
        done = subprocess.run(
            [python, str(PROBE)], capture_output=True, text=True, env=env, cwd=site
        )
    if done.returncode != 0:
        raise RuntimeError(f"probe failed: {done.stderr.strip()[-800:]}")
    results: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


def installed_cv2(python: str) -> Path:
    code = "import cv2, pathlib; print(pathlib.Path(cv2.__file__).parent)"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def opencv_libs(bundle: Path) -> tuple[Path, Path]:
    """The bundle's ``_internal`` folder and OpenCV's library folder in it (Linux only).

    Raises Skipped when a Linux OpenCV step does not apply to this bundle."""
    if not sys.platform.startswith("linux"):
        raise Skipped("Linux only")
    inner = bundle / "_internal"
    libs = inner / OPENCV_LIBS
    if not libs.is_dir():
        raise Skipped(f"no {OPENCV_LIBS} in the bundle")
    return inner, libs


def replace_opencv_openblas(bundle: Path, python: str = sys.executable) -> int:
    """Swap the bundle's OpenCV OpenBLAS for the shim; return the bytes saved.

    Raises Skipped when the step does not apply, RuntimeError when the shim fails its check
    (the bundle is unchanged in both cases)."""
    inner, libs = opencv_libs(bundle)
    openblas = _one(libs, "libopenblas*.so*")
    numpy_blas = _one(inner / "numpy.libs", "libscipy_openblas64_*.so*")
    cv2_lib = _one(inner / "cv2", "cv2*.so")
    wanted = _dynamic_symbols(cv2_lib, defined=False) & _dynamic_symbols(openblas, defined=True)
    cv2_package = installed_cv2(python)
    with tempfile.TemporaryDirectory(prefix="homebody-shim-") as tmp:
        shim = Path(tmp) / openblas.name
        compile_shim(shim, openblas.name, numpy_blas)
        missing = wanted - _dynamic_symbols(shim, defined=True)
        if missing:
            raise Skipped(f"cv2 needs routines the shim lacks: {', '.join(sorted(missing))}")
        staged = Path(tmp) / "libs"
        shutil.copytree(cv2_package.parent / OPENCV_LIBS, staged, symlinks=True)
        shutil.copy2(shim, staged / openblas.name)
        results = probe(python, cv2_package, staged)
        failed = [name for name, ok in results.items() if not ok]
        if failed or not results:
            raise RuntimeError(f"OpenCV gave wrong answers through the shim: {failed}")
        before = size_of(libs)
        shutil.copy2(shim, openblas)
    remove_orphans(inner, libs)
    return before - size_of(libs)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and not p.is_symlink())


def remove_orphans(inner: Path, libs: Path) -> list[Path]:
    """Delete libraries in ``libs`` (OpenBLAS's Fortran runtime) that nothing links to now."""
    removed: list[Path] = []
    while True:  # libquadmath is linked by libgfortran: it goes in the second round
        linked: set[str] = set()
        for path in inner.rglob("*.so*"):
            if path.is_file() and not path.is_symlink():
                linked.update(elf_deps.needed(path))
        orphans = [
            path
            for path in sorted(libs.iterdir())
            if path.name.startswith(("libgfortran", "libquadmath")) and path.name not in linked
        ]
        if not orphans:
            return removed
        for path in orphans:
            path.unlink()
        removed += orphans


def main(argv: list[str] | None = None) -> int:
    return step_main(argv, __doc__.splitlines()[0], "opencv-blas", replace_opencv_openblas)


if __name__ == "__main__":
    sys.exit(main())
