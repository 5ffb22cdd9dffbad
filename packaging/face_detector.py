"""Replace the dlib wheel in a Linux build with dlib's HOG face detector compiled alone.

    python packaging/face_detector.py dist/homebody [--python build/venv/bin/python]

Homebody uses one function of dlib -- the HOG frontal-face detector that blurs faces in the
object memory's thumbnails -- but the ``dlib-bin`` wheel's ``_dlib_pybind11`` module carries
all of dlib's Python bindings (11 MB). ``facehog/facehog.cpp`` compiles that detector, and
nothing else, from dlib's own source (the ``dlib`` sdist of the same version from PyPI, Boost
Software License) into ``libfacehog.so`` (0.4 MB), which pipelines/vision/facehog.py loads when
``import dlib`` fails.

The step checks itself: ``facehog/probe.py`` runs the build environment's dlib and the compiled
library side by side on the ../shared photos (each also mirrored and cut, with and without
upsampling) and the boxes must be identical, with at least one face found. Only then is
``_dlib_pybind11`` removed from the bundle and ``facehog/libfacehog.so`` added. No compiler,
no dlib source (offline, first build), no photos: skipped, and the bundle keeps the wheel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from build_step import Skipped, run_probe, step_main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = HERE / "facehog" / "facehog.cpp"
PROBE = HERE / "facehog" / "probe.py"
SDIST_DIR = ROOT / "build" / "dlib-src"
LIBRARY = "facehog/libfacehog.so"  # pipelines/vision/facehog.py LIBRARY
DLIB_SOURCES = (
    "dlib/base64/base64_kernel_1.cpp",
    "dlib/entropy_decoder/entropy_decoder_kernel_2.cpp",
    "dlib/entropy_encoder/entropy_encoder_kernel_2.cpp",
)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


def dlib_version(python: str) -> str:
    """The dlib release the build environment's ``dlib-bin`` wheel was built from."""
    code = "import importlib.metadata as m; print(m.version('dlib-bin'))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Skipped("the build environment has no dlib-bin")
    return re.sub(r"\.post\d+$", "", done.stdout.strip())


def dlib_source(python: str, version: str, work: Path) -> Path:
    """dlib's source tree of ``version``, from the sdist kept in build/dlib-src."""
    sdist = SDIST_DIR / f"dlib-{version}.tar.gz"
    if not sdist.is_file():
        # pip reads the sdist's metadata with setup.py bdist_wheel: it needs ``wheel`` (small;
        # nothing imports it) rather than an isolated build environment with CMake.
        pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "wheel"]
        subprocess.run(pip, capture_output=True, check=False)
        cmd = [python, "-m", "pip", "download", "--disable-pip-version-check", "--quiet"]
        cmd += ["--no-deps", "--no-binary", ":all:", "--no-build-isolation", "-d", str(SDIST_DIR)]
        done = subprocess.run([*cmd, f"dlib=={version}"], capture_output=True, text=True)
        if done.returncode != 0 or not sdist.is_file():
            raise Skipped(f"could not download dlib {version}'s source: {done.stderr[-300:]}")
    with tarfile.open(sdist) as tar:
        tar.extractall(work, filter="data")
    tree = work / f"dlib-{version}"
    if not (tree / "dlib" / "image_processing" / "frontal_face_detector.h").is_file():
        raise Skipped(f"{sdist.name} has no frontal_face_detector.h")
    return tree


def compile_library(tree: Path, out: Path) -> None:
    cxx = shutil.which("c++") or shutil.which("g++")
    if cxx is None:
        raise Skipped("no C++ compiler (c++)")
    cmd = [cxx, "-O2", "-std=c++14", "-fPIC", "-shared", "-DDLIB_NO_GUI_SUPPORT", "-DNDEBUG"]
    cmd += ["-DDLIB_DISABLE_ASSERTS", "-I", str(tree), "-o", str(out), str(SOURCE)]
    cmd += [str(tree / source) for source in DLIB_SOURCES]
    cmd += ["-Wl,--no-undefined", "-s", "-lpthread"]
    subprocess.run(cmd, check=True)


def photos() -> list[Path]:
    """The ../shared photos (HOMEBODY_SHARED or the folder next to the project)."""
    shared = Path(os.environ.get("HOMEBODY_SHARED") or ROOT.parent / "shared")
    folder = shared / "data" / "photos"
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES)


def compare(python: str, library: Path, images: list[Path]) -> dict[str, object]:
    return run_probe([python, str(PROBE), str(library), *map(str, images)], "facehog probe")


def replace_dlib(bundle: Path, python: str = sys.executable) -> int:
    """Swap the bundle's dlib module for the compiled detector; return the bytes saved.

    Raises Skipped when the step does not apply, RuntimeError when the compiled detector does
    not find the wheel's boxes (the bundle is unchanged in both cases)."""
    if not sys.platform.startswith("linux"):
        raise Skipped("Linux only")
    inner = bundle / "_internal"
    modules = sorted(inner.glob("_dlib_pybind11*.so"))
    if len(modules) != 1:
        raise Skipped(f"expected one _dlib_pybind11 module in the bundle, found {len(modules)}")
    images = photos()
    if not images:
        raise Skipped("no ../shared photos to check the compiled detector on")
    with tempfile.TemporaryDirectory(prefix="homebody-facehog-") as tmp:
        work = Path(tmp)
        tree = dlib_source(python, dlib_version(python), work)
        library = work / "libfacehog.so"
        compile_library(tree, library)
        result = compare(python, library, images)
        if result.get("identical") is not True or not result.get("faces"):
            raise RuntimeError(f"the compiled face detector differs from dlib's: {result}")
        print(
            f"face-detector: identical to dlib on {result['images']} images "
            f"({result['faces']} faces)"
        )
        target = inner / LIBRARY
        target.parent.mkdir(exist_ok=True)
        shutil.copy2(library, target)
    saved = modules[0].stat().st_size - target.stat().st_size
    modules[0].unlink()
    return saved


def main(argv: list[str] | None = None) -> int:
    return step_main(argv, __doc__.splitlines()[0], "face-detector", replace_dlib)


if __name__ == "__main__":
    sys.exit(main())
