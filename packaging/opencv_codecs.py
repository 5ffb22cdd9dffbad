"""Replace OpenCV's AV1 and VP8/VP9 codec libraries in a Linux build with failing stand-ins.

    python packaging/opencv_codecs.py dist/homebody [--python build/venv/bin/python]

The opencv-python wheels carry libaom (AV1, 7.9 MB; linked only by libavif for AVIF still
images) and libvpx (VP8/VP9, 3.5 MB; linked only by FFmpeg for its libvpx encoders).
Homebody reads JPEG/PNG/WebP/BMP/TIFF photos and camera streams and writes JPEG thumbnails: it
never encodes video and never reads AVIF, and FFmpeg decodes VP8/VP9 with its own decoders and
AV1 with dav1d, which stay. ``codec_stub/codec_stub.c`` exports every function the bundle
imports from each library, each reporting failure (an error code or NULL), so an attempt to
use one of these codecs fails cleanly. What is replaced is listed in
``bundle_data.CODEC_STAND_INS``.

The step is all-or-nothing and checks itself:

1. every symbol any library of the bundle imports from a replaced library must be exported by
   its stand-in (a newer wheel that needs more keeps its libraries);
2. ``codec_stub/probe.py make`` writes a VP9 video and an AVIF image with the wheel's own
   libraries; ``probe.py check`` then runs on a copy of the build environment's cv2 with the
   stand-ins in place: still images in five formats, video written and read through FFmpeg's
   own Motion JPEG and MPEG-4 codecs, and the VP9 video decoded by FFmpeg's native decoder must
   all work; AVIF and VP9 encoding must fail without crashing;
3. only then are the bundle's libraries replaced.

Anything missing (not Linux, no compiler, no ``nm``, a different wheel layout) skips the step
with a message; the bundle stays correct, only bigger.
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bundle_data
import elf_deps
from build_step import Skipped, run_probe, step_main
from opencv_blas import OPENCV_LIBS, _dynamic_symbols, installed_cv2, opencv_libs, size_of

HERE = Path(__file__).resolve().parent
STUB_SOURCE = HERE / "codec_stub" / "codec_stub.c"
PROBE = HERE / "codec_stub" / "probe.py"


def compile_stand_in(out: Path, soname: str, define: str) -> None:
    """Build the stand-in for one library as ``out``, under that library's soname."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise Skipped("no C compiler (cc)")
    cmd = [cc, "-O2", "-fPIC", "-shared", f"-D{define}", "-o", str(out), str(STUB_SOURCE)]
    cmd += [f"-Wl,-soname,{soname}", "-Wl,--no-undefined", "-s"]
    subprocess.run(cmd, check=True)


def targets(inner: Path) -> dict[Path, str]:
    """The bundle's libraries named in CODEC_STAND_INS, with their stand-in's define."""
    found: dict[Path, str] = {}
    for pattern, define in bundle_data.CODEC_STAND_INS.items():
        matches = sorted(
            path
            for path in inner.glob(pattern)
            if path.is_file() and not path.is_symlink() and fnmatch.fnmatchcase(path.name, "*.so*")
        )
        if len(matches) != 1:
            raise Skipped(f"expected one {pattern} in the bundle, found {len(matches)}")
        found[matches[0]] = define
    return found


def imported_from(inner: Path, library: Path) -> set[str]:
    """Symbols that the bundle's libraries linking ``library`` import and it defines."""
    wanted: set[str] = set()
    for path in inner.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and library.name in elf_deps.needed(path):
            wanted |= _dynamic_symbols(path, defined=False)
    return wanted & _dynamic_symbols(library, defined=True)


def probe(python: str, site: Path, action: str, samples: Path) -> dict[str, object]:
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "OPENCV_LOG_LEVEL": "ERROR"}
    executable = str(Path(python).resolve()) if "/" in python else python  # runs in ``site``
    command = [executable, str(PROBE), action, str(samples)]
    return run_probe(command, f"probe {action}", env=env, cwd=site)


def failed_checks(results: dict[str, object]) -> list[str]:
    """Names of the ``check`` results that must hold but do not ("info" is informational)."""
    return [name for name, ok in results.items() if name != "info" and ok is not True]


def replace_codecs(bundle: Path, python: str = sys.executable) -> int:
    """Swap the bundle's libaom and libvpx for stand-ins; return the bytes saved.

    Raises Skipped when the step does not apply, RuntimeError when OpenCV fails its check with
    the stand-ins (the bundle is unchanged in both cases)."""
    inner, libs = opencv_libs(bundle)
    found = targets(inner)
    cv2_package = installed_cv2(python)
    with tempfile.TemporaryDirectory(prefix="homebody-codecs-") as tmp:
        work = Path(tmp)
        site = work / "site"
        shutil.copytree(cv2_package, site / "cv2", symlinks=True)
        shutil.copytree(cv2_package.parent / OPENCV_LIBS, site / OPENCV_LIBS, symlinks=True)
        made = probe(python, site, "make", work / "samples")
        stand_ins: dict[Path, Path] = {}
        for library, define in found.items():
            stand_in = work / library.name
            compile_stand_in(stand_in, library.name, define)
            missing = imported_from(inner, library) - _dynamic_symbols(stand_in, defined=True)
            if missing:
                raise Skipped(f"{library.name}: the stand-in lacks {', '.join(sorted(missing))}")
            if not (site / OPENCV_LIBS / library.name).is_file():
                raise Skipped(f"the build environment's cv2 has no {library.name}")
            shutil.copy2(stand_in, site / OPENCV_LIBS / library.name)
            stand_ins[library] = stand_in
        results = probe(python, site, "check", work / "samples")
        failed = failed_checks(results)
        if failed or not made.get("vp9 sample"):
            raise RuntimeError(f"OpenCV's image/video I/O broke with the stand-ins: {failed}")
        print(f"opencv-codecs: with the stand-ins: {json.dumps(results.get('info'))}")
        before = size_of(libs)
        for library, stand_in in stand_ins.items():
            shutil.copy2(stand_in, library)
    return before - size_of(libs)


def main(argv: list[str] | None = None) -> int:
    return step_main(argv, __doc__.splitlines()[0], "opencv-codecs", replace_codecs)


if __name__ == "__main__":
    sys.exit(main())
